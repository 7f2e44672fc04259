"""What each kind of journal event says: one frozen dataclass per kind.

The journal stores an event's facts as a JSON object (its payload). Writers build one of
these classes and the journal stores ``to_payload()``; readers get the typed object back
with ``data_of(event, Filed)`` (or ``event_data(event)`` when several kinds are read
alike). The stored format is an audit record and never changes: the keys are the ones
the journal always had, and ``from_payload`` tolerates what older rows may lack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, ClassVar, Self, TypeVar

from core.domain.enums import (
    ActionKind,
    Channel,
    ClosureKind,
    Outcome,
    Priority,
    Role,
    Status,
)
from core.domain.journal import Actor, EventKind, JournalEvent
from core.domain.values import (
    Action,
    Compensation,
    Evidence,
    Payload,
    PersonConcerned,
    iso,
    parse_date,
    parse_datetime,
)


def _value(value: Role | Status | None) -> str | None:
    return value.value if value is not None else None


def _required_date(value: Any) -> date:
    day = parse_date(value)
    assert day is not None
    return day


@dataclass(frozen=True)
class EventData:
    """The facts of one journal event; each subclass is one ``EventKind``."""

    KIND: ClassVar[EventKind]

    def to_payload(self) -> Payload:
        raise NotImplementedError

    @classmethod
    def from_payload(cls, p: Payload) -> EventData:
        raise NotImplementedError


@dataclass(frozen=True)
class Filed(EventData):
    KIND: ClassVar[EventKind] = EventKind.FILED

    client_id: int
    category: str
    subject: str
    description: str
    incident_on: date | None
    incident_place: str
    persons: tuple[PersonConcerned, ...]
    evidence: tuple[Evidence, ...]
    desired_code: str | None
    desired_text: str
    confidential: bool
    acknowledge_by: date | None
    channel: Channel = Channel.TELEGRAM
    received_at: datetime | None = None  # None: received when filed (the event's time)

    def to_payload(self) -> Payload:
        return {
            "client_id": self.client_id,
            "category": self.category,
            "subject": self.subject,
            "description": self.description,
            "incident_on": iso(self.incident_on),
            "incident_place": self.incident_place,
            "persons": [x.to_payload() for x in self.persons],
            "evidence": [x.to_payload() for x in self.evidence],
            "desired_code": self.desired_code,
            "desired_text": self.desired_text,
            "confidential": self.confidential,
            "channel": self.channel.value,
            "received_at": iso(self.received_at),
            "acknowledge_by": iso(self.acknowledge_by),
        }

    @classmethod
    def from_payload(cls, p: Payload) -> Filed:
        return cls(
            client_id=p["client_id"],
            category=p["category"],
            subject=p["subject"],
            description=p["description"],
            incident_on=parse_date(p["incident_on"]),
            incident_place=p["incident_place"],
            persons=tuple(PersonConcerned.from_payload(x) for x in p["persons"]),
            evidence=tuple(Evidence.from_payload(x) for x in p["evidence"]),
            desired_code=p["desired_code"],
            desired_text=p["desired_text"],
            confidential=p["confidential"],
            acknowledge_by=parse_date(p["acknowledge_by"]),
            channel=Channel(p.get("channel", Channel.TELEGRAM)),  # older rows: the chat
            received_at=parse_datetime(p.get("received_at")),
        )


@dataclass(frozen=True)
class Acknowledged(EventData):
    KIND: ClassVar[EventKind] = EventKind.ACKNOWLEDGED

    document_name: str
    document_sha256: str
    answer_by: date
    clarification: str = ""
    document_id: int | None = None  # the letter kept, for a client without the chat
    by_post: bool = False  # the deadline to acknowledge runs until the letter is posted

    def to_payload(self) -> Payload:
        p: Payload = {
            "document_name": self.document_name,
            "document_sha256": self.document_sha256,
            "answer_by": iso(self.answer_by),
            "clarification": self.clarification,
        }
        if self.document_id is not None:
            p["document_id"] = self.document_id
        if self.by_post:
            p["by_post"] = True
        return p

    @classmethod
    def from_payload(cls, p: Payload) -> Acknowledged:
        return cls(
            document_name=p["document_name"],
            document_sha256=p["document_sha256"],
            answer_by=_required_date(p["answer_by"]),
            clarification=p.get("clarification") or "",
            document_id=p.get("document_id"),
            by_post=bool(p.get("by_post", False)),
        )


@dataclass(frozen=True)
class Evaluated(EventData):
    KIND: ClassVar[EventKind] = EventKind.EVALUATED

    severity: int
    complexity: int
    impact: int
    safety: bool
    priority: Priority
    answer_by: date | None

    def to_payload(self) -> Payload:
        return {
            "severity": self.severity,
            "complexity": self.complexity,
            "impact": self.impact,
            "safety": self.safety,
            "priority": self.priority.value,
            "answer_by": iso(self.answer_by),
        }

    @classmethod
    def from_payload(cls, p: Payload) -> Evaluated:
        return cls(
            severity=p["severity"],
            complexity=p["complexity"],
            impact=p["impact"],
            safety=p["safety"],
            priority=Priority(p["priority"]),
            answer_by=parse_date(p["answer_by"]),
        )


@dataclass(frozen=True)
class HandlerAssigned(EventData):
    KIND: ClassVar[EventKind] = EventKind.HANDLER_ASSIGNED

    staff_id: int | None
    name: str = ""

    def to_payload(self) -> Payload:
        return {"staff_id": self.staff_id, "name": self.name}

    @classmethod
    def from_payload(cls, p: Payload) -> HandlerAssigned:
        return cls(p["staff_id"], p.get("name", ""))


@dataclass(frozen=True)
class ActionPlanned(EventData):
    KIND: ClassVar[EventKind] = EventKind.ACTION_PLANNED

    number: int
    kind: ActionKind
    description: str
    owner_id: int
    due_on: date
    planned_at: datetime
    shared_with_client: bool = False
    follow_up_of: int | None = None

    @classmethod
    def of(cls, a: Action) -> ActionPlanned:
        return cls(
            a.number, a.kind, a.description, a.owner_id, a.due_on, a.planned_at,
            a.shared_with_client, a.follow_up_of,
        )  # fmt: skip

    def action(self) -> Action:
        """A new action, as planned (not done yet)."""
        return Action(
            self.number, self.kind, self.description, self.owner_id, self.due_on,
            self.planned_at, self.shared_with_client, follow_up_of=self.follow_up_of,
        )  # fmt: skip

    def to_payload(self) -> Payload:
        return self.action().to_payload()

    @classmethod
    def from_payload(cls, p: Payload) -> ActionPlanned:
        return cls.of(Action.from_payload(p))


@dataclass(frozen=True)
class ActionCompleted(EventData):
    KIND: ClassVar[EventKind] = EventKind.ACTION_COMPLETED

    number: int
    result: str

    def to_payload(self) -> Payload:
        return {"number": self.number, "result": self.result}

    @classmethod
    def from_payload(cls, p: Payload) -> ActionCompleted:
        return cls(p["number"], p["result"])


@dataclass(frozen=True)
class ActionReviewed(EventData):
    """The effectiveness check of a completed action: did it work?"""

    KIND: ClassVar[EventKind] = EventKind.ACTION_REVIEWED

    number: int
    effective: bool
    note: str

    def to_payload(self) -> Payload:
        return {"number": self.number, "effective": self.effective, "note": self.note}

    @classmethod
    def from_payload(cls, p: Payload) -> ActionReviewed:
        return cls(p["number"], p["effective"], p["note"])


@dataclass(frozen=True)
class ClientInformed(EventData):
    KIND: ClassVar[EventKind] = EventKind.CLIENT_INFORMED

    message: str

    def to_payload(self) -> Payload:
        return {"message": self.message}

    @classmethod
    def from_payload(cls, p: Payload) -> ClientInformed:
        return cls(p.get("message", ""))


@dataclass(frozen=True)
class NoteAdded(EventData):
    KIND: ClassVar[EventKind] = EventKind.NOTE_ADDED

    text: str

    def to_payload(self) -> Payload:
        return {"text": self.text}

    @classmethod
    def from_payload(cls, p: Payload) -> NoteAdded:
        return cls(p.get("text", ""))


@dataclass(frozen=True)
class ClientInformationAdded(EventData):
    KIND: ClassVar[EventKind] = EventKind.CLIENT_INFORMATION_ADDED

    text: str
    evidence: tuple[Evidence, ...] = ()

    def to_payload(self) -> Payload:
        return {"text": self.text, "evidence": [x.to_payload() for x in self.evidence]}

    @classmethod
    def from_payload(cls, p: Payload) -> ClientInformationAdded:
        return cls(p.get("text", ""), tuple(Evidence.from_payload(x) for x in p["evidence"]))


@dataclass(frozen=True)
class Decided(EventData):
    """The school's answer: accepted (with compensations) or rejected (with the mediator)."""

    OUTCOME: ClassVar[Outcome]

    reasons: str
    compensations: tuple[Compensation, ...] = ()
    mediator_block: str = ""
    document_id: int | None = None  # the letter, for a client who does not use the chat
    by_post: bool = False  # the letter is posted by staff

    def with_letter(self, document_id: int, by_post: bool) -> Self:
        return replace(self, document_id=document_id, by_post=by_post)

    def to_payload(self) -> Payload:
        p: Payload = {
            "outcome": self.OUTCOME.value,
            "reasons": self.reasons,
            "compensations": [x.to_payload() for x in self.compensations],
            "mediator_block": self.mediator_block,
        }
        if self.document_id is not None:
            p["document_id"] = self.document_id
        if self.by_post:
            p["by_post"] = True
        return p

    @classmethod
    def from_payload(cls, p: Payload) -> Decided:
        return cls(
            reasons=p["reasons"],
            compensations=tuple(Compensation.from_payload(x) for x in p.get("compensations", [])),
            mediator_block=p.get("mediator_block", ""),
            document_id=p.get("document_id"),
            by_post=bool(p.get("by_post", False)),
        )


