"""The quality meeting (réunion qualité): its conclusions and the improvement actions it
decided, which reach every collaborator, each of whom confirms reading them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from core.domain.complaint import require_text
from core.domain.enums import ActionKind
from core.domain.errors import N_, InvalidInput


@dataclass
class MeetingAction:
    number: int
    description: str
    owner_id: int
    due_on: date
    done_at: datetime | None = None
    result: str = ""
    kind: ActionKind = ActionKind.IMPROVEMENT
    follow_up_of: int | None = None  # the action found not effective that this one follows
    reviewed_at: datetime | None = None  # when its effectiveness was checked
    effective: bool | None = None
    review_note: str = ""


@dataclass
class Meeting:
    held_on: date
    attendees: str
    conclusions: str
    recorded_by: int
    recorded_at: datetime
    actions: list[MeetingAction] = field(default_factory=list)
    reads: dict[int, datetime | None] = field(default_factory=dict)  # staff id -> read at
    id: int | None = None

    @classmethod
    def record(
        cls,
        held_on: date,
        attendees: str,
        conclusions: str,
        recorded_by: int,
        at: datetime,
        actions: list[tuple[str, int, date]],
    ) -> Meeting:
        meeting = cls(
            held_on,
            require_text(attendees, N_("list of attendees"), 1000),
            require_text(conclusions, N_("conclusions")),
            recorded_by,
            at,
        )
        for number, (description, owner_id, due_on) in enumerate(actions, start=1):
            if due_on < held_on:
                raise InvalidInput(N_("An action cannot be due before the meeting."))
            text = require_text(description, N_("action"), 500)
            meeting.actions.append(MeetingAction(number, text, owner_id, due_on))
        return meeting

    @property
    def unread(self) -> list[int]:
        return sorted(staff for staff, at in self.reads.items() if at is None)
