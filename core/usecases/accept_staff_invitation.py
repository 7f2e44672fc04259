"""Someone opens a staff invitation's personal link in a chat (the chat channel resolves
their account) and confirms: they join the staff directory with the invitation's name and
role. An invitation serves once; an unknown, used or expired one changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.domain.errors import N_, NotFound
from core.domain.event_data import StaffAdded, journal_event
from core.domain.journal import Actor
from core.domain.link_tokens import digest, parse_token
from core.domain.people import ChatAccount, StaffMember
from core.usecases.common import Deps, run
from core.usecases.ports import StaffInvitation, UnitOfWork

INVALID = N_(
    "This invitation link is not valid (already used, expired or incomplete). Please ask "
    "a manager of the school for a new one."
)


async def valid_invitation(uow: UnitOfWork, raw_token: str, now: datetime) -> StaffInvitation:
    """The invitation of ``raw_token`` if it may still be accepted; else NotFound."""
    token = parse_token(raw_token)
    found = await uow.staff_invitations.find(digest(token)) if token else None
    if found is None or found.used_at is not None or now >= found.expires_at:
        raise NotFound(INVALID)
    return found


@dataclass(frozen=True)
class AcceptStaffInvitation:
    token: str
    chat: ChatAccount


async def accept_staff_invitation(deps: Deps, command: AcceptStaffInvitation) -> StaffMember:
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> StaffMember:
        invitation = await valid_invitation(uow, command.token, now)
        member = await uow.staff.by_chat(command.chat)
        if member is None:
            member = StaffMember(command.chat, invitation.name, invitation.role)
            await uow.staff.add(member)
        else:
            member.name, member.role, member.active = invitation.name, invitation.role, True
            await uow.staff.save(member)
        assert member.id is not None
        if not await uow.staff_invitations.use(invitation.token_hash, now, member.id):
            raise NotFound(INVALID)  # accepted by someone else a moment ago
        actor = Actor.staff(member.id, member.role, member.name)
        added = StaffAdded(member.id, member.name, member.role)
        await uow.journal.append(journal_event(added, now, actor))
        return member

    return await run(deps, work)
