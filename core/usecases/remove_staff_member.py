"""A staff member leaves: deactivated, never deleted, so their history stays readable."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.errors import N_, NotFound
from core.domain.journal import Actor, EventKind, JournalEvent
from core.domain.people import ChatAccount, StaffMember
from core.usecases.common import Deps, check, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class RemoveStaffMember:
    chat: ChatAccount


async def remove_staff_member(deps: Deps, actor: Actor, command: RemoveStaffMember) -> StaffMember:
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> StaffMember:
        check(actor, Permission.MANAGE_STAFF)
        member = await uow.staff.by_chat(command.chat)
        if member is None or not member.active:
            raise NotFound(N_("No active staff member has that chat account."))
        member.active = False
        await uow.staff.save(member)
        payload = {"staff_id": member.id, "name": member.name}
        await uow.journal.append(JournalEvent(EventKind.STAFF_REMOVED, now, actor, payload))
        return member

    return await run(deps, work)
