"""Staff plan a corrective or improvement action, with an owner and a due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, require_text
from core.domain.enums import ActionKind, Role, Status
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import ActionPlanned
from core.domain.journal import Actor
from core.domain.values import Action
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class PlanAction:
    reference: str
    kind: ActionKind
    description: str
    owner_id: int
    due_on: date
    share_with_client: bool = False


async def plan_action(deps: Deps, actor: Actor, command: PlanAction) -> Complaint:
    description = require_text(command.description, N_("action"), 1000)
    now = deps.clock.now()
    if command.due_on < deps.calendar.local_date(now):
        raise InvalidInput(N_("The due date cannot be in the past."))

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.PLAN_ACTION, command.reference)
        if complaint.status is not Status.ANSWERED:
            complaint.require_open(N_("plan an action"))
        complaint.require_evaluated()
        owner = await uow.staff.get(command.owner_id)
        if owner is None or not owner.active:
            raise InvalidInput(N_("Unknown staff member."))
        if complaint.confidential and owner.role is not Role.MANAGER:
            raise InvalidInput(N_("Only a manager may own an action on a confidential complaint."))
        action = Action(
            number=len(complaint.actions) + 1,
            kind=command.kind,
            description=description,
            owner_id=command.owner_id,
            due_on=command.due_on,
            planned_at=now,
            shared_with_client=command.share_with_client,
        )
        visible = command.share_with_client
        complaint.record(ActionPlanned.of(action), actor, now, visible)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
