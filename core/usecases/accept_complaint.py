"""A manager accepts the complaint: argued answer plus at least one compensation."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, require_text
from core.domain.enums import Outcome, Status
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import Accepted
from core.domain.journal import Actor
from core.domain.values import Compensation
from core.usecases.common import Deps, load, run
from core.usecases.decision_letter import attach_decision_letter
from core.usecases.ports import UnitOfWork

MAX_AMOUNT_CENTS = 1_000_000


@dataclass(frozen=True)
class AcceptComplaint:
    reference: str
    reasons: str
    compensations: tuple[Compensation, ...]


def validate_compensation(c: Compensation) -> None:
    if c.kind.needs_amount and not 0 < c.amount_cents <= MAX_AMOUNT_CENTS:
        raise InvalidInput(N_("A credit note or a refund needs an amount."))
    if c.amount_cents < 0 or c.quantity < 0:
        raise InvalidInput(N_("Amounts and counts cannot be negative."))
    if c.kind.value == "extra_lesson" and c.quantity < 1:
        raise InvalidInput(N_("Say how many extra lessons are offered."))
    if c.kind.value == "other" and not c.description.strip():
        raise InvalidInput(N_("Describe the compensation offered."))


async def accept_complaint(deps: Deps, actor: Actor, command: AcceptComplaint) -> Complaint:
    reasons = require_text(command.reasons, N_("reasons"))
    for compensation in command.compensations:
        validate_compensation(compensation)
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.DECIDE, command.reference)
        complaint.require_move(
            Status.ANSWERED,
            outcome=Outcome.ACCEPTED,
            has_reasons=True,
            compensation_count=len(command.compensations),
        )
        complaint.require_evaluated()
        accepted = Accepted(reasons, tuple(command.compensations))
        accepted = await attach_decision_letter(deps, uow, complaint, accepted)
        complaint.record(accepted, actor, now, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
