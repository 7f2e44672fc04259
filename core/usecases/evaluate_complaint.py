"""Staff evaluate severity, complexity and impact; this sets priority and answer date."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.enums import Status
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import Evaluated
from core.domain.journal import Actor
from core.domain.profile import COMPLEXITY_TOP, IMPACT_TOP, SEVERITY_TOP
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork

REEVALUABLE = frozenset({Status.EVALUATED, Status.IN_PROGRESS})


@dataclass(frozen=True)
class EvaluateComplaint:
    reference: str
    severity: int
    complexity: int
    impact: int
    safety: bool = False


def _validate(command: EvaluateComplaint) -> None:
    for what, value, top in (
        (N_("severity"), command.severity, SEVERITY_TOP),
        (N_("complexity"), command.complexity, COMPLEXITY_TOP),
        (N_("impact"), command.impact, IMPACT_TOP),
    ):
        if not 1 <= value <= top:
            raise InvalidInput(
                N_("The {what} must be between 1 and {top}."), what=what, top=top, value=value
            )


async def evaluate_complaint(deps: Deps, actor: Actor, command: EvaluateComplaint) -> Complaint:
    _validate(command)
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.EVALUATE, command.reference)
        if complaint.status not in REEVALUABLE:
            complaint.require_move(Status.EVALUATED, has_evaluation=True)
        rules, deadlines = deps.profile.priority_rules, deps.profile.deadlines
        priority = rules.priority(
            command.severity, command.complexity, command.impact, command.safety
        )
        ack = complaint.acknowledgement
        start = now if complaint.reopen_count or ack is None else ack.at
        answer_by = deps.calendar.due_date(start, deadlines.answer_days[priority])
        data = Evaluated(
            command.severity,
            command.complexity,
            command.impact,
            command.safety,
            priority,
            answer_by,
        )
        complaint.record(data, actor, now, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
