"""A manager (or the administrator, from the command line) invites someone to join the
staff with a role and a name: the channel turns the invitation's secret into a personal
link, which registers whoever opens it first, once, before it expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.domain.authorisation import Permission
from core.domain.complaint import require_text
from core.domain.enums import Role
from core.domain.errors import N_
from core.domain.event_data import StaffInvited, journal_event
from core.domain.journal import Actor
from core.domain.link_tokens import digest, new_token
from core.usecases.common import Deps, check, run
from core.usecases.ports import StaffInvitation, UnitOfWork


@dataclass(frozen=True)
class InviteStaffMember:
    name: str
    role: Role


@dataclass(frozen=True)
class Invitation:
    """The invitation as its author receives it: the secret is shown this once."""

    token: str
    name: str
    role: Role
    expires_at: datetime


async def invite_staff_member(deps: Deps, actor: Actor, command: InviteStaffMember) -> Invitation:
    name = require_text(command.name, N_("name"), 120)
    now = deps.clock.now()
    expires = now + timedelta(days=deps.profile.deadlines.invitation_days)
    token = new_token()

    async def work(uow: UnitOfWork) -> Invitation:
        check(actor, Permission.MANAGE_STAFF)
        invitation = StaffInvitation(digest(token), name, command.role, now, expires)
        await uow.staff_invitations.add(invitation)
        await uow.journal.append(
            journal_event(StaffInvited(name, command.role, expires), now, actor)
        )
        return Invitation(token, name, command.role, expires)

    return await run(deps, work)
