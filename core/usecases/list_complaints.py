"""List complaints: a client's own, or what a staff member may see, most urgent first."""

from __future__ import annotations

from datetime import date

from core.domain.authorisation import Permission, can
from core.domain.complaint import Complaint
from core.domain.enums import OPEN_STATUSES, Status
from core.domain.journal import Actor
from core.usecases.common import Deps, check, run
from core.usecases.ports import UnitOfWork

ALL_STATUSES = frozenset(Status)


def urgency(complaint: Complaint) -> tuple[date, int, str]:
    due = complaint.answer_by or complaint.acknowledge_by or date.max
    priority = complaint.evaluation.priority.value if complaint.evaluation else 9
    return due, priority, complaint.reference


async def list_complaints(
    deps: Deps, actor: Actor, statuses: frozenset[Status] = OPEN_STATUSES
) -> list[Complaint]:

    async def work(uow: UnitOfWork) -> list[Complaint]:
        check(actor, Permission.VIEW)
        if actor.is_client:
            assert actor.id is not None
            found = await uow.complaints.of_client(actor.id)
            return [c for c in found if c.status in statuses]
        found = await uow.complaints.by_status(statuses)
        return sorted((c for c in found if can(actor, Permission.VIEW, c)), key=urgency)

    return await run(deps, work)