@dataclass(frozen=True)
class Accepted(Decided):
    KIND: ClassVar[EventKind] = EventKind.ACCEPTED
    OUTCOME: ClassVar[Outcome] = Outcome.ACCEPTED


@dataclass(frozen=True)
class Rejected(Decided):
    KIND: ClassVar[EventKind] = EventKind.REJECTED
    OUTCOME: ClassVar[Outcome] = Outcome.REJECTED


@dataclass(frozen=True)
class SurveyAnswered(EventData):
    KIND: ClassVar[EventKind] = EventKind.SURVEY_ANSWERED

    taken_into_account: bool
    actions_carried_out: bool
    satisfaction: int
    comment: str = ""

    def to_payload(self) -> Payload:
        return {
            "taken_into_account": self.taken_into_account,
            "actions_carried_out": self.actions_carried_out,
            "satisfaction": self.satisfaction,
            "comment": self.comment,
        }

    @classmethod
    def from_payload(cls, p: Payload) -> SurveyAnswered:
        return cls(
            p["taken_into_account"],
            p["actions_carried_out"],
            int(p["satisfaction"]),
            p.get("comment") or "",
        )


@dataclass(frozen=True)
class Closed(EventData):
    KIND: ClassVar[EventKind] = EventKind.CLOSED

    kind: ClosureKind
    reason: str = ""

    def to_payload(self) -> Payload:
        return {"kind": self.kind.value, "reason": self.reason}

    @classmethod
    def from_payload(cls, p: Payload) -> Closed:
        return cls(ClosureKind(p["kind"]), p.get("reason") or "")


