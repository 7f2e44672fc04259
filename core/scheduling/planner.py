"""Plan a complaint's reminders again each time it is saved (a commit listener)."""

from __future__ import annotations

from datetime import datetime

from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar
from core.domain.journal import JournalEvent
from core.domain.profile import SchoolProfile
from core.domain.schedule import Planner
from core.usecases.ports import UnitOfWork


def planner_for(profile: SchoolProfile) -> Planner:
    d = profile.deadlines
    calendar = DeadlineCalendar(profile.timezone, d.mode, d.holiday_subdivision, d.due_soon_days)
    return Planner(d, calendar)


class WorkPlanner:
    def __init__(self, profile: SchoolProfile) -> None:
        self.planner = planner_for(profile)

    async def __call__(
        self,
        uow: UnitOfWork,
        complaint: Complaint,
        events: list[JournalEvent],  # noqa: ARG002  (the listener protocol's signature)
        now: datetime,
    ) -> None:
        if complaint.id is not None:
            planned = self.planner.plan(complaint, now)
            await uow.due_work.replace_pending(complaint.id, planned)
