"""The quality-meeting pack's figures for a period, from every complaint received in it,
the periods before it (trends) and the year before (repeated complaints)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from core.domain.authorisation import Permission
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter, Period
from core.reports.quality import (
    REPEAT_WINDOW_DAYS,
    TREND_PERIODS,
    PackFigures,
    PackInputs,
    quality_figures,
)
from core.usecases.common import Deps, check


async def build_quality_pack(
    deps: Deps, actor: Actor, period: Period, language: str = "fr"
) -> PackFigures:
    check(actor, Permission.BUILD_REPORT)
    first = period
    for _ in range(TREND_PERIODS - 1):
        first = first.previous()
    start = min(first.start, period.end - timedelta(days=REPEAT_WINDOW_DAYS))
    wanted = ComplaintFilter(received=Period(start, period.end))
    async with deps.uow() as uow:
        complaints = [
            c
            async for batch in uow.complaints.matching(wanted, deps.profile.timezone)
            for c in batch
        ]
        clients = await uow.clients.names(sorted({c.client_id for c in complaints}))
        staff = {m.id: m.name for m in await uow.staff.list(active_only=False) if m.id}
        since = datetime.combine(period.start, time(0), tzinfo=deps.calendar.zone)
        until = deps.calendar.due_at(period.end)  # the first instant after the period
        days = deps.profile.deadlines.effectiveness_review_days
        checks = await uow.actions.effectiveness(since, until, days)
    inputs = PackInputs(period, complaints, clients, staff, deps.profile, deps.calendar, language)
    figures = quality_figures(inputs)
    return replace(
        figures,
        actions_checked=checks.checked,
        actions_effective_pct=checks.effective_pct,
        checks_late=checks.checks_late,
    )