@dataclass(frozen=True)
class Reopened(EventData):
    KIND: ClassVar[EventKind] = EventKind.REOPENED

    reason: str
    previous_status: Status | None = None

    def to_payload(self) -> Payload:
        return {"reason": self.reason, "previous_status": _value(self.previous_status)}

    @classmethod
    def from_payload(cls, p: Payload) -> Reopened:
        previous = p.get("previous_status")
        return cls(p.get("reason", ""), Status(previous) if previous else None)


@dataclass(frozen=True)
class Withdrawn(EventData):
    KIND: ClassVar[EventKind] = EventKind.WITHDRAWN

    reason: str = ""

    def to_payload(self) -> Payload:
        return {"reason": self.reason}

    @classmethod
    def from_payload(cls, p: Payload) -> Withdrawn:
        return cls(p.get("reason") or "")


@dataclass(frozen=True)
class AccessRefused(EventData):
    """A refusal: what was asked, why not, and what the channel knows of who asked."""

    KIND: ClassVar[EventKind] = EventKind.ACCESS_REFUSED

    permission: str
    reason: str
    sender: Mapping[str, Any] = field(default_factory=dict)  # stored beside, as they are

    def to_payload(self) -> Payload:
        return {"permission": self.permission, "reason": self.reason, **self.sender}

    @classmethod
    def from_payload(cls, p: Payload) -> AccessRefused:
        sender = {k: v for k, v in p.items() if k not in ("permission", "reason")}
        return cls(p.get("permission", ""), p.get("reason", ""), sender)


