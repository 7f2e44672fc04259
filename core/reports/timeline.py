"""A complaint's journal as a readable timeline, for staff and the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from core import wording
from core.domain.enums import ActionKind, ClosureKind, Priority
from core.domain.journal import EventKind, JournalEvent
from core.domain.values import Compensation, Payload, parse_date
from core.i18n import Translator

Describe = Callable[[Translator, Payload], str]


def _date(tr: Translator, p: Payload, key: str) -> str:
    value = parse_date(p.get(key))
    return tr.date(value, "medium") if value else "—"


def _compensations(tr: Translator, p: Payload) -> str:
    items = [wording.compensation(tr, Compensation.from_payload(x)) for x in p["compensations"]]
    return "; ".join(items)


DESCRIBE: dict[EventKind, Describe] = {
    EventKind.FILED: lambda tr, p: tr.gettext("Complaint filed: {subject}", subject=p["subject"]),
    EventKind.ACKNOWLEDGED: lambda tr, p: tr.gettext(
        "Acknowledged with {document}; answer expected by {date}",
        document=p["document_name"],
        date=_date(tr, p, "answer_by"),
    ),
    EventKind.EVALUATED: lambda tr, p: tr.gettext(
        "Evaluated: severity {severity}, complexity {complexity}, impact {impact}"
        " → priority {priority}; answer by {date}",
        severity=p["severity"],
        complexity=p["complexity"],
        impact=p["impact"],
        priority=Priority(p["priority"]).label,
        date=_date(tr, p, "answer_by"),
    ),
    EventKind.HANDLER_ASSIGNED: lambda tr, p: tr.gettext("Handled by {name}", name=p["name"]),
    EventKind.ACTION_PLANNED: lambda tr, p: tr.gettext(
        "Action {number} planned ({kind}): {description}, due {date}",
        number=p["number"],
        kind=tr.gettext(wording.ACTION_KIND[ActionKind(p["kind"])]),
        description=p["description"],
        date=_date(tr, p, "due_on"),
    ),
    EventKind.ACTION_COMPLETED: lambda tr, p: tr.gettext(
        "Action {number} done: {result}", number=p["number"], result=p["result"]
    ),
    EventKind.CLIENT_INFORMED: lambda tr, p: tr.gettext(
        "Client informed: {message}", message=p["message"]
    ),
    EventKind.NOTE_ADDED: lambda tr, p: tr.gettext("Internal note: {text}", text=p["text"]),
    EventKind.CLIENT_INFORMATION_ADDED: lambda tr, p: tr.gettext(
        "The client added information: {text} ({files})",
        text=p["text"] or "—",
        files=tr.ngettext("{n} file", "{n} files", len(p["evidence"])),
    ),
    EventKind.ACCEPTED: lambda tr, p: tr.gettext(
        "Accepted with {compensations}. Reasons: {reasons}",
        reasons=p["reasons"],
        compensations=_compensations(tr, p),
    ),
    EventKind.REJECTED: lambda tr, p: tr.gettext(
        "Rejected, mediator given ({mediator}). Reasons: {reasons}",
        reasons=p["reasons"],
        mediator=p["mediator_block"].replace("\n", ", "),
    ),
    EventKind.SURVEY_ANSWERED: lambda tr, p: tr.gettext(
        "Survey: taken into account {taken}, actions carried out {actions}, "
        "satisfaction {score}/5. {comment}",
        taken=wording.yes_no(tr, p["taken_into_account"]),
        actions=wording.yes_no(tr, p["actions_carried_out"]),
        score=p["satisfaction"],
        comment=p["comment"],
    ).strip(),
    EventKind.CLOSED: lambda tr, p: tr.gettext(
        "Closed ({how}) {reason}",
        how=tr.gettext(wording.CLOSURE[ClosureKind(p["kind"])]),
        reason=p["reason"],
    ).strip(),
    EventKind.REOPENED: lambda tr, p: tr.gettext("Reopened: {reason}", reason=p["reason"]),
    EventKind.WITHDRAWN: lambda tr, p: tr.gettext(
        "Withdrawn by the client {reason}", reason=p["reason"]
    ).strip(),
    EventKind.ACCESS_REFUSED: lambda tr, p: tr.gettext(
        "Refused ({permission}): {reason}",
        permission=p["permission"],
        reason=tr.gettext(p["reason"]),
    ),
    EventKind.STAFF_ADDED: lambda tr, p: tr.gettext("Staff member added: {name}", name=p["name"]),
    EventKind.ANONYMISED: lambda tr, _p: tr.gettext("The client's personal data was erased"),
    EventKind.LETTER_POSTED: lambda tr, _p: tr.gettext("Acknowledgement letter posted"),
    EventKind.CLIENT_JOINED_CHAT: lambda tr, _p: tr.gettext(
        "The client now follows it in the chat, through their personal link"
    ),
    EventKind.STAFF_REMOVED: lambda tr, p: tr.gettext(
        "Staff member removed: {name}", name=p["name"]
    ),
}


def describe(tr: Translator, event: JournalEvent) -> str:
    return DESCRIBE[event.kind](tr, event.payload)


def timeline(tr: Translator, events: Iterable[JournalEvent]) -> list[str]:
    """One line per event: local time, who, what; internal events are marked."""
    lines = []
    for event in events:
        marker = "  " if event.client_visible else "🔒"
        when = tr.datetime(event.occurred_at, "short")
        who = wording.actor(tr, event.actor)
        lines.append(f"{when}  {marker} {who}: {describe(tr, event)}")
    return lines
