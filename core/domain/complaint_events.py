"""How each journal event changes a complaint.

The complaint's behaviour (core.domain.complaint) validates a change, records it as
an event and applies it with these functions; replaying a journal applies the very
same functions, so the journal always rebuilds the current state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from core.domain.enums import ActorKind, Channel, ClosureKind, Outcome, Priority, Status
from core.domain.journal import EventKind, JournalEvent
from core.domain.values import (
    Acknowledgement,
    Action,
    Closure,
    Compensation,
    Decision,
    DesiredSolution,
    Evaluation,
    Evidence,
    PersonConcerned,
    SurveyAnswer,
    parse_date,
)

if TYPE_CHECKING:
    from core.domain.complaint import Complaint

Applier = Callable[["Complaint", JournalEvent], None]


def _filed(c: Complaint, e: JournalEvent) -> None:
    p = e.payload
    c.client_id = p["client_id"]
    c.category = p["category"]
    c.subject = p["subject"]
    c.description = p["description"]
    c.incident_on = parse_date(p["incident_on"])
    c.incident_place = p["incident_place"]
    c.persons = tuple(PersonConcerned.from_payload(x) for x in p["persons"])
    c.evidence = [Evidence.from_payload(x) for x in p["evidence"]]
    c.desired = DesiredSolution(p["desired_code"], p["desired_text"])
    c.confidential = p["confidential"]
    c.channel = Channel(p.get("channel", Channel.TELEGRAM))
    received = p.get("received_at")  # recorded later than received (phone, letter…)
    c.received_at = datetime.fromisoformat(received) if received else e.occurred_at
    c.acknowledge_by = parse_date(p["acknowledge_by"])
    c.status = Status.RECEIVED


def _letter_posted(c: Complaint, e: JournalEvent) -> None:
    if e.payload.get("what") == "acknowledgement" and c.acknowledgement is not None:
        c.acknowledgement = replace(c.acknowledgement, posted_at=e.occurred_at)


def _acknowledged(c: Complaint, e: JournalEvent) -> None:
    p = e.payload
    answer_by = parse_date(p["answer_by"])
    assert answer_by is not None
    c.acknowledgement = Acknowledgement(
        e.occurred_at,
        p["document_name"],
        p["document_sha256"],
        answer_by,
        by_post=bool(p.get("by_post", False)),
    )
    c.answer_by = answer_by
    c.status = Status.ACKNOWLEDGED


def _evaluated(c: Complaint, e: JournalEvent) -> None:
    p = e.payload
    c.evaluation = Evaluation(
        severity=p["severity"],
        complexity=p["complexity"],
        impact=p["impact"],
        safety=p["safety"],
        priority=Priority(p["priority"]),
        answer_by=parse_date(p["answer_by"]),
        at=e.occurred_at,
    )
    c.answer_by = parse_date(p["answer_by"]) or c.answer_by
    if c.status in (Status.ACKNOWLEDGED, Status.REOPENED):
        c.status = Status.EVALUATED


def _handler_assigned(c: Complaint, e: JournalEvent) -> None:
    c.handler_id = e.payload["staff_id"]
    if c.status is Status.EVALUATED:
        c.status = Status.IN_PROGRESS


def _action_planned(c: Complaint, e: JournalEvent) -> None:
    c.actions.append(Action.from_payload(e.payload))
    if c.status in (Status.EVALUATED, Status.REOPENED):
        c.status = Status.IN_PROGRESS


def _action_completed(c: Complaint, e: JournalEvent) -> None:
    action = c.action(e.payload["number"])
    action.result = e.payload["result"]
    action.done_at = e.occurred_at


def _client_information_added(c: Complaint, e: JournalEvent) -> None:
    c.evidence.extend(Evidence.from_payload(x) for x in e.payload["evidence"])


def _decided(c: Complaint, e: JournalEvent) -> None:
    p = e.payload
    assert e.actor.id is not None
    c.decision = Decision(
        outcome=Outcome(p["outcome"]),
        reasons=p["reasons"],
        compensations=tuple(Compensation.from_payload(x) for x in p["compensations"]),
        mediator_block=p["mediator_block"],
        at=e.occurred_at,
        by_staff_id=e.actor.id,
    )
    c.status = Status.ANSWERED


def _survey_answered(c: Complaint, e: JournalEvent) -> None:
    p = e.payload
    c.survey = SurveyAnswer(
        p["taken_into_account"],
        p["actions_carried_out"],
        p["satisfaction"],
        p["comment"],
        e.occurred_at,
    )


def _closed(c: Complaint, e: JournalEvent) -> None:
    c.closure = Closure(ClosureKind(e.payload["kind"]), e.payload["reason"], e.occurred_at)
    c.status = Status.CLOSED


def _reopened(c: Complaint, _e: JournalEvent) -> None:
    c.reopen_count += 1
    c.decision = None
    c.survey = None
    c.closure = None
    c.status = Status.REOPENED


def _withdrawn(c: Complaint, e: JournalEvent) -> None:
    c.withdrawn_at = e.occurred_at
    c.status = Status.WITHDRAWN


def _anonymised(c: Complaint, _e: JournalEvent) -> None:
    """The client's personal data is erased; what the register counts stays."""
    c.subject = c.description = c.incident_place = ""
    c.evidence = []
    c.desired = DesiredSolution(c.desired.code, "")
    if c.survey is not None:
        c.survey = replace(c.survey, comment="")


def _no_state_change(c: Complaint, e: JournalEvent) -> None:
    """Notes, client updates and refusals are journaled but change no field."""


APPLIERS: dict[EventKind, Applier] = {
    EventKind.FILED: _filed,
    EventKind.ACKNOWLEDGED: _acknowledged,
    EventKind.EVALUATED: _evaluated,
    EventKind.HANDLER_ASSIGNED: _handler_assigned,
    EventKind.ACTION_PLANNED: _action_planned,
    EventKind.ACTION_COMPLETED: _action_completed,
    EventKind.CLIENT_INFORMED: _no_state_change,
    EventKind.NOTE_ADDED: _no_state_change,
    EventKind.CLIENT_INFORMATION_ADDED: _client_information_added,
    EventKind.ACCEPTED: _decided,
    EventKind.REJECTED: _decided,
    EventKind.SURVEY_ANSWERED: _survey_answered,
    EventKind.CLOSED: _closed,
    EventKind.REOPENED: _reopened,
    EventKind.WITHDRAWN: _withdrawn,
    EventKind.ACCESS_REFUSED: _no_state_change,
    EventKind.STAFF_ADDED: _no_state_change,
    EventKind.STAFF_REMOVED: _no_state_change,
    EventKind.ANONYMISED: _anonymised,
    EventKind.CLIENT_JOINED_CHAT: _no_state_change,
    EventKind.LETTER_POSTED: _letter_posted,
}


def apply_event(complaint: Complaint, event: JournalEvent) -> None:
    APPLIERS[event.kind](complaint, event)
    if event.client_visible and event.actor.kind is not ActorKind.CLIENT:
        complaint.last_client_update_at = event.occurred_at  # the school told the client
