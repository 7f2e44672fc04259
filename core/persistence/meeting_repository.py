"""Quality meetings, their actions and who has read them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import RowMapping, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.enums import ActionKind
from core.domain.improvement import Review
from core.domain.meeting import Meeting, MeetingAction
from core.persistence.tables import meeting_actions, meeting_reads, meetings


def _action(a: RowMapping) -> MeetingAction:
    return MeetingAction(
        a["number"],
        a["description"],
        a["owner_id"],
        a["due_on"],
        a["done_at"],
        a["result"],
        ActionKind(a["kind"]),
        a["follow_up_of"],
        a["reviewed_at"],
        a["effective"],
        a["review_note"],
    )


class SqlMeetings:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, meeting: Meeting) -> int:
        meeting_id: int = await self._session.scalar(
            insert(meetings)
            .values(
                held_on=meeting.held_on,
                attendees=meeting.attendees,
                conclusions=meeting.conclusions,
                recorded_by=meeting.recorded_by,
                recorded_at=meeting.recorded_at,
            )
            .returning(meetings.c.id)
        )
        meeting.id = meeting_id
        if meeting.actions:
            await self._session.execute(
                insert(meeting_actions),
                [
                    {
                        "meeting_id": meeting_id,
                        "number": a.number,
                        "description": a.description,
                        "owner_id": a.owner_id,
                        "due_on": a.due_on,
                        "result": "",
                        "kind": a.kind.value,
                    }
                    for a in meeting.actions
                ],
            )
        if meeting.reads:
            await self._session.execute(
                insert(meeting_reads),
                [
                    {"meeting_id": meeting_id, "staff_id": staff, "sent_at": meeting.recorded_at}
                    for staff in meeting.reads
                ],
            )
        return meeting_id

    async def get(self, meeting_id: int) -> Meeting | None:
        row = (
            (await self._session.execute(select(meetings).where(meetings.c.id == meeting_id)))
            .mappings()
            .first()
        )
        if row is None:
            return None
        actions = (
            await self._session.execute(
                select(meeting_actions)
                .where(meeting_actions.c.meeting_id == meeting_id)
                .order_by(meeting_actions.c.number)
            )
        ).mappings()
        reads = (
            await self._session.execute(
                select(meeting_reads.c.staff_id, meeting_reads.c.read_at).where(
                    meeting_reads.c.meeting_id == meeting_id
                )
            )
        ).all()
        return Meeting(
            row["held_on"],
            row["attendees"],
            row["conclusions"],
            row["recorded_by"],
            row["recorded_at"],
            [_action(a) for a in actions],
            {staff: read_at for staff, read_at in reads},
            row["id"],
        )

    async def latest(self) -> Meeting | None:
        found = await self._session.scalar(select(meetings.c.id).order_by(meetings.c.id.desc()))
        return await self.get(found) if found else None

    async def mark_read(self, meeting_id: int, staff_id: int, at: datetime) -> bool:
        """Record the reading; False when it was already recorded (or not expected)."""
        result = await self._session.execute(
            update(meeting_reads)
            .where(
                meeting_reads.c.meeting_id == meeting_id,
                meeting_reads.c.staff_id == staff_id,
                meeting_reads.c.read_at.is_(None),
            )
            .values(read_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def complete_action(
        self, meeting_id: int, number: int, result: str, at: datetime
    ) -> bool:
        done = await self._session.execute(
            update(meeting_actions)
            .where(
                meeting_actions.c.meeting_id == meeting_id,
                meeting_actions.c.number == number,
                meeting_actions.c.done_at.is_(None),
            )
            .values(done_at=at, result=result)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    async def review_action(self, meeting_id: int, number: int, review: Review) -> bool:
        """Record an action's effectiveness check; False when it is not done or checked."""
        reviewed = await self._session.execute(
            update(meeting_actions)
            .where(
                meeting_actions.c.meeting_id == meeting_id,
                meeting_actions.c.number == number,
                meeting_actions.c.done_at.is_not(None),
                meeting_actions.c.reviewed_at.is_(None),
            )
            .values(reviewed_at=review.at, effective=review.effective, review_note=review.note)
        )
        return bool(reviewed.rowcount)  # type: ignore[attr-defined]

    async def add_action(self, meeting_id: int, action: MeetingAction) -> int:
        """Add an action to a recorded meeting (a follow-up); its number is the next one."""
        last = await self._session.scalar(
            select(func.max(meeting_actions.c.number)).where(
                meeting_actions.c.meeting_id == meeting_id
            )
        )
        action.number = (last or 0) + 1
        await self._session.execute(
            insert(meeting_actions).values(
                meeting_id=meeting_id,
                number=action.number,
                description=action.description,
                owner_id=action.owner_id,
                due_on=action.due_on,
                result="",
                kind=action.kind.value,
                follow_up_of=action.follow_up_of,
            )
        )
        return action.number

    async def all(self) -> list[Meeting]:
        """Every meeting, oldest first (the improvement plan reads their actions)."""
        ids = await self._session.scalars(select(meetings.c.id).order_by(meetings.c.id))
        found = [await self.get(meeting_id) for meeting_id in ids.all()]
        return [m for m in found if m is not None]
