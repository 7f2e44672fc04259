"""The complaints register (registre des réclamations): one row per complaint, in the
reader's language, ready for CSV, XLSX and PDF."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from core import wording
from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar
from core.domain.enums import Channel, CompensationKind, Outcome, Priority, Status
from core.domain.errors import N_
from core.domain.profile import SchoolProfile
from core.domain.values import Compensation
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


class RegisterLine(NamedTuple):
    """One complaint as the register's projection reads it from the database: its own
    columns, with its persons, actions and compensations folded by the query."""

    reference: str
    client: str
    received_at: datetime
    channel: str
    subject: str
    category: str
    status: str
    acknowledge_by: date | None
    answer_by: date | None
    acknowledged_at: str | None  # ISO instant the client was given the acknowledgement
    priority: int | None
    handler: str
    persons: str  # "Marc Petit, Julie Morel"
    actions: str | None  # "1/2 — description (done); description (open)"
    outcome: str | None
    decided_at: str | None  # ISO instant
    reasons: str | None
    compensations: str | None  # JSON: [[kind, amount_cents, quantity, description], ...]
    satisfaction: int | None
    closed_at: datetime | None


@dataclass(frozen=True)
class ActionWords:
    """How the register says an action's state, folded into its text by the query."""

    done: str
    open: str

    @classmethod
    def of(cls, tr: Translator) -> ActionWords:
        return cls(tr.gettext("done"), tr.gettext("open"))


class RegisterRows:
    """The register's columns from its projection, the same as ``register_row`` gives
    for the whole complaint; the words a row repeats are worked out once."""

    def __init__(self, profile: SchoolProfile, calendar: DeadlineCalendar, tr: Translator):
        self._profile, self._tr, self._zone = profile, tr, calendar.zone
        self._status = {s.value: wording.status(tr, s) for s in Status}
        self._channel = {c.value: wording.channel(tr, c) for c in Channel}
        self._outcome = {
            Outcome.ACCEPTED.value: tr.gettext("accepted"),
            Outcome.REJECTED.value: tr.gettext("rejected"),
        }
        self._priority = {p.value: p.label for p in Priority}
        self._yes_no = (wording.yes_no(tr, False), wording.yes_no(tr, True))
        self._category: dict[str, str] = {}
        self._compensations: dict[str | None, tuple[str, float]] = {None: ("", 0.0)}

    def _category_label(self, code: str) -> str:
        label = self._category.get(code)
        if label is None:
            category = self._profile.category(code)
            label = category.label.in_language(self._tr.language) if category else code
            self._category[code] = label
        return label

    def _compensation(self, folded: str | None) -> tuple[str, float]:
        found = self._compensations.get(folded)
        if found is None:
            assert folded is not None
            items = [
                Compensation(CompensationKind(kind), amount, quantity, description)
                for kind, amount, quantity, description in json.loads(folded)
            ]
            text = "; ".join(wording.compensation(self._tr, x) for x in items)
            found = (text, sum(x.amount_cents for x in items) / 100)
            self._compensations[folded] = found
        return found

    def _day(self, instant: datetime | str | None) -> date | None:
        if instant is None:
            return None
        if isinstance(instant, str):
            instant = datetime.fromisoformat(instant)
        return instant.astimezone(self._zone).date()

    def _in_time(self, done: date | None, due: date | None) -> str:
        return "" if done is None or due is None else self._yes_no[done <= due]

    def row(self, line: RegisterLine) -> list[object]:
        acknowledged = self._day(line.acknowledged_at)
        decided = self._day(line.decided_at)
        compensations, amount = self._compensation(line.compensations)
        priority = line.priority
        return [
            line.reference,
            line.client,
            self._day(line.received_at),
            self._channel[line.channel],
            line.subject,
            self._category_label(line.category),
            line.persons,
            acknowledged,
            self._priority[priority] if priority is not None else "",
            line.handler,
            line.actions or "",
            self._outcome[line.outcome] if line.outcome else "",
            decided,
            _short(line.reasons) if line.reasons is not None else "",
            compensations if line.outcome else "",
            amount if line.outcome else None,
            line.satisfaction,
            self._day(line.closed_at),
            self._status[line.status],
            self._in_time(acknowledged, line.acknowledge_by),
            self._in_time(decided, line.answer_by),
        ]
