"""A colleague opens their staff invitation (``/start s-<token>``): told what it offers
(the school, their name and role) and asked to confirm, then registered in the staff
directory. An unknown, used or expired link is answered politely and changes nothing."""

from __future__ import annotations

from bots.telegram.dialogue import effects
from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button
from bots.telegram.dialogue.view import Outcome, View, data
from bots.telegram.identity import account
from bots.telegram.markup import h
from core import wording
from core.domain.link_tokens import parse_token
from core.usecases.accept_staff_invitation import AcceptStaffInvitation, accept_staff_invitation
from core.usecases.common import Deps
from core.usecases.read_staff_invitation import read_staff_invitation

PREFIX = "s-"  # the start parameter of a staff invitation: "s-" and the token
SCOPE = "i"  # the confirmation button's data: "i|yes|<token>"


def token_in(start_argument: str) -> str | None:
    """The invitation's token in a /start argument, if it names one."""
    if not start_argument.startswith(PREFIX):
        return None
    return start_argument.removeprefix(PREFIX)


async def offer(
    deps: Deps, c: Conversation, e: Event, v: View, o: Outcome, effect: effects.ReadInvitation
) -> None:
    c.reset()
    invitation = await read_staff_invitation(deps, effect.token)
    token = parse_token(effect.token) or ""
    rows = (
        (Button(v.tr.gettext("Yes, join the staff"), data(SCOPE, "yes", token)),),
        (Button(v.tr.gettext("No"), data("m", "done")),),
    )
    text = v.tr.gettext(
        "<b>{school}</b> invites you to join its staff on Reclam.\nName: {name}\nRole: "
        "{role}\nDo you accept? Your Telegram account will then be in the staff directory.",
        school=h(v.profile.name),
        role=wording.role(v.tr, invitation.role),
        name=h(invitation.name),
    )
    o.say(e, text, rows)


async def accept(
    deps: Deps, c: Conversation, e: Event, v: View, o: Outcome, effect: effects.AcceptInvitation
) -> None:
    c.reset()
    command = AcceptStaffInvitation(effect.token, account(e.sender.telegram_id))
    member = await accept_staff_invitation(deps, command)
    text = v.tr.gettext(
        "Welcome, {name}: you are in the staff directory (role: {role}). The complaints are "
        "handled in the staff group: ask a manager to add you to it if you are not there "
        "yet.",
        name=h(member.name),
        role=wording.role(v.tr, member.role),
    )
    o.say(e, text)
