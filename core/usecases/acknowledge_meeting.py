"""A collaborator confirms having read the quality meeting's conclusions."""

from __future__ import annotations

from core.domain.errors import N_, InvalidInput, NotFound
from core.domain.journal import Actor
from core.usecases.common import Deps, run
from core.usecases.ports import UnitOfWork


async def acknowledge_meeting(deps: Deps, actor: Actor, meeting_id: int) -> bool:
    """True when the reading is recorded now, False when it already was."""
    if actor.is_client or actor.id is None:
        raise InvalidInput(N_("Only staff members confirm reading the meeting's conclusions."))
    staff_id = actor.id

    async def work(uow: UnitOfWork) -> bool:
        meeting = await uow.meetings.get(meeting_id)
        if meeting is None or staff_id not in meeting.reads:
            raise NotFound(N_("This meeting was not sent to you."))
        return await uow.meetings.mark_read(meeting_id, staff_id, deps.clock.now())

    return await run(deps, work)
