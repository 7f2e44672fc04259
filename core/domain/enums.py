"""The vocabulary of the complaint process."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from core.domain.errors import N_


class Status(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    EVALUATED = "evaluated"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    REOPENED = "reopened"

    @property
    def is_open(self) -> bool:
        """Open stages: the school still owes the client an answer."""
        return self in OPEN_STATUSES

    @property
    def stage_name(self) -> str:
        """The stage in words (a message id, for error messages)."""
        return STAGE_NAMES[self]


OPEN_STATUSES = frozenset(
    {Status.RECEIVED, Status.ACKNOWLEDGED, Status.EVALUATED, Status.IN_PROGRESS, Status.REOPENED}
)


STAGE_NAMES = {
    Status.RECEIVED: N_("received"),
    Status.ACKNOWLEDGED: N_("acknowledged"),
    Status.EVALUATED: N_("evaluated"),
    Status.IN_PROGRESS: N_("in progress"),
    Status.ANSWERED: N_("answered"),
    Status.CLOSED: N_("closed"),
    Status.WITHDRAWN: N_("withdrawn"),
    Status.REOPENED: N_("reopened"),
}


class Channel(StrEnum):
    """How the school received a complaint. Every channel enters the one register."""

    TELEGRAM = "telegram"
    PHONE = "phone"
    DESK = "desk"
    LETTER = "letter"
    EMAIL = "email"
    REVIEW = "review"
    OTHER = "other"


class Role(StrEnum):
    MANAGER = "manager"
    AGENT = "agent"
    INSTRUCTOR = "instructor"


class ActorKind(StrEnum):
    CLIENT = "client"
    STAFF = "staff"
    SYSTEM = "system"
    UNKNOWN = "unknown"  # someone outside the staff directory, acting where only staff may


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ActionKind(StrEnum):
    CORRECTIVE = "corrective"
    PREVENTIVE = "preventive"
    IMPROVEMENT = "improvement"


class CompensationKind(StrEnum):
    CREDIT_NOTE = "credit_note"
    EXTRA_LESSON = "extra_lesson"
    APOLOGY = "apology"
    REFUND = "refund"
    OTHER = "other"

    @property
    def needs_amount(self) -> bool:
        return self in (CompensationKind.CREDIT_NOTE, CompensationKind.REFUND)


class EvidenceKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"
    VOICE = "voice"
    VIDEO = "video"
    TEXT = "text"


class Priority(IntEnum):
    P1 = 1
    P2 = 2
    P3 = 3
    P4 = 4

    @property
    def label(self) -> str:
        return f"P{self.value}"


class ClosureKind(StrEnum):
    SURVEY_ANSWERED = "survey_answered"
    SURVEY_TIMED_OUT = "survey_timed_out"
    MANAGER = "manager"


class DeadlineMode(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


class HistorySignal(StrEnum):
    FIRST = "first"
    ONE_OFF = "one_off"
    SLOW_DEGRADATION = "slow_degradation"
