"""A manager (or the administrator, from the command line) adds a staff member."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import require_text
from core.domain.enums import Role
from core.domain.errors import N_
from core.domain.journal import Actor, EventKind, JournalEvent
from core.domain.people import ChatAccount, StaffMember
from core.usecases.common import Deps, check, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class AddStaffMember:
    chat: ChatAccount
    name: str
    role: Role


async def add_staff_member(deps: Deps, actor: Actor, command: AddStaffMember) -> StaffMember:
    name = require_text(command.name, N_("name"), 120)
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> StaffMember:
        check(actor, Permission.MANAGE_STAFF)
        member = await uow.staff.by_chat(command.chat)
        if member is None:
            member = StaffMember(command.chat, name, command.role)
            await uow.staff.add(member)
        else:
            member.name, member.role, member.active = name, command.role, True
            await uow.staff.save(member)
        payload = {"staff_id": member.id, "name": name, "role": command.role.value}
        await uow.journal.append(JournalEvent(EventKind.STAFF_ADDED, now, actor, payload))
        return member

    return await run(deps, work)
