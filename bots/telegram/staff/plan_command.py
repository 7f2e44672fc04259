"""/plan: the improvement plan — the open actions, late ones first, and the checks of
effectiveness to come; ``/plan csv|xlsx|pdf [period]`` sends it as a file. In the shared
staff group it never holds a confidential complaint's action."""

from __future__ import annotations

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.view import Outcome
from bots.telegram.markup import NEWLINE, Html, HtmlTranslator, h
from bots.telegram.staff.report_commands import FORMATS, keep_and_send
from core.domain.errors import N_, InvalidInput
from core.domain.improvement import PlanEntry, PlanStatus
from core.domain.journal import Actor
from core.domain.periods import Period, parse_period
from core.i18n import Translator
from core.reports.formats import ExportFormat
from core.reports.plan_file import origin, plan_file
from core.usecases.build_improvement_plan import (
    BuildImprovementPlan,
    ImprovementPlan,
    build_improvement_plan,
)
from core.usecases.common import Deps

MAX_LINES = 25
MARK = {
    PlanStatus.OVERDUE: "🔴",
    PlanStatus.REVIEW_OVERDUE: "🟠",
    PlanStatus.OPEN: "🟢",
    PlanStatus.TO_REVIEW: "🔎",
}
SHOWN = frozenset(MARK)  # the checked actions are in the file, not in the chat


def _request(args: str) -> tuple[ExportFormat | None, Period | None]:
    fmt, period = None, None
    for word in args.lower().split():
        if word in FORMATS:
            fmt = ExportFormat(word)
        elif word[:1].isdigit():
            period = parse_period(word)
        else:
            raise InvalidInput(
                N_("Use /plan, or /plan csv|xlsx|pdf [period], for example /plan pdf 2026.")
            )
    return fmt, period


def _line(tr: HtmlTranslator, plan: ImprovementPlan, e: PlanEntry) -> Html:
    status = e.status(plan.today)
    plain = Translator(tr.language, tr.zone.key)
    when = (
        tr.gettext("check on {date}", date=tr.date(e.review_due, "short"))
        if e.review_due and status in (PlanStatus.TO_REVIEW, PlanStatus.REVIEW_OVERDUE)
        else tr.gettext("due {date}", date=tr.date(e.due_on, "short"))
    )
    return Html("{} {} · {} — {} — {}, {}").format(
        MARK[status],
        origin(plain, e),
        e.ref.number,
        h(e.description[:80]),
        h(plan.owners.get(e.owner_id, "?")),
        when,
    )


async def plan_command(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome
) -> Outcome:
    fmt, period = _request(event.args)
    command = BuildImprovementPlan(period, shared=not event.is_private)
    if fmt is not None:
        file = await plan_file(deps, actor, command, fmt, tr.language)
        caption = tr.gettext("Improvement plan {period}", period=period.label if period else "")
        o.replies.add(await keep_and_send(deps, event, file, caption))
        return o
    plan = await build_improvement_plan(deps, actor, command)
    shown = [e for e in plan.entries if e.status(plan.today) in SHOWN]
    if not shown:
        return o.say(event, tr.gettext("No action is open or awaiting its check."))
    from core.reports.plan_exports import summary

    lines = [_line(tr, plan, e) for e in shown[:MAX_LINES]]
    title = tr.gettext("<b>Improvement plan</b>, late first")
    plain = Translator(tr.language, deps.profile.timezone)
    footer = [
        h(summary(plain, plan)),
        tr.gettext("The whole plan as a file: /plan pdf (or csv, xlsx)."),
    ]
    return o.say(event, NEWLINE.join([title, *lines, *footer]))
