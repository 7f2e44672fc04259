"""A manager records a quality meeting; every active collaborator is to read its
conclusions (each channel tells them); unread copies and the actions are followed up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.domain.authorisation import Permission
from core.domain.errors import N_, InvalidInput
from core.domain.journal import Actor
from core.domain.meeting import Meeting
from core.domain.schedule import Planned, Planner, WorkKind
from core.usecases.common import Deps, check, run
from core.usecases.ports import UnitOfWork

READ_REMINDER_DAYS = 3


@dataclass(frozen=True)
class RecordMeeting:
    held_on: date
    attendees: str
    conclusions: str
    actions: tuple[tuple[str, int, date], ...] = ()  # description, owner (staff id), due
    language: str = "fr"


def _follow_up(m: Meeting, at: datetime, planner: Planner) -> list[Planned]:
    """The first read reminder, and each action's due-day reminder to its owner."""
    assert m.id is not None
    work = [
        Planned(
            WorkKind.MEETING_READ_REMINDER,
            f"meeting-{m.id}-1",
            at + timedelta(days=READ_REMINDER_DAYS),
            {"meeting_id": m.id, "round": 1},
        )
    ]
    for a in m.actions:
        key = f"meeting-{m.id}-action-{a.number}"
        payload = {"meeting_id": m.id, "number": a.number}
        work.append(Planned(WorkKind.MEETING_ACTION_DUE, key, planner.morning(a.due_on), payload))
    return work


async def record_meeting(deps: Deps, actor: Actor, command: RecordMeeting) -> Meeting:
    check(actor, Permission.RECORD_MEETING)
    assert actor.id is not None
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Meeting:
        staff = await uow.staff.list()
        owners = {m.id: m.name for m in staff if m.id}
        for _, owner, _ in command.actions:
            if owner not in owners:
                raise InvalidInput(N_("Each action needs an owner from the staff directory."))
        meeting = Meeting.record(
            command.held_on,
            command.attendees,
            command.conclusions,
            actor.id or 0,
            now,
            list(command.actions),
        )
        meeting.reads = {m.id: None for m in staff if m.id}
        meeting.id = await uow.meetings.add(meeting)
        planner = Planner(deps.profile.deadlines, deps.calendar)
        await uow.due_work.add(_follow_up(meeting, now, planner))
        return meeting

    return await run(deps, work)
