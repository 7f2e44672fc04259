"""The outbox in the database, and the dialect helper for INSERT … ON CONFLICT."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import OutboxItem
from core.persistence.tables import outbox


def dialect_module(session: AsyncSession) -> Any:
    """The dialect's module, for its INSERT … ON CONFLICT."""
    name = session.bind.dialect.name if session.bind else "sqlite"
    return postgresql if name == "postgresql" else sqlite


#: an item still to deliver: waiting, or under way when the process stopped (its call may
#: or may not have reached Telegram: it is made again, at least once)
WAITING = ("pending", "sending")


def _item(row: Any) -> OutboxItem:
    return OutboxItem(
        row["id"],
        row["chat_id"],
        row["method"],
        row["payload"],
        row["attempts"],
        row["created_at"],
        row["status"],
    )


class SqlOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, items: list[tuple[int, str, dict[str, Any]]], at: datetime) -> None:
        """Queue ``(chat_id, method, payload)`` items, in order, in one statement."""
        if not items:
            return
        rows = [
            {
                "chat_id": chat_id,
                "method": method,
                "payload": payload,
                "created_at": at,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": at,
            }
            for chat_id, method, payload in items
        ]
        await self._session.execute(insert(outbox), rows)

    async def due(
        self, now: datetime, limit: int = 200, exclude: set[int] | None = None
    ) -> list[OutboxItem]:
        """Pending items, oldest first, of chats not in ``exclude``; a chat whose oldest
        item waits for a retry is held back entirely, so messages never overtake."""
        query = select(outbox).where(outbox.c.status.in_(WAITING))
        if exclude:
            query = query.where(outbox.c.chat_id.not_in(sorted(exclude)))
        rows = await self._session.execute(query.order_by(outbox.c.id).limit(limit * 4))
        held: set[int] = set()
        ready: list[OutboxItem] = []
        for row in rows.mappings():
            if row["chat_id"] in held:
                continue
            if row["next_attempt_at"] > now:
                held.add(row["chat_id"])
                continue
            ready.append(_item(row))
        return ready[:limit]

    async def fail_pending(self, chat_id: int, at: datetime, error: str) -> list[OutboxItem]:
        """Give up every pending item of ``chat_id``; return them."""
        query = select(outbox).where(outbox.c.status.in_(WAITING), outbox.c.chat_id == chat_id)
        items = [_item(r) for r in (await self._session.execute(query)).mappings()]
        await self._session.execute(
            update(outbox)
            .where(outbox.c.status.in_(WAITING), outbox.c.chat_id == chat_id)
            .values(status="failed", sent_at=at, error=error)
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

    async def mark_sent(self, sent: list[tuple[int, int | None]], at: datetime) -> None:
        """Record ``(item id, Telegram message id)`` pairs as sent, in one statement."""
        if not sent:
            return
        statement = (
            update(outbox)
            .where(outbox.c.id == bindparam("item_id"))
            .values(
                status="sent",
                sent_at=at,
                telegram_message_id=bindparam("message_id"),
                attempts=outbox.c.attempts + 1,
            )
        )
        rows = [{"item_id": item_id, "message_id": message_id} for item_id, message_id in sent]
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
