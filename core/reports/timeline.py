"""A complaint's journal as a readable timeline, for staff and the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from core import wording
from core.domain.event_data import (
    Accepted,
    AccessRefused,
    Acknowledged,
    ActionCompleted,
    ActionPlanned,
    ActionReviewed,
    Anonymised,
    ClientInformationAdded,
    ClientInformed,
    ClientJoinedChat,
    Closed,
    Evaluated,
    EventData,
    Filed,
    HandlerAssigned,
    LetterPosted,
    NoteAdded,
    Rejected,
    Reopened,
    StaffAdded,
    StaffInvited,
    StaffRemoved,
    SurveyAnswered,
    Withdrawn,
    event_data,
)
from core.domain.journal import JournalEvent
from core.i18n import Translator

D = TypeVar("D", bound=EventData)
Describe = Callable[[Translator, D], str]


def _date(tr: Translator, value: date | None) -> str:
    return tr.date(value, "medium") if value else "—"


def _filed(tr: Translator, d: Filed) -> str:
    return tr.gettext("Complaint filed: {subject}", subject=d.subject)


def _acknowledged(tr: Translator, d: Acknowledged) -> str:
    return tr.gettext(
        "Acknowledged with {document}; answer expected by {date}",
        document=d.document_name,
        date=_date(tr, d.answer_by),
    )


def _evaluated(tr: Translator, d: Evaluated) -> str:
    return tr.gettext(
        "Evaluated: severity {severity}, complexity {complexity}, impact {impact}"
        " → priority {priority}; answer by {date}",
        severity=d.severity,
        complexity=d.complexity,
        impact=d.impact,
        priority=d.priority.label,
        date=_date(tr, d.answer_by),
    )


def _planned(tr: Translator, d: ActionPlanned) -> str:
    return tr.gettext(
        "Action {number} planned ({kind}): {description}, due {date}",
        number=d.number,
        kind=tr.gettext(wording.ACTION_KIND[d.kind]),
        description=d.description,
        date=_date(tr, d.due_on),
    )


def _information_added(tr: Translator, d: ClientInformationAdded) -> str:
    return tr.gettext(
        "The client added information: {text} ({files})",
        text=d.text or "—",
        files=tr.ngettext("{n} file", "{n} files", len(d.evidence)),
    )


def _accepted(tr: Translator, d: Accepted) -> str:
    return tr.gettext(
        "Accepted with {compensations}. Reasons: {reasons}",
        reasons=d.reasons,
        compensations=tr.listing(wording.compensation(tr, x) for x in d.compensations),
    )


def _rejected(tr: Translator, d: Rejected) -> str:
    return tr.gettext(
        "Rejected, mediator given ({mediator}). Reasons: {reasons}",
        reasons=d.reasons,
        mediator=d.mediator_block.replace("\n", ", "),
    )


def _survey(tr: Translator, d: SurveyAnswered) -> str:
    return tr.gettext(
        "Survey: taken into account {taken}, actions carried out {actions}, "
        "satisfaction {score}/5. {comment}",
        taken=wording.yes_no(tr, d.taken_into_account),
        actions=wording.yes_no(tr, d.actions_carried_out),
        score=d.satisfaction,
        comment=d.comment,
    ).strip()


def _closed(tr: Translator, d: Closed) -> str:
    return tr.gettext(
        "Closed ({how}) {reason}", how=tr.gettext(wording.CLOSURE[d.kind]), reason=d.reason
    ).strip()


def _refused(tr: Translator, d: AccessRefused) -> str:
    return tr.gettext(
        "Refused ({permission}): {reason}",
        permission=d.permission,
        reason=tr.gettext(d.reason) if d.reason else "",  # gettext("") is the catalogue's header
    )


DESCRIBE: dict[type[Any], Describe[Any]] = {
    Filed: _filed,
    Acknowledged: _acknowledged,
    Evaluated: _evaluated,
    HandlerAssigned: lambda tr, d: tr.gettext("Handled by {name}", name=d.name),
    ActionPlanned: _planned,
    ActionCompleted: lambda tr, d: tr.gettext(
        "Action {number} done: {result}", number=d.number, result=d.result
    ),
    ActionReviewed: lambda tr, d: (
        tr.gettext("Action {number} checked: effective. {note}", number=d.number, note=d.note)
        if d.effective
        else tr.gettext(
            "Action {number} checked: not effective. {note}", number=d.number, note=d.note
        )
    ).strip(),
    ClientInformed: lambda tr, d: tr.gettext("Client informed: {message}", message=d.message),
    NoteAdded: lambda tr, d: tr.gettext("Internal note: {text}", text=d.text),
    ClientInformationAdded: _information_added,
    Accepted: _accepted,
    Rejected: _rejected,
    SurveyAnswered: _survey,
    Closed: _closed,
    Reopened: lambda tr, d: tr.gettext("Reopened: {reason}", reason=d.reason),
    Withdrawn: lambda tr, d: tr.gettext(
        "Withdrawn by the client {reason}", reason=d.reason
    ).strip(),
    AccessRefused: _refused,
    StaffAdded: lambda tr, d: tr.gettext("Staff member added: {name}", name=d.name),
    Anonymised: lambda tr, _d: tr.gettext("The client's personal data was erased"),
    LetterPosted: lambda tr, _d: tr.gettext("Acknowledgement letter posted"),
    ClientJoinedChat: lambda tr, _d: tr.gettext(
        "The client now follows it in the chat, through their personal link"
    ),
    StaffRemoved: lambda tr, d: tr.gettext("Staff member removed: {name}", name=d.name),
    StaffInvited: lambda tr, d: tr.gettext("Staff member invited: {name}", name=d.name),
}


def describe(tr: Translator, event: JournalEvent) -> str:
    data = event_data(event)
    return DESCRIBE[type(data)](tr, data)


def timeline(tr: Translator, events: Iterable[JournalEvent]) -> list[str]:
    """One line per event: local time, who, what; internal events are marked."""
    lines = []
    for event in events:
        marker = "  " if event.client_visible else "🔒"
        when = tr.datetime(event.occurred_at, "short")
        who = wording.actor(tr, event.actor)
        lines.append(f"{when}  {marker} {who}: {describe(tr, event)}")
    return lines
