"""A staff member is made responsible for handling the complaint."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.enums import Role
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import HandlerAssigned
from core.domain.journal import Actor
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class AssignHandler:
    reference: str
    staff_id: int


async def assign_handler(deps: Deps, actor: Actor, command: AssignHandler) -> Complaint:
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.ASSIGN_HANDLER, command.reference)
        complaint.require_open(N_("assign a handler"))
        member = await uow.staff.get(command.staff_id)
        if member is None or not member.active:
            raise InvalidInput(N_("Unknown staff member."))
        if complaint.confidential and member.role is not Role.MANAGER:
            raise InvalidInput(N_("Only a manager may handle a confidential complaint."))
        complaint.record(HandlerAssigned(member.id, member.name), actor, now, visible=False)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
