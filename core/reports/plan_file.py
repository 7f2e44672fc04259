"""The improvement plan as rows and as a named file (CSV, XLSX or PDF)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from core import wording
from core.domain.improvement import Origin, PlanEntry
from core.domain.journal import Actor
from core.i18n import Translator
from core.reports.formats import ExportFormat, SheetHeading
from core.reports.register_file import ReportFile
from core.usecases.build_improvement_plan import (
    BuildImprovementPlan,
    ImprovementPlan,
    build_improvement_plan,
)
from core.usecases.common import Deps


def plan_titles(tr: Translator) -> list[str]:
    return [
        tr.gettext("Origin"),
        tr.gettext("No."),
        tr.gettext("Kind"),
        tr.gettext("Action"),
        tr.gettext("Owner"),
        tr.gettext("Due on"),
        tr.gettext("Status"),
        tr.gettext("Done on"),
        tr.gettext("Result"),
        tr.gettext("Effectiveness check on"),
        tr.gettext("Effective"),
        tr.gettext("Check note"),
        tr.gettext("Follows action"),
        tr.gettext("Complaints since (same category or person)"),
    ]


def origin(tr: Translator, entry: PlanEntry) -> str:
    if entry.ref.origin is Origin.COMPLAINT:
        return tr.gettext("Complaint {reference}", reference=entry.ref.source)
    return tr.gettext("Quality meeting of {date}", date=tr.date(entry.source_date, "short"))


def plan_row(tr: Translator, plan: ImprovementPlan, e: PlanEntry) -> list[object]:
    local = tr.zone
    checked = e.review.at.astimezone(local).date() if e.review else e.review_due
    return [
        origin(tr, e),
        e.ref.number,
        tr.gettext(wording.ACTION_KIND[e.kind]),
        e.description,
        plan.owners.get(e.owner_id, "?"),
        e.due_on,
        tr.gettext(wording.PLAN_STATUS[e.status(plan.today)]),
        e.done_at.astimezone(local).date() if e.done_at else None,
        e.result,
        checked,
        wording.yes_no(tr, e.review.effective) if e.review else "",
        e.review.note if e.review else "",
        e.follow_up_of or "",
        ", ".join(e.recurrences),
    ]


async def _batches(tr: Translator, plan: ImprovementPlan) -> AsyncIterator[list[list[object]]]:
    yield [plan_row(tr, plan, e) for e in plan.entries]


async def plan_file(  # noqa: PLR0913  (the plan's file: who, which, how, in what language)
    deps: Deps, actor: Actor, command: BuildImprovementPlan, fmt: ExportFormat, language: str
) -> ReportFile:
    tr = Translator(language, deps.profile.timezone)
    plan = await build_improvement_plan(deps, actor, command)
    period = command.period
    heading = SheetHeading(
        deps.profile.name,
        tr.gettext("Improvement plan"),
        wording.period(tr, period) if period else tr.gettext("All actions"),
        wording.exported_on(tr, deps.clock.now()),
        tr.gettext("Plan"),
    )
    from core.reports import plan_exports  # the writers: only when asked

    rows = _batches(tr, plan)
    if fmt is ExportFormat.CSV:
        from core.reports.exports import to_csv

        content = await to_csv(plan_titles(tr), rows, tr)
    elif fmt is ExportFormat.XLSX:
        content = await plan_exports.to_xlsx(plan_titles(tr), rows, heading)
    else:
        content = plan_exports.to_pdf(tr, plan, heading, [r async for b in rows for r in b])
    stem = tr.gettext("improvement-plan")
    suffix = period.label if period else tr.gettext("all")
    return ReportFile(f"{stem}-{suffix}.{fmt.value}".replace("..", "_"), fmt.media_type, content)
