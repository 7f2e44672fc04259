"""The outbox in the database, and the dialect helper for INSERT … ON CONFLICT."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, text, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import Delivery, FailedDelivery, Lane, OutboxItem
from core.persistence.tables import outbox


def dialect_module(session: AsyncSession) -> Any:
    """The dialect's module, for its INSERT … ON CONFLICT."""
    name = session.bind.dialect.name if session.bind else "sqlite"
    return postgresql if name == "postgresql" else sqlite


#: an item still to deliver: waiting, or under way when the process stopped (its call may
#: or may not have reached the channel: it is made again, at least once)
WAITING = ("pending", "sending")
#: on PostgreSQL, a transaction that queues deliveries notifies this channel as it commits:
#: the replica that drains the outbox is woken by the others' work
OUTBOX_CHANNEL = "reclam_outbox"


def _item(row: Any) -> OutboxItem:
    return OutboxItem(
        row["id"],
        row["channel"],
        row["recipient"],
        row["method"],
        row["payload"],
        row["attempts"],
        row["created_at"],
        row["status"],
    )


class SqlOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, items: list[Delivery], at: datetime) -> None:
        """Queue the deliveries, in order, in one statement."""
        if not items:
            return
        rows = [
            {
                "channel": item.channel,
                "recipient": item.recipient,
                "method": item.method,
                "payload": item.payload,
                "created_at": at,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": at,
            }
            for item in items
        ]
        await self._session.execute(insert(outbox), rows)
        if self._session.bind is not None and self._session.bind.dialect.name == "postgresql":
            await self._session.execute(text(f"NOTIFY {OUTBOX_CHANNEL}"))

    async def due(
        self, now: datetime, limit: int = 200, exclude: set[Lane] | None = None
    ) -> list[OutboxItem]:
        """Pending items, oldest first, of lanes not in ``exclude``; a lane whose oldest
        item waits for a retry is held back entirely, so messages never overtake."""
        query = select(outbox).where(outbox.c.status.in_(WAITING))
        if exclude:
            query = query.where(tuple_(outbox.c.channel, outbox.c.recipient).not_in(exclude))
        rows = await self._session.execute(query.order_by(outbox.c.id).limit(limit * 4))
        held: set[Lane] = set()
        ready: list[OutboxItem] = []
        for row in rows.mappings():
            item = _item(row)
            if item.lane in held:
                continue
            if row["next_attempt_at"] > now:
                held.add(item.lane)
                continue
            ready.append(item)
        return ready[:limit]

    async def fail_pending(self, lane: Lane, at: datetime, error: str) -> list[OutboxItem]:
        """Give up every pending item of ``lane``; return them."""
        where = [
            outbox.c.status.in_(WAITING),
            outbox.c.channel == lane[0],
            outbox.c.recipient == lane[1],
        ]
        query = select(outbox).where(*where)
        items = [_item(r) for r in (await self._session.execute(query)).mappings()]
        await self._session.execute(
            update(outbox).where(*where).values(status="failed", sent_at=at, error=error)
        )
        return items

    async def mark_sending(self, item_ids: list[int]) -> None:
        if item_ids:
            await self._session.execute(
                update(outbox).where(outbox.c.id.in_(item_ids)).values(status="sending")
            )

    async def mark_expired(self, item_id: int, at: datetime) -> None:
        await self._session.execute(
            update(outbox).where(outbox.c.id == item_id).values(status="expired", sent_at=at)
        )

    async def mark_sent(self, sent: list[tuple[int, str | None]], at: datetime) -> None:
        """Record ``(item id, the channel's id of what it sent)`` pairs, in one statement."""
        if not sent:
            return
        statement = (
            update(outbox)
            .where(outbox.c.id == bindparam("item_id"))
            .values(
                status="sent",
                sent_at=at,
                sent_ref=bindparam("sent_ref"),
                attempts=outbox.c.attempts + 1,
            )
        )
        rows = [{"item_id": item_id, "sent_ref": ref} for item_id, ref in sent]
        connection = await self._session.connection()
        await connection.execute(statement, rows)

    async def mark_retry(self, item_id: int, not_before: datetime, error: str) -> None:
        await self._session.execute(
            update(outbox)
            .where(outbox.c.id == item_id)
            .values(
                status="pending",
                next_attempt_at=not_before,
                error=error,
                attempts=outbox.c.attempts + 1,
            )
        )

    async def mark_failed(self, item_id: int, at: datetime, error: str) -> None:
        await self._session.execute(
            update(outbox)
            .where(outbox.c.id == item_id)
            .values(status="failed", sent_at=at, error=error, attempts=outbox.c.attempts + 1)
        )

    async def failed_between(self, start: datetime, end: datetime) -> list[FailedDelivery]:
        query = (
            select(outbox)
            .where(outbox.c.status == "failed", outbox.c.sent_at >= start, outbox.c.sent_at < end)
            .order_by(outbox.c.id)
        )
        rows = (await self._session.execute(query)).mappings()
        return [FailedDelivery(_item(r), r["sent_at"], r["error"] or "") for r in rows]
