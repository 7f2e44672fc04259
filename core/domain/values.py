"""Value objects of a complaint, with their journal (JSON) form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.domain.enums import (
    ActionKind,
    ClosureKind,
    CompensationKind,
    EvidenceKind,
    Outcome,
    Priority,
)

Payload = dict[str, Any]


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def parse_date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def parse_datetime(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class PersonConcerned:
    """A staff member from the directory, or someone described in free text."""

    staff_id: int | None = None
    name: str = ""

    def to_payload(self) -> Payload:
        return {"staff_id": self.staff_id, "name": self.name}

    @classmethod
    def from_payload(cls, p: Payload) -> PersonConcerned:
        return cls(staff_id=p.get("staff_id"), name=p.get("name", ""))


@dataclass(frozen=True)
class Evidence:
    """A file the client sent: the channel's reference to it (``file_id``), what it is,
    and what the channel said of it (its original name, media type and size in bytes)."""

    file_id: str
    kind: EvidenceKind
    caption: str = ""
    name: str = ""
    mime_type: str = ""
    size: int | None = None

    def to_payload(self) -> Payload:
        payload: Payload = {"file_id": self.file_id, "kind": self.kind.value}
        payload["caption"] = self.caption
        if self.name or self.mime_type or self.size is not None:
            payload |= {"name": self.name, "mime_type": self.mime_type, "size": self.size}
        return payload

    @classmethod
    def from_payload(cls, p: Payload) -> Evidence:
        return cls(
            p["file_id"],
            EvidenceKind(p["kind"]),
            p.get("caption", ""),
            p.get("name", ""),
            p.get("mime_type", ""),
            p.get("size"),
        )


@dataclass(frozen=True)
class DesiredSolution:
    """What the client wants: a catalogue entry, free text, or both."""

    code: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Acknowledgement:
    at: datetime
    document_name: str
    document_sha256: str
    answer_by: date
    by_post: bool = False  # the client has neither chat nor email: the letter is posted
    posted_at: datetime | None = None

    @property
    def sent_at(self) -> datetime | None:
        """When the client was given it: at once, or when the letter was posted."""
        return self.posted_at if self.by_post else self.at


@dataclass(frozen=True)
class Evaluation:
    severity: int
    complexity: int
    impact: int
    safety: bool
    priority: Priority
    answer_by: date | None
    at: datetime


@dataclass
class Action:
    number: int
    kind: ActionKind
    description: str
    owner_id: int
    due_on: date
    planned_at: datetime
    shared_with_client: bool = False
    result: str = ""
    done_at: datetime | None = None
    follow_up_of: int | None = None  # the action found not effective that this one follows
    reviewed_at: datetime | None = None  # when its effectiveness was checked
    effective: bool | None = None
    review_note: str = ""

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def to_payload(self) -> Payload:
        return {
            "number": self.number,
            "kind": self.kind.value,
            "description": self.description,
            "owner_id": self.owner_id,
            "due_on": iso(self.due_on),
            "planned_at": iso(self.planned_at),
            "shared_with_client": self.shared_with_client,
        } | ({"follow_up_of": self.follow_up_of} if self.follow_up_of is not None else {})

    @classmethod
    def from_payload(cls, p: Payload) -> Action:
        due_on, planned_at = parse_date(p["due_on"]), parse_datetime(p["planned_at"])
        assert due_on is not None
        assert planned_at is not None
        return cls(
            number=p["number"],
            kind=ActionKind(p["kind"]),
            description=p["description"],
            owner_id=p["owner_id"],
            due_on=due_on,
            planned_at=planned_at,
            shared_with_client=p.get("shared_with_client", False),
            follow_up_of=p.get("follow_up_of"),
        )


@dataclass(frozen=True)
class Compensation:
    kind: CompensationKind
    amount_cents: int = 0
    quantity: int = 0
    description: str = ""

    def to_payload(self) -> Payload:
        return {
            "kind": self.kind.value,
            "amount_cents": self.amount_cents,
            "quantity": self.quantity,
            "description": self.description,
        }

    @classmethod
    def from_payload(cls, p: Payload) -> Compensation:
        return cls(CompensationKind(p["kind"]), p["amount_cents"], p["quantity"], p["description"])


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reasons: str
    compensations: tuple[Compensation, ...]
    mediator_block: str
    at: datetime
    by_staff_id: int


@dataclass(frozen=True)
class SurveyAnswer:
    taken_into_account: bool
    actions_carried_out: bool
    satisfaction: int
    comment: str
    at: datetime


@dataclass(frozen=True)
class Closure:
    kind: ClosureKind
    reason: str
    at: datetime
