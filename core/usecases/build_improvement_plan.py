"""The improvement plan, for what the actor may see: every action from the complaints and
from the quality meetings, with its effectiveness check and the recurrences it did not
prevent. A manager's plan holds the confidential complaints' actions; a plan posted to
the shared staff group never does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.domain.authorisation import Permission, can
from core.domain.complaint import Complaint
from core.domain.improvement import (
    PlanEntry,
    PlanRules,
    PlanStatus,
    complaint_entries,
    meeting_entries,
    ordered,
    recurrences_of,
)
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter, Period
from core.usecases.common import Deps, check


@dataclass(frozen=True)
class BuildImprovementPlan:
    period: Period | None = None  # the actions alive in it: planned by its end, not checked before
    shared: bool = False  # the plan goes where everyone in the staff group reads it


@dataclass(frozen=True)
class ImprovementPlan:
    entries: list[PlanEntry]  # overdue first
    owners: dict[int, str]
    today: date
    period: Period | None = None
    counts: dict[PlanStatus, int] = field(default_factory=dict)

    @property
    def reviewed(self) -> int:
        return self.counts.get(PlanStatus.EFFECTIVE, 0) + self.counts.get(
            PlanStatus.NOT_EFFECTIVE, 0
        )

    @property
    def effective_share(self) -> float | None:
        """The share of the checked actions that worked; None when none is checked yet."""
        return self.counts.get(PlanStatus.EFFECTIVE, 0) / self.reviewed if self.reviewed else None


def _alive(entry: PlanEntry, period: Period | None, rules: PlanRules) -> bool:
    if period is None:
        return True
    checked = rules.local_day(entry.review.at) if entry.review else None
    return entry.source_date <= period.end and (checked is None or checked >= period.start)


def _received_in(c: Complaint, period: Period | None, rules: PlanRules) -> bool:
    return period is None or (
        c.received_at is not None and rules.local_day(c.received_at) in period
    )


async def build_improvement_plan(
    deps: Deps, actor: Actor, command: BuildImprovementPlan
) -> ImprovementPlan:
    check(actor, Permission.BUILD_REPORT)
    zone = deps.calendar.zone
    days = deps.profile.deadlines.effectiveness_review_days
    rules = PlanRules(days, lambda at: at.astimezone(zone).date())
    today = deps.calendar.local_date(deps.clock.now())
    with_actions: list[Complaint] = []
    received: list[Complaint] = []
    async with deps.uow() as uow:
        owners = {m.id: m.name for m in await uow.staff.list(active_only=False) if m.id}
        async for batch in uow.complaints.matching(ComplaintFilter(), deps.profile.timezone):
            for c in batch:
                if not can(actor, Permission.VIEW, c) or (command.shared and c.confidential):
                    continue
                if c.actions:
                    with_actions.append(c)
                if _received_in(c, command.period, rules):
                    received.append(c)
        meetings = await uow.meetings.all()
    entries = [
        e for c in with_actions for e in complaint_entries(c, rules, recurrences_of(c, received))
    ]
    entries += [e for m in meetings for e in meeting_entries(m, rules)]
    alive = ordered((e for e in entries if _alive(e, command.period, rules)), today)
    counts: dict[PlanStatus, int] = {}
    for entry in alive:
        counts[entry.status(today)] = counts.get(entry.status(today), 0) + 1
    return ImprovementPlan(alive, owners, today, command.period, counts)
