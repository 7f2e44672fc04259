"""The complaint's card in the staff group: everything a handler needs, with its actions.
Staff read it in the school's language (the profile's timezone and French by default)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bots.telegram.dialogue.replies import Button, Keyboard
from bots.telegram.markup import EMPTY, NEWLINE, Html, HtmlTranslator, h
from bots.telegram.staff.buttons import staff
from core import wording
from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar, DeadlineState
from core.domain.enums import HistorySignal, Status
from core.domain.errors import N_
from core.domain.history import ClientHistory
from core.domain.people import Client
from core.domain.profile import SchoolProfile

SIGNAL = {
    HistorySignal.FIRST: N_("first complaint"),
    HistorySignal.ONE_OFF: N_("one-off: earlier complaints, no pattern"),
    HistorySignal.SLOW_DEGRADATION: N_("⚠️ slow degradation"),
}
STATE = {
    DeadlineState.ON_TIME: "",
    DeadlineState.DUE_SOON: N_("due soon"),
    DeadlineState.OVERDUE: N_("OVERDUE"),
}
#: card buttons by stage: (label, action)
ACTIONS = {
    Status.RECEIVED: ((N_("📬 Acknowledge"), "ack"), (N_("👤 Assign"), "assign")),
    Status.ACKNOWLEDGED: ((N_("🔎 Evaluate"), "eval"), (N_("👤 Assign"), "assign")),
}
WORKING = (
    (N_("👤 Assign"), "assign"),
    (N_("💬 Inform the client"), "inform"),
    (N_("📋 Plan an action"), "plan"),
    (N_("✅ Action done"), "done"),
    (N_("⚖️ Decide"), "decide"),
    (N_("🔎 Evaluate"), "eval"),
    (N_("🔒 Close"), "close"),
)
AFTER_ANSWER = (
    (N_("📋 Plan an action"), "plan"),
    (N_("✅ Action done"), "done"),
    (N_("💬 Inform the client"), "inform"),
    (N_("🔒 Close"), "close"),
    (N_("↩ Reopen"), "reopen"),
)


@dataclass(frozen=True)
class CardFacts:
    complaint: Complaint
    client: Client | None
    history: ClientHistory | None
    now: datetime


def topic_name(c: Complaint, profile: SchoolProfile, tr: HtmlTranslator) -> str:
    category = profile.category(c.category)
    label = category.label.in_language(tr.language) if category else c.category
    priority = c.evaluation.priority.label if c.evaluation else "P?"
    mark = {Status.CLOSED: " ✅", Status.WITHDRAWN: " ↩", Status.ANSWERED: " ✉️"}.get(c.status, "")
    return f"{c.reference} · {label} · {priority}{mark}"[:128]


def _deadline(
    tr: HtmlTranslator, calendar: DeadlineCalendar, due: date | None, now: datetime
) -> str:
    if due is None:
        return "—"
    state = tr.gettext(STATE[calendar.state(due, now)]) if STATE[calendar.state(due, now)] else ""
    return f"{tr.date(due)} {state}".strip()


def _history(tr: HtmlTranslator, history: ClientHistory | None) -> str:
    if history is None:
        return "—"
    reasons = tr.listing(tr.gettext(r) for r in history.reasons)
    counts = tr.gettext(
        "{year} in 12 months, {quarter} in 3 months",
        year=history.last_365_days,
        quarter=history.last_90_days,
    )
    signal = tr.gettext(SIGNAL[history.signal])
    return f"{signal} ({counts}){' — ' + reasons if reasons else ''}"


def card_text(
    facts: CardFacts, profile: SchoolProfile, tr: HtmlTranslator, calendar: DeadlineCalendar
) -> Html:
    c, client = facts.complaint, facts.client
    contact = (
        ", ".join(x for x in (client.phone, client.email, client.student_file_number) if x)
        if client
        else ""
    )
    persons = ", ".join(p.name for p in c.persons) or "—"
    desired = profile.desired_solution(c.desired.code or "")
    wish = " — ".join(
        x for x in (desired.label.in_language(tr.language) if desired else "", c.desired.text) if x
    )
    lines = [
        Html("<b>{}</b>").format(topic_name(c, profile, tr)),
        *(
            [tr.gettext("🔒 Confidential: staff conduct. Managers only.")]
            if c.confidential
            else []
        ),
        tr.gettext("Status: {status}", status=wording.status(tr, c.status)),
        tr.gettext("Client: {name}", name=h(client.display_name if client else "?"))
        + (Html(" ({})").format(contact) if contact else ""),
        tr.gettext(
            "Incident: {date} — {place}",
            date=tr.date(c.incident_on) if c.incident_on else "—",
            place=h(tr.gettext(c.incident_place)) if c.incident_place else "—",
        ),
        tr.gettext("Persons concerned: {persons}", persons=h(persons)),
        EMPTY,
        h(c.description),
        EMPTY,
        tr.gettext("Evidence: {count}", count=len(c.evidence)),
        tr.gettext("Solution wanted: {wish}", wish=h(wish) or "—"),
        tr.gettext(
            "Acknowledge by: {deadline}",
            deadline=_deadline(tr, calendar, c.acknowledge_by, facts.now),
        )
        if c.acknowledgement is None
        else tr.gettext("Acknowledged on {date}", date=tr.date(c.acknowledgement.at.date())),
        tr.gettext(
            "Answer by: {deadline}", deadline=_deadline(tr, calendar, c.answer_by, facts.now)
        ),
        tr.gettext("History: {history}", history=_history(tr, facts.history)),
    ]
    return NEWLINE.join(lines)


def card_buttons(c: Complaint, tr: HtmlTranslator) -> Keyboard:
    if c.status is Status.WITHDRAWN:
        return ()
    if c.status is Status.CLOSED:
        return ((Button(tr.gettext("↩ Reopen"), staff("reopen", c.reference)),),)
    actions = AFTER_ANSWER if c.status is Status.ANSWERED else ACTIONS.get(c.status, WORKING)
    buttons = [Button(tr.gettext(label), staff(action, c.reference)) for label, action in actions]
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
