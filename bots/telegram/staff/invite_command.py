"""/invite ROLE First Last (/inviter): a manager invites a colleague without knowing their
Telegram id; the bot answers with the colleague's personal link, to send them."""

from __future__ import annotations

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.view import Outcome
from bots.telegram.links import TelegramLinks
from bots.telegram.markup import HtmlTranslator, h
from core import wording
from core.domain.authorisation import Permission
from core.domain.enums import Role
from core.domain.errors import N_, InvalidInput
from core.domain.journal import Actor
from core.usecases.common import Deps, check
from core.usecases.invite_staff_member import InviteStaffMember, invite_staff_member

#: the role words a manager may type, in English and in French
ROLE_WORDS = {
    "manager": Role.MANAGER,
    "responsable": Role.MANAGER,
    "agent": Role.AGENT,
    "instructor": Role.INSTRUCTOR,
    "moniteur": Role.INSTRUCTOR,
    "monitrice": Role.INSTRUCTOR,
}
USAGE = N_(
    "Use /invite ROLE First Last, for example /invite agent Sami Benali (roles: manager, "
    "agent, instructor)."
)


def role_and_name(args: str) -> tuple[Role, str]:
    """``agent Sami Benali`` → (agent, "Sami Benali"); else the usage, politely."""
    words = args.split()
    role = ROLE_WORDS.get(words[0].lower()) if words else None
    if role is None or len(words) < 2:
        raise InvalidInput(USAGE)
    return role, " ".join(words[1:])


async def invite_command(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome
) -> Outcome:
    check(actor, Permission.MANAGE_STAFF)  # anyone else learns nothing, not even the usage
    role, name = role_and_name(event.args)
    invitation = await invite_staff_member(deps, actor, InviteStaffMember(name, role))
    links = deps.links
    url = links.invitation(invitation.token) if isinstance(links, TelegramLinks) else None
    text = tr.gettext(
        "Invitation for {name} ({role}). Send them this personal link: whoever opens it "
        "first joins the staff, once, until {date}.\n{url}",
        name=h(invitation.name),
        role=wording.role(tr, invitation.role),
        date=tr.date(deps.calendar.local_date(invitation.expires_at)),
        url=h(url or ""),
    )
    return o.say(event, text)
