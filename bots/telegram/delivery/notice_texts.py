"""What the client reads at each step the school takes, in their language: the HTML text
of each notice (the channel routes it: chat, email, or staff asked to post or call)."""

from __future__ import annotations

from collections.abc import Callable

from bots.telegram.markup import EMPTY, NEWLINE, Html, HtmlTranslator, h
from core import wording
from core.domain.complaint import Complaint
from core.domain.enums import ClosureKind
from core.domain.journal import EventKind, JournalEvent
from core.domain.profile import SchoolProfile
from core.domain.values import Compensation, parse_date

Render = Callable[[HtmlTranslator, JournalEvent, Complaint, SchoolProfile], Html]


def _date(tr: HtmlTranslator, value: object) -> str:
    day = parse_date(value)
    return tr.date(day) if day else "—"


def _acknowledged(tr: HtmlTranslator, e: JournalEvent, c: Complaint, _p: SchoolProfile) -> Html:
    text = tr.gettext(
        "📬 The school acknowledges your complaint {reference}. "
        "It will answer you by {date} at the latest.",
        reference=c.reference,
        date=_date(tr, e.payload["answer_by"]),
    )
    note = e.payload.get("clarification")
    return text + "\n\n" + note if note else text


def _evaluated(tr: HtmlTranslator, e: JournalEvent, c: Complaint, _p: SchoolProfile) -> Html:
    return tr.gettext(
        "🔎 Your complaint {reference} is being examined. Expected answer by {date}.",
        reference=c.reference,
        date=_date(tr, e.payload["answer_by"]),
    )


def _planned(tr: HtmlTranslator, e: JournalEvent, c: Complaint, _p: SchoolProfile) -> Html:
    return tr.gettext(
        "🛠 About {reference}, the school plans: {action} (by {date}).",
        reference=c.reference,
        action=h(e.payload["description"]),
        date=_date(tr, e.payload["due_on"]),
    )


def _completed(tr: HtmlTranslator, e: JournalEvent, c: Complaint, _p: SchoolProfile) -> Html:
    action = c.action(e.payload["number"])
    return tr.gettext(
        "✅ About {reference}, done: {action} — {result}",
        reference=c.reference,
        action=h(action.description),
        result=h(e.payload["result"]),
    )


def _informed(tr: HtmlTranslator, e: JournalEvent, c: Complaint, _p: SchoolProfile) -> Html:
    return tr.gettext(
        "💬 News about {reference}: {message}",
        reference=c.reference,
        message=h(e.payload["message"]),
    )


def _accepted(tr: HtmlTranslator, e: JournalEvent, c: Complaint, _p: SchoolProfile) -> Html:
    offered = NEWLINE.join(
        "• " + h(wording.compensation(tr, Compensation.from_payload(x)))
        for x in e.payload["compensations"]
    )
    return tr.gettext(
        "✅ The school's answer about {reference}: your complaint is accepted.\n\n"
        "<b>Reasons</b>\n{reasons}\n\n<b>What the school offers</b>\n{offered}",
        reference=c.reference,
        reasons=h(e.payload["reasons"]),
        offered=offered,
    )


def _rejected(tr: HtmlTranslator, e: JournalEvent, c: Complaint, _p: SchoolProfile) -> Html:
    return tr.gettext(
        "The school's answer about {reference}: your complaint is not accepted.\n\n"
        "<b>Reasons</b>\n{reasons}\n\n"
        "<b>If you disagree</b>\nYou may refer the matter, free of charge, to the consumer "
        "mediator:\n{mediator}",
        reference=c.reference,
        reasons=h(e.payload["reasons"]),
        mediator=h(e.payload["mediator_block"]),
    )


def _closed(tr: HtmlTranslator, e: JournalEvent, c: Complaint, _p: SchoolProfile) -> Html:
    if ClosureKind(e.payload["kind"]) is ClosureKind.SURVEY_ANSWERED:
        return EMPTY
    reason = e.payload.get("reason") or ""
    text = tr.gettext("Your complaint {reference} is closed.", reference=c.reference)
    return text + " " + reason if reason else text


def _reopened(tr: HtmlTranslator, e: JournalEvent, c: Complaint, _p: SchoolProfile) -> Html:
    return tr.gettext(
        "Your complaint {reference} is reopened: {reason}",
        reference=c.reference,
        reason=h(e.payload["reason"]),
    )


RENDER: dict[EventKind, Render] = {
    EventKind.ACKNOWLEDGED: _acknowledged,
    EventKind.EVALUATED: _evaluated,
    EventKind.ACTION_PLANNED: _planned,
    EventKind.ACTION_COMPLETED: _completed,
    EventKind.CLIENT_INFORMED: _informed,
    EventKind.ACCEPTED: _accepted,
    EventKind.REJECTED: _rejected,
    EventKind.CLOSED: _closed,
    EventKind.REOPENED: _reopened,
}


#: the notices French consumer law requires in writing: they go by email when Telegram
#: cannot reach the client
LEGAL = frozenset({EventKind.ACCEPTED, EventKind.REJECTED})
