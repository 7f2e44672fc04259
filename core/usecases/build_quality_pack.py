"""The quality-meeting pack's figures for a period, from every complaint received in it,
the periods before it (trends) and the year before (repeated complaints): counted by the
database, no complaint loaded whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from core.domain.authorisation import Permission
from core.domain.journal import Actor
from core.domain.periods import Period
from core.reports.quality import PackFigures, PackScope, figures_from_counts
from core.usecases.common import Deps, check


async def build_quality_pack(
    deps: Deps, actor: Actor, period: Period, language: str = "fr"
) -> PackFigures:
    check(actor, Permission.BUILD_REPORT)
    scope = PackScope.of(period, deps.calendar)
    async with deps.uow() as uow:
        counts = await uow.pack.counts(scope, deps.calendar)
        since = datetime.combine(period.start, time(0), tzinfo=deps.calendar.zone)
        until = deps.calendar.due_at(period.end)  # the first instant after the period
        days = deps.profile.deadlines.effectiveness_review_days
        checks = await uow.actions.effectiveness(since, until, days)
    figures = figures_from_counts(scope, counts, deps.profile, language)
    return replace(
        figures,
        actions_checked=checks.checked,
        actions_effective_pct=checks.effective_pct,
        checks_late=checks.checks_late,
    )
