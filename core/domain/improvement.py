"""The improvement plan (Qualiopi indicator 32, ISO 10002 §9): every corrective,
preventive and improvement action, whether it came from a complaint or from a quality
meeting, with its owner, due date, result and the check of its effectiveness.

An action done is checked some days later (the profile's ``effectiveness_review_days``):
its owner, or a manager, says whether it worked. One found not effective is followed by
a new action linked to it. Recurrence — a later complaint of the same category or naming
the same person — is shown next to the complaint actions that were meant to prevent it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from core.domain.complaint import Complaint
from core.domain.enums import ActionKind, Status
from core.domain.meeting import Meeting, MeetingAction
from core.domain.values import Action

#: a follow-up action is due this long after the check found its predecessor not effective
FOLLOW_UP_DAYS = 30


class Origin(StrEnum):
    COMPLAINT = "complaint"
    MEETING = "meeting"


class PlanStatus(StrEnum):
    """Where an action stands, in the order the plan lists them."""

    OVERDUE = "overdue"  # not done, past its due date
    REVIEW_OVERDUE = "review_overdue"  # done, its effectiveness check is late
    OPEN = "open"
    TO_REVIEW = "to_review"  # done, its effectiveness check is still to come
    NOT_EFFECTIVE = "not_effective"
    EFFECTIVE = "effective"


@dataclass(frozen=True)
class EffectivenessCounts:
    """The quality pack's view of the plan over a period."""

    checked: int  # effectiveness checks recorded in the period
    effective: int  # of which the action worked
    checks_late: int  # actions done whose check is overdue at the period's end

    @property
    def effective_pct(self) -> float | None:
        return round(100 * self.effective / self.checked, 1) if self.checked else None


@dataclass(frozen=True)
class Review:
    effective: bool
    note: str
    at: datetime


@dataclass(frozen=True)
class ActionRef:
    """An action, wherever it came from: a complaint's reference, or a meeting's id."""

    origin: Origin
    source: str  # the complaint's reference, or the meeting's id
    number: int

    @property
    def key(self) -> str:
        """The action's key in buttons and scheduled work: ``REF`` or ``M<id>``."""
        return self.source if self.origin is Origin.COMPLAINT else f"M{self.source}"

    @classmethod
    def parse(cls, key: str, number: int) -> ActionRef:
        if key.startswith("M") and key[1:].isdigit():
            return cls(Origin.MEETING, key[1:], number)
        return cls(Origin.COMPLAINT, key, number)


@dataclass(frozen=True)
class PlanEntry:
    ref: ActionRef
    source_date: date  # the complaint's receipt, or the meeting's day
    kind: ActionKind
    description: str
    owner_id: int
    due_on: date
    done_at: datetime | None
    result: str
    review_due: date | None
    review: Review | None
    follow_up_of: int | None
    category: str = ""
    confidential: bool = False
    recurrences: tuple[str, ...] = ()  # later complaints of the same category or person

    def status(self, today: date) -> PlanStatus:
        if self.review is not None:
            return PlanStatus.EFFECTIVE if self.review.effective else PlanStatus.NOT_EFFECTIVE
        if self.done_at is not None:
            late = self.review_due is not None and self.review_due < today
            return PlanStatus.REVIEW_OVERDUE if late else PlanStatus.TO_REVIEW
        return PlanStatus.OVERDUE if self.due_on < today else PlanStatus.OPEN


@dataclass(frozen=True)
class PlanRules:
    review_days: int  # the profile's effectiveness_review_days
    local_day: Callable[[datetime], date]  # the school's calendar day of an instant

    def review_due(self, done_at: datetime | None) -> date | None:
        """The day an action done at ``done_at`` is to be checked for its effect."""
        return self.local_day(done_at) + timedelta(days=self.review_days) if done_at else None


def _review(effective: bool | None, note: str, at: datetime | None) -> Review | None:
    return Review(effective, note, at) if effective is not None and at is not None else None


def complaint_entries(
    c: Complaint, rules: PlanRules, recurrences: dict[int, tuple[str, ...]]
) -> list[PlanEntry]:
    """The actions of one complaint, with the later complaints each was meant to prevent."""
    return [
        PlanEntry(
            ActionRef(Origin.COMPLAINT, c.reference, a.number),
            rules.local_day(c.received_at or a.planned_at),
            a.kind,
            a.description,
            a.owner_id,
            a.due_on,
            a.done_at,
            a.result,
            rules.review_due(a.done_at),
            _review(a.effective, a.review_note, a.reviewed_at),
            a.follow_up_of,
            c.category,
            c.confidential,
            recurrences.get(a.number, ()),
        )
        for a in c.actions
        if c.status is not Status.WITHDRAWN
    ]


def meeting_entries(m: Meeting, rules: PlanRules) -> list[PlanEntry]:
    return [
        PlanEntry(
            ActionRef(Origin.MEETING, str(m.id), a.number),
            m.held_on,
            a.kind,
            a.description,
            a.owner_id,
            a.due_on,
            a.done_at,
            a.result,
            rules.review_due(a.done_at),
            _review(a.effective, a.review_note, a.reviewed_at),
            a.follow_up_of,
        )
        for a in m.actions
    ]


def recurrences_of(c: Complaint, later: Iterable[Complaint]) -> dict[int, tuple[str, ...]]:
    """For each action of ``c`` done, the complaints received after it was done that share
    ``c``'s category or name one of the same persons: what the action did not prevent."""
    named = {p.staff_id or p.name for p in c.persons}
    found: dict[int, tuple[str, ...]] = {}
    for action in c.actions:
        if action.done_at is None:
            continue
        since = action.done_at
        found[action.number] = tuple(
            o.reference
            for o in later
            if o.reference != c.reference
            and o.received_at is not None
            and o.received_at > since
            and (o.category == c.category or named & {p.staff_id or p.name for p in o.persons})
        )
    return found


def follow_up(action: Action | MeetingAction, today: date) -> tuple[ActionKind, str, int, date]:
    """What the follow-up of an action found not effective is: same kind (an improvement
    becomes corrective), same description and owner, due in ``FOLLOW_UP_DAYS``."""
    kind = ActionKind.CORRECTIVE if action.kind is ActionKind.IMPROVEMENT else action.kind
    return kind, action.description, action.owner_id, today + timedelta(days=FOLLOW_UP_DAYS)


def ordered(entries: Iterable[PlanEntry], today: date) -> list[PlanEntry]:
    """Overdue first, then late checks, open, to check, and the checked ones; by due date."""
    rank = {status: i for i, status in enumerate(PlanStatus)}
    return sorted(
        entries, key=lambda e: (rank[e.status(today)], e.due_on, e.ref.key, e.ref.number)
    )
