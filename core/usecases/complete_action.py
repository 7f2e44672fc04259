"""The owner (or a handler) marks an action done, with its result."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, require_text
from core.domain.enums import Role, Status
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import ActionCompleted
from core.domain.journal import Actor
from core.usecases.common import Deps, Refused, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class CompleteAction:
    reference: str
    number: int
    result: str


async def complete_action(deps: Deps, actor: Actor, command: CompleteAction) -> Complaint:
    result = require_text(command.result, N_("result"), 1000)
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.COMPLETE_ACTION, command.reference)
        if complaint.status is not Status.ANSWERED:
            complaint.require_open(N_("complete an action"))
        action = complaint.action(command.number)
        if actor.role is Role.INSTRUCTOR and action.owner_id != actor.id:
            raise Refused(
                actor,
                Permission.COMPLETE_ACTION,
                N_("instructors complete only their own actions"),
                complaint.reference,
            )
        if action.done:
            raise InvalidInput(N_("This action is already done."))
        data = ActionCompleted(action.number, result)
        visible = action.shared_with_client
        complaint.record(data, actor, now, visible)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
