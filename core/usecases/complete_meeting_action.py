"""A manager marks an action of the last quality meeting done, with its result; its
effectiveness check is planned (the profile's ``effectiveness_review_days``)."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import require_text
from core.domain.errors import N_, InvalidInput
from core.domain.journal import Actor
from core.domain.schedule import Planned, Planner, WorkKind
from core.usecases.common import Deps, check, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class CompleteMeetingAction:
    number: int
    result: str
    meeting_id: int | None = None  # the last meeting when not given


async def complete_meeting_action(
    deps: Deps, actor: Actor, command: CompleteMeetingAction
) -> bool:
    """False when no meeting is recorded yet."""
    check(actor, Permission.RECORD_MEETING)
    result = require_text(command.result, N_("result"), 1000)
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> bool:
        meeting = (
            await uow.meetings.get(command.meeting_id)
            if command.meeting_id is not None
            else await uow.meetings.latest()
        )
        if meeting is None or meeting.id is None:
            return False
        if not await uow.meetings.complete_action(meeting.id, command.number, result, now):
            raise InvalidInput(N_("There is no open action with this number."))
        planner = Planner(deps.profile.deadlines, deps.calendar)
        key = f"meeting-{meeting.id}-action-{command.number}-review"
        payload = {"meeting_id": meeting.id, "number": command.number}
        at = planner.morning(planner.review_day(now))
        await uow.due_work.add([Planned(WorkKind.MEETING_ACTION_REVIEW, key, at, payload)])
        return True

    return await run(deps, work)
