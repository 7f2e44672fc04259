"""Inbound updates, the outbox and conversation state in the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import OutboxItem
from core.persistence.tables import conversations, inbound_updates, outbox


def dialect_module(session: AsyncSession) -> Any:
    """The dialect's module, for its INSERT … ON CONFLICT."""
    name = session.bind.dialect.name if session.bind else "sqlite"
    return postgresql if name == "postgresql" else sqlite


class SqlInboundUpdates:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, update_id: int, payload: dict[str, Any], at: datetime) -> bool:
        """Store the update; False when this update_id was already stored."""
        statement = (
            dialect_module(self._session)
            .insert(inbound_updates)
            .values(update_id=update_id, received_at=at, payload=payload)
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(inbound_updates.c.update_id)
        )
        return (await self._session.execute(statement)).first() is not None

    async def claim(self, update_id: int) -> dict[str, Any] | None:
        """The payload of a stored, unprocessed update, locked until the transaction ends."""
        query = (
            select(inbound_updates.c.payload)
            .where(
                inbound_updates.c.update_id == update_id, inbound_updates.c.processed_at.is_(None)
            )
            .with_for_update(skip_locked=True)
        )
        payload: dict[str, Any] | None = await self._session.scalar(query)
        return payload

    async def mark_processed(self, update_id: int, at: datetime, error: str | None = None) -> None:
        await self._session.execute(
            update(inbound_updates)
            .where(inbound_updates.c.update_id == update_id)
            .values(processed_at=at, error=error)
        )

    async def unprocessed(self, limit: int = 100) -> list[int]:
        query = (
            select(inbound_updates.c.update_id)
            .where(inbound_updates.c.processed_at.is_(None))
            .order_by(inbound_updates.c.update_id)
            .limit(limit)
        )
        return list((await self._session.scalars(query)).all())


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


class SqlConversations:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def load(self, chat_id: int) -> dict[str, Any] | None:
        query = (
            select(conversations.c.state)
            .where(conversations.c.chat_id == chat_id)
            .with_for_update()
        )
        state: dict[str, Any] | None = await self._session.scalar(query)
        return state

    async def save(self, chat_id: int, state: dict[str, Any], at: datetime) -> None:
        statement = (
            dialect_module(self._session)
            .insert(conversations)
            .values(chat_id=chat_id, state=state, updated_at=at)
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["chat_id"],
                set_={
                    "state": statement.excluded.state,
                    "updated_at": statement.excluded.updated_at,
                },
            )
        )
