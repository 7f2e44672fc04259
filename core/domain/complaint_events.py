"""How each journal event changes a complaint.

The complaint's behaviour (core.domain.complaint) validates a change, records it as
an event and applies it with these functions; replaying a journal applies the very
same functions, so the journal always rebuilds the current state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from core.domain.enums import ActorKind, Status
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
    Decided,
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
from core.domain.values import (
    Acknowledgement,
    Closure,
    Decision,
    DesiredSolution,
    Evaluation,
    SurveyAnswer,
)

if TYPE_CHECKING:
    from core.domain.complaint import Complaint

D = TypeVar("D", bound=EventData)
#: how one kind of event changes a complaint: from what it says, and when and by whom
Applier = Callable[["Complaint", D, JournalEvent], None]


def _filed(c: Complaint, d: Filed, e: JournalEvent) -> None:
    c.client_id = d.client_id
    c.category = d.category
    c.subject = d.subject
    c.description = d.description
    c.incident_on = d.incident_on
    c.incident_place = d.incident_place
    c.persons = d.persons
    c.evidence = list(d.evidence)
    c.desired = DesiredSolution(d.desired_code, d.desired_text)
    c.confidential = d.confidential
    c.channel = d.channel
    c.received_at = d.received_at or e.occurred_at  # recorded later than received (phone…)
    c.acknowledge_by = d.acknowledge_by
    c.status = Status.RECEIVED


def _letter_posted(c: Complaint, d: LetterPosted, e: JournalEvent) -> None:
    if d.what == "acknowledgement" and c.acknowledgement is not None:
        c.acknowledgement = replace(c.acknowledgement, posted_at=e.occurred_at)


def _acknowledged(c: Complaint, d: Acknowledged, e: JournalEvent) -> None:
    c.acknowledgement = Acknowledgement(
        e.occurred_at, d.document_name, d.document_sha256, d.answer_by, by_post=d.by_post
    )
    c.answer_by = d.answer_by
    c.status = Status.ACKNOWLEDGED


def _evaluated(c: Complaint, d: Evaluated, e: JournalEvent) -> None:
    c.evaluation = Evaluation(
        severity=d.severity,
        complexity=d.complexity,
        impact=d.impact,
        safety=d.safety,
        priority=d.priority,
        answer_by=d.answer_by,
        at=e.occurred_at,
    )
    c.answer_by = d.answer_by or c.answer_by
    if c.status in (Status.ACKNOWLEDGED, Status.REOPENED):
        c.status = Status.EVALUATED


def _handler_assigned(c: Complaint, d: HandlerAssigned, _e: JournalEvent) -> None:
    c.handler_id = d.staff_id
    if c.status is Status.EVALUATED:
        c.status = Status.IN_PROGRESS


def _action_planned(c: Complaint, d: ActionPlanned, _e: JournalEvent) -> None:
    c.actions.append(d.action())
    if c.status in (Status.EVALUATED, Status.REOPENED):
        c.status = Status.IN_PROGRESS


def _action_completed(c: Complaint, d: ActionCompleted, e: JournalEvent) -> None:
    action = c.action(d.number)
    action.result = d.result
    action.done_at = e.occurred_at


def _action_reviewed(c: Complaint, d: ActionReviewed, e: JournalEvent) -> None:
    action = c.action(d.number)
    action.effective, action.review_note = d.effective, d.note
    action.reviewed_at = e.occurred_at


def _client_information_added(c: Complaint, d: ClientInformationAdded, _e: JournalEvent) -> None:
    c.evidence.extend(d.evidence)


def _decided(c: Complaint, d: Decided, e: JournalEvent) -> None:
    assert e.actor.id is not None
    c.decision = Decision(
        outcome=d.OUTCOME,
        reasons=d.reasons,
        compensations=d.compensations,
        mediator_block=d.mediator_block,
        at=e.occurred_at,
        by_staff_id=e.actor.id,
    )
    c.status = Status.ANSWERED


def _survey_answered(c: Complaint, d: SurveyAnswered, e: JournalEvent) -> None:
    c.survey = SurveyAnswer(
        d.taken_into_account, d.actions_carried_out, d.satisfaction, d.comment, e.occurred_at
    )


def _closed(c: Complaint, d: Closed, e: JournalEvent) -> None:
    c.closure = Closure(d.kind, d.reason, e.occurred_at)
    c.status = Status.CLOSED


def _reopened(c: Complaint, _d: Reopened, _e: JournalEvent) -> None:
    c.reopen_count += 1
    c.decision = None
    c.survey = None
    c.closure = None
    c.status = Status.REOPENED


def _withdrawn(c: Complaint, _d: Withdrawn, e: JournalEvent) -> None:
    c.withdrawn_at = e.occurred_at
    c.status = Status.WITHDRAWN


def _anonymised(c: Complaint, _d: Anonymised, _e: JournalEvent) -> None:
    """The client's personal data is erased; what the register counts stays."""
    c.subject = c.description = c.incident_place = ""
    c.evidence = []
    c.desired = DesiredSolution(c.desired.code, "")
    if c.survey is not None:
        c.survey = replace(c.survey, comment="")


def _no_state_change(c: Complaint, d: EventData, e: JournalEvent) -> None:
    """Notes, client updates and refusals are journaled but change no field."""


APPLIERS: dict[type[Any], Applier[Any]] = {
    Filed: _filed,
    Acknowledged: _acknowledged,
    Evaluated: _evaluated,
    HandlerAssigned: _handler_assigned,
    ActionPlanned: _action_planned,
    ActionCompleted: _action_completed,
    ActionReviewed: _action_reviewed,
    ClientInformed: _no_state_change,
    NoteAdded: _no_state_change,
    ClientInformationAdded: _client_information_added,
    Accepted: _decided,
    Rejected: _decided,
    SurveyAnswered: _survey_answered,
    Closed: _closed,
    Reopened: _reopened,
    Withdrawn: _withdrawn,
    AccessRefused: _no_state_change,
    StaffAdded: _no_state_change,
    StaffRemoved: _no_state_change,
    StaffInvited: _no_state_change,
    Anonymised: _anonymised,
    ClientJoinedChat: _no_state_change,
    LetterPosted: _letter_posted,
}


def apply_event(complaint: Complaint, event: JournalEvent) -> None:
    data = event_data(event)
    APPLIERS[type(data)](complaint, data, event)
    if event.client_visible and event.actor.kind is not ActorKind.CLIENT:
        complaint.last_client_update_at = event.occurred_at  # the school told the client
