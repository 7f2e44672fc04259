"""Quality meetings, their actions and who has read them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.meeting import Meeting, MeetingAction
from core.persistence.tables import meeting_actions, meeting_reads, meetings


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
            [
                MeetingAction(
                    a["number"],
                    a["description"],
                    a["owner_id"],
                    a["due_on"],
                    a["done_at"],
                    a["result"],
                )
                for a in actions
            ],
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