@dataclass(frozen=True)
class StaffAdded(EventData):
    KIND: ClassVar[EventKind] = EventKind.STAFF_ADDED

    staff_id: int | None
    name: str
    role: Role | None

    def to_payload(self) -> Payload:
        return {"staff_id": self.staff_id, "name": self.name, "role": _value(self.role)}

    @classmethod
    def from_payload(cls, p: Payload) -> StaffAdded:
        role = p.get("role")
        return cls(p.get("staff_id"), p.get("name", ""), Role(role) if role else None)


@dataclass(frozen=True)
class StaffRemoved(EventData):
    KIND: ClassVar[EventKind] = EventKind.STAFF_REMOVED

    staff_id: int | None
    name: str

    def to_payload(self) -> Payload:
        return {"staff_id": self.staff_id, "name": self.name}

    @classmethod
    def from_payload(cls, p: Payload) -> StaffRemoved:
        return cls(p.get("staff_id"), p.get("name", ""))


@dataclass(frozen=True)
class StaffInvited(EventData):
    KIND: ClassVar[EventKind] = EventKind.STAFF_INVITED

    name: str
    role: Role | None
    expires_at: datetime | None = None

    def to_payload(self) -> Payload:
        expires = self.expires_at.isoformat() if self.expires_at else None
        return {"name": self.name, "role": _value(self.role), "expires_at": expires}

    @classmethod
    def from_payload(cls, p: Payload) -> StaffInvited:
        role, expires = p.get("role"), p.get("expires_at")
        return cls(
            p.get("name", ""),
            Role(role) if role else None,
            datetime.fromisoformat(expires) if expires else None,
        )


@dataclass(frozen=True)
class Anonymised(EventData):
    KIND: ClassVar[EventKind] = EventKind.ANONYMISED

    reason: str = ""

    def to_payload(self) -> Payload:
        return {"reason": self.reason}

    @classmethod
    def from_payload(cls, p: Payload) -> Anonymised:
        return cls(p.get("reason") or "")


@dataclass(frozen=True)
class ClientJoinedChat(EventData):
    """The client follows the complaint in the chat from now on (through their link)."""

    KIND: ClassVar[EventKind] = EventKind.CLIENT_JOINED_CHAT

    def to_payload(self) -> Payload:
        return {}

    @classmethod
    def from_payload(cls, _p: Payload) -> ClientJoinedChat:
        return cls()


@dataclass(frozen=True)
class LetterPosted(EventData):
    """Staff posted a letter to a client without chat nor email."""

    KIND: ClassVar[EventKind] = EventKind.LETTER_POSTED

    what: str  # "acknowledgement" or "answer"
    posted_on: date | None = None

    def to_payload(self) -> Payload:
        return {"what": self.what, "posted_on": iso(self.posted_on)}

    @classmethod
    def from_payload(cls, p: Payload) -> LetterPosted:
        return cls(p.get("what", ""), parse_date(p.get("posted_on")))


#: every kind of event, and the class of what it says
DATA: dict[EventKind, type[EventData]] = {
    cls.KIND: cls
    for cls in (
        Filed,
        Acknowledged,
        Evaluated,
        HandlerAssigned,
        ActionPlanned,
        ActionCompleted,
        ActionReviewed,
        ClientInformed,
        NoteAdded,
        ClientInformationAdded,
        Accepted,
        Rejected,
        SurveyAnswered,
        Closed,
        Reopened,
        Withdrawn,
        AccessRefused,
        StaffAdded,
        StaffRemoved,
        StaffInvited,
        Anonymised,
        ClientJoinedChat,
        LetterPosted,
    )
}

D = TypeVar("D", bound=EventData)


def event_data(event: JournalEvent) -> EventData:
    """What ``event`` says, typed by its kind."""
    return DATA[event.kind].from_payload(event.payload)


def data_of(event: JournalEvent, cls: type[D]) -> D:
    """What ``event`` says, as ``cls`` (which must be its kind's class, or a base of it)."""
    data = event_data(event)
    if not isinstance(data, cls):
        raise TypeError(f"a {event.kind.value} event does not say {cls.__name__}")
    return data


def journal_event(
    data: EventData,
    at: datetime,
    actor: Actor,
    *,
    visible: bool = False,
    reference: str | None = None,
) -> JournalEvent:
    """The journal event that says ``data``."""
    return JournalEvent(data.KIND, at, actor, data.to_payload(), visible, reference)
