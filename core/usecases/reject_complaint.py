"""A manager rejects the complaint: argued answer plus the consumer mediator's details."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, require_text
from core.domain.enums import Outcome, Status
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import Rejected
from core.domain.journal import Actor
from core.usecases.common import Deps, load, run
from core.usecases.decision_letter import attach_decision_letter
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class RejectComplaint:
    reference: str
    reasons: str


async def reject_complaint(deps: Deps, actor: Actor, command: RejectComplaint) -> Complaint:
    reasons = require_text(command.reasons, N_("reasons"))
    mediator = deps.profile.mediator
    if mediator is None:
        raise InvalidInput(
            N_("No consumer mediator is set in the school profile: a rejection must name one.")
        )
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.DECIDE, command.reference)
        complaint.require_move(
            Status.ANSWERED, outcome=Outcome.REJECTED, has_reasons=True, has_mediator_block=True
        )
        complaint.require_evaluated()
        rejected = Rejected(reasons, mediator_block=mediator.block())
        rejected = await attach_decision_letter(deps, uow, complaint, rejected)
        complaint.record(rejected, actor, now, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
