"""The staff group bound with /setup: stored, so that no one has to know its chat id
(RECLAM_STAFF_CHAT_ID, when set, overrides it); and what the bot may do there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bots.telegram.store.tables import staff_groups
from core.persistence.spine_repositories import dialect_module


@dataclass
class StaffGroup:
    chat_id: int
    title: str
    bound_at: datetime | None = None
    bound_by: int | None = None
    topics: bool = True  # the bot may create forum topics there
    rights_lost_at: datetime | None = None  # the managers were told it lost its rights


class SqlStaffGroups:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def bound(self) -> int | None:
        """The chat id of the group bound most recently, if any."""
        query = (
            select(staff_groups.c.chat_id)
            .where(staff_groups.c.bound_at.is_not(None))
            .order_by(staff_groups.c.bound_at.desc())
            .limit(1)
        )
        found: int | None = await self._session.scalar(query)
        return found

    async def get(self, chat_id: int) -> StaffGroup | None:
        query = select(staff_groups).where(staff_groups.c.chat_id == chat_id)
        row = (await self._session.execute(query)).mappings().first()
        return StaffGroup(**row) if row is not None else None

    async def bind(self, group: StaffGroup) -> bool:
        """Make ``group`` the staff group (the one before is unbound); return whether it
        is a change (it was not the bound group already)."""
        before = await self.bound()
        await self._session.execute(
            update(staff_groups)
            .where(staff_groups.c.chat_id != group.chat_id)
            .values(bound_at=None)
        )
        await self.save(group)
        return before != group.chat_id

    async def save(self, group: StaffGroup) -> None:
        values = {
            "chat_id": group.chat_id,
            "title": group.title[:255],
            "bound_at": group.bound_at,
            "bound_by": group.bound_by,
            "topics": group.topics,
            "rights_lost_at": group.rights_lost_at,
        }
        statement = dialect_module(self._session).insert(staff_groups).values(values)
        changes = {k: statement.excluded[k] for k in values if k != "chat_id"}
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=["chat_id"], set_=changes)
        )
