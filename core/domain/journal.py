"""The append-only journal: who did what, when, and whether the client may see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from core.domain.enums import ActorKind, Role
from core.domain.values import Payload


@dataclass(frozen=True)
class Actor:
    """Someone acting on the process: a client, a staff member or the system itself."""

    kind: ActorKind
    id: int | None = None
    role: Role | None = None
    name: str = ""

    @classmethod
    def client(cls, client_id: int, name: str = "") -> Actor:
        return cls(ActorKind.CLIENT, client_id, None, name)

    @classmethod
    def staff(cls, staff_id: int, role: Role, name: str = "") -> Actor:
        return cls(ActorKind.STAFF, staff_id, role, name)

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorKind.SYSTEM, None, None, "Reclam")

    @classmethod
    def unknown(cls, name: str) -> Actor:
        """Someone the school does not know (their channel says how it names them)."""
        return cls(ActorKind.UNKNOWN, None, None, name)

    @property
    def is_client(self) -> bool:
        return self.kind is ActorKind.CLIENT

    @property
    def is_manager(self) -> bool:
        return self.kind is ActorKind.STAFF and self.role is Role.MANAGER


class EventKind(StrEnum):
    FILED = "filed"
    ACKNOWLEDGED = "acknowledged"
    EVALUATED = "evaluated"
    HANDLER_ASSIGNED = "handler_assigned"
    ACTION_PLANNED = "action_planned"
    ACTION_COMPLETED = "action_completed"
    ACTION_REVIEWED = "action_reviewed"  # the effectiveness check of a completed action
    CLIENT_INFORMED = "client_informed"
    NOTE_ADDED = "note_added"
    CLIENT_INFORMATION_ADDED = "client_information_added"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SURVEY_ANSWERED = "survey_answered"
    CLOSED = "closed"
    REOPENED = "reopened"
    WITHDRAWN = "withdrawn"
    ACCESS_REFUSED = "access_refused"
    STAFF_ADDED = "staff_added"
    STAFF_REMOVED = "staff_removed"
    STAFF_INVITED = "staff_invited"  # a personal link to join the staff was made
    ANONYMISED = "anonymised"
    CLIENT_JOINED_CHAT = "client_joined_chat"  # followed from then on in the chat
    LETTER_POSTED = "letter_posted"  # a letter to a client without chat nor email


@dataclass(frozen=True)
class JournalEvent:
    kind: EventKind
    occurred_at: datetime
    actor: Actor
    payload: Payload = field(default_factory=dict)
    client_visible: bool = False
    reference: str | None = None
    id: int | None = None
