"""A staff invitation as the command line prints it: the link, whom it is for, until when."""

from __future__ import annotations

from bots.telegram.links import invitation_url
from core import wording
from core.i18n import Translator
from core.usecases.common import Deps
from core.usecases.invite_staff_member import Invitation


def invitation_lines(
    tr: Translator, deps: Deps, invitation: Invitation, username: str
) -> list[str]:
    until = tr.date(deps.calendar.local_date(invitation.expires_at))
    return [
        tr.gettext(
            "Personal link for {name} ({role}), to open in Telegram; it works once, until {date}:",
            name=invitation.name,
            role=wording.role(tr, invitation.role),
            date=until,
        ),
        invitation_url(username, invitation.token),
    ]
