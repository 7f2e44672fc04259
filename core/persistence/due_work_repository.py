"""The due_work table: reminders and other scheduled work, claimed with a lease."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.schedule import Planned, WorkKind
from core.persistence.spine_repositories import dialect_module
from core.persistence.tables import due_work
from core.scheduling.work import DueItem


def _item(row: Any) -> DueItem:
    return DueItem(
        row["id"],
        WorkKind(row["kind"]),
        row["key"],
        row["complaint_id"],
        row["due_at"],
        row["payload"],
        row["attempts"],
    )


class SqlDueWork:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def replace_pending(self, complaint_id: int, planned: list[Planned]) -> None:
        wanted = {(p.kind.value, p.key) for p in planned}
        query = select(due_work.c.id, due_work.c.kind, due_work.c.key).where(
            due_work.c.complaint_id == complaint_id, due_work.c.done_at.is_(None)
        )
        rows = await self._session.execute(query)
        stale = [row.id for row in rows if (row.kind, row.key) not in wanted]
        if stale:
            await self._session.execute(delete(due_work).where(due_work.c.id.in_(stale)))
        await self._insert(planned, complaint_id)  # work done or known keeps its row

    async def add(self, planned: list[Planned], complaint_id: int | None = None) -> None:
        await self._insert(planned, complaint_id)  # a known key is left as it is

    async def _insert(self, planned: list[Planned], complaint_id: int | None) -> None:
        if not planned:
            return
        rows = [
            {
                "kind": p.kind.value,
                "key": p.key,
                "complaint_id": complaint_id,
                "due_at": p.due_at,
                "payload": p.payload,
                "attempts": 0,
            }
            for p in planned
        ]
        statement = dialect_module(self._session).insert(due_work)
        await self._session.execute(
            statement.on_conflict_do_nothing(index_elements=["kind", "key"]), rows
        )  # another process may have planned the same work a moment ago

    async def claim(
        self, now: datetime, worker: str, lease: timedelta, limit: int
    ) -> list[DueItem]:
        """On PostgreSQL, rows another worker is claiming are skipped (SKIP LOCKED); on
        SQLite the transaction holds the only write lock."""
        ids = (
            select(due_work.c.id)
            .where(
                due_work.c.done_at.is_(None),
                due_work.c.due_at <= now,
                or_(due_work.c.lease_until.is_(None), due_work.c.lease_until <= now),
            )
            .order_by(due_work.c.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        chosen = list((await self._session.scalars(ids)).all())
        if not chosen:
            return []
        statement = (
            update(due_work)
            .where(due_work.c.id.in_(chosen))
            .values(lease_until=now + lease, claimed_by=worker)
            .returning(*due_work.c)
        )
        rows = (await self._session.execute(statement)).mappings().all()
        return sorted((_item(r) for r in rows), key=lambda i: (i.due_at, i.id))

    async def finish(self, item_id: int, at: datetime) -> bool:
        result = await self._session.execute(
            update(due_work)
            .where(due_work.c.id == item_id, due_work.c.done_at.is_(None))
            .values(done_at=at, attempts=due_work.c.attempts + 1)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def postpone(self, item_id: int, until: datetime, error: str) -> None:
        await self._session.execute(
            update(due_work)
            .where(due_work.c.id == item_id)
            .values(lease_until=until, error=error[:1000], attempts=due_work.c.attempts + 1)
        )
