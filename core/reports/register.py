"""The complaints register (registre des réclamations): one row per complaint, in the
reader's language, ready for CSV, XLSX and PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core import wording
from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar
from core.domain.enums import Outcome
from core.domain.errors import N_
from core.domain.profile import SchoolProfile
from core.i18n import Translator

#: column titles, in order (message ids)
COLUMNS = (
    N_("Reference"),
    N_("Client"),
    N_("Received on"),
    N_("Channel"),
    N_("Subject"),
    N_("Category"),
    N_("Persons concerned"),
    N_("Acknowledged on"),
    N_("Priority"),
    N_("Handler"),
    N_("Actions"),
    N_("Decision"),
    N_("Decided on"),
    N_("Reasons"),
    N_("Compensations"),
    N_("Compensation amount"),
    N_("Satisfaction"),
    N_("Closed on"),
    N_("Status"),
    N_("Acknowledged in time"),
    N_("Answered in time"),
)
SHORT = 160


@dataclass(frozen=True)
class RegisterContext:
    profile: SchoolProfile
    calendar: DeadlineCalendar
    tr: Translator
    clients: dict[int, str]  # client id -> name
    staff: dict[int, str]  # staff id -> name


def _day(ctx: RegisterContext, instant: datetime | None) -> date | None:
    return ctx.calendar.local_date(instant) if instant else None


def _in_time(ctx: RegisterContext, done: datetime | None, due: date | None) -> str:
    if done is None or due is None:
        return ""
    return wording.yes_no(ctx.tr, ctx.calendar.local_date(done) <= due)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHORT else flat[: SHORT - 1] + "…"


def register_row(c: Complaint, ctx: RegisterContext) -> list[object]:
    """The register's columns for ``c``: dates as dates, amounts in euros, text in words."""
    tr = ctx.tr
    category = ctx.profile.category(c.category)
    decision = c.decision
    persons = ", ".join(
        ctx.staff.get(p.staff_id, p.name) if p.staff_id else p.name for p in c.persons
    )
    done = sum(1 for a in c.actions if a.done)
    state = {True: tr.gettext("done"), False: tr.gettext("open")}
    actions = "; ".join(f"{a.description} ({state[a.done]})" for a in c.actions)
    outcome = ""
    if decision:
        outcome = (
            tr.gettext("accepted")
            if decision.outcome is Outcome.ACCEPTED
            else tr.gettext("rejected")
        )
    ack = c.acknowledgement
    return [
        c.reference,
        ctx.clients.get(c.client_id, ""),
        _day(ctx, c.received_at),
        wording.channel(tr, c.channel),
        c.subject,
        category.label.in_language(tr.language) if category else c.category,
        persons,
        _day(ctx, ack.sent_at) if ack else None,
        c.evaluation.priority.label if c.evaluation else "",
        ctx.staff.get(c.handler_id, "") if c.handler_id else "",
        f"{done}/{len(c.actions)} — {actions}" if c.actions else "",
        outcome,
        _day(ctx, decision.at) if decision else None,
        _short(decision.reasons) if decision else "",
        "; ".join(wording.compensation(tr, x) for x in decision.compensations) if decision else "",
        sum(x.amount_cents for x in decision.compensations) / 100 if decision else None,
        c.survey.satisfaction if c.survey else None,
        _day(ctx, c.closure.at) if c.closure else None,
        wording.status(tr, c.status),
        _in_time(ctx, ack.sent_at if ack else None, c.acknowledge_by),
        _in_time(ctx, decision.at if decision else None, c.answer_by),
    ]


def titles(tr: Translator) -> list[str]:
    return [tr.gettext(column) for column in COLUMNS]
