"""The complaint aggregate. Every change is validated, recorded as a journal event and
applied through core.domain.complaint_events, so replaying the journal rebuilds it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from core.domain import lifecycle
from core.domain.complaint_events import apply_event
from core.domain.enums import Channel, Status
from core.domain.errors import N_, InvalidInput, NotFound
from core.domain.event_data import EventData, journal_event
from core.domain.journal import Actor, JournalEvent
from core.domain.values import (
    Acknowledgement,
    Action,
    Closure,
    Decision,
    DesiredSolution,
    Evaluation,
    Evidence,
    PersonConcerned,
    SurveyAnswer,
)

MAX_SUBJECT = 200
MAX_TEXT = 3500


def clean_text(value: str) -> str:
    """The text without control characters (a NUL, a terminal escape…), which no register
    can hold; line breaks and tabs stay."""
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def require_text(value: str, what: str, max_length: int = MAX_TEXT) -> str:
    """Clean and strip ``value``; refuse it when empty or longer than ``max_length``."""
    text = clean_text(value).strip()
    if not text:
        raise InvalidInput(N_("The {what} cannot be empty."), what=what)
    if len(text) > max_length:
        raise InvalidInput(
            N_("The {what} is too long ({length} characters, at most {limit})."),
            what=what,
            length=len(text),
            limit=max_length,
        )
    return text


@dataclass
class Complaint:
    reference: str
    client_id: int = 0
    category: str = ""
    subject: str = ""
    description: str = ""
    incident_on: date | None = None
    incident_place: str = ""
    persons: tuple[PersonConcerned, ...] = ()
    evidence: list[Evidence] = field(default_factory=list)
    desired: DesiredSolution = field(default_factory=DesiredSolution)
    confidential: bool = False
    channel: Channel = Channel.TELEGRAM
    status: Status = Status.RECEIVED
    received_at: datetime | None = None
    acknowledge_by: date | None = None
    answer_by: date | None = None
    acknowledgement: Acknowledgement | None = None
    evaluation: Evaluation | None = None
    handler_id: int | None = None
    actions: list[Action] = field(default_factory=list)
    decision: Decision | None = None
    survey: SurveyAnswer | None = None
    closure: Closure | None = None
    withdrawn_at: datetime | None = None
    reopen_count: int = 0
    last_client_update_at: datetime | None = None
    id: int | None = None
    version: int = 0
    pending_events: list[JournalEvent] = field(default_factory=list, repr=False, compare=False)

    # -- journal ---------------------------------------------------------------------

    def record(self, data: EventData, actor: Actor, at: datetime, visible: bool) -> JournalEvent:
        """Journal what ``data`` says about this complaint, and apply it."""
        event = journal_event(data, at, actor, visible=visible, reference=self.reference)
        apply_event(self, event)
        self.pending_events.append(event)
        return event

    @classmethod
    def replay(cls, reference: str, events: list[JournalEvent]) -> Complaint:
        complaint = cls(reference)
        for event in events:
            apply_event(complaint, event)
        return complaint

    def state(self) -> dict[str, Any]:
        """Everything that the journal determines, for comparisons."""
        return {
            k: v for k, v in self.__dict__.items() if k not in ("id", "version", "pending_events")
        }

    # -- questions -------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def acknowledgement_pending(self) -> bool:
        """Not yet acknowledged, or acknowledged by a letter not posted yet: the deadline
        to acknowledge still runs."""
        ack = self.acknowledgement
        if ack is None:
            return self.status is Status.RECEIVED
        return ack.by_post and ack.posted_at is None and self.is_open

    @property
    def staff_ids_concerned(self) -> frozenset[int]:
        return frozenset(p.staff_id for p in self.persons if p.staff_id is not None)

    def action(self, number: int) -> Action:
        for action in self.actions:
            if action.number == number:
                return action
        raise NotFound(N_("There is no action number {number}."), number=number)

    def facts(self, **changes: Any) -> lifecycle.TransitionFacts:
        decision = self.decision
        facts = lifecycle.TransitionFacts(
            has_acknowledgement_document=self.acknowledgement is not None,
            has_evaluation=self.evaluation is not None,
            outcome=decision.outcome if decision else None,
            has_reasons=bool(decision and decision.reasons.strip()),
            compensation_count=len(decision.compensations) if decision else 0,
            has_mediator_block=bool(decision and decision.mediator_block.strip()),
        )
        return replace(facts, **changes)

    def require_move(self, target: Status, **facts: Any) -> None:
        lifecycle.transition(self.status, target, self.facts(**facts))

    def require_open(self, doing: str) -> None:
        if not self.is_open:
            raise InvalidInput(
                N_("Complaint {reference} is {status}: cannot {doing}."),
                reference=self.reference,
                status=self.status.stage_name,
                doing=doing,
            )

    def require_evaluated(self) -> None:
        if self.evaluation is None:
            raise InvalidInput(
                N_("Complaint {reference} must be evaluated first."), reference=self.reference
            )
