"""Raw updates, stored before Telegram is told they arrived, and each chat's dialogue state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bots.telegram.store.tables import conversations, inbound_updates
from core.persistence.spine_repositories import dialect_module

#: the first key of the chats' advisory locks (PostgreSQL's two-key form, a key space of
#: its own): ``tgch`` in ASCII
CHAT_LOCKS = 0x74676368


def chat_lock_key(chat: int) -> int:
    """A chat id (64 bits) folded into the second, 32-bit key: two chats that share a key
    merely take turns."""
    folded = (chat ^ (chat >> 32)) & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= 1 << 31 else folded


class SqlInboundUpdates:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self, update_id: int, payload: dict[str, Any], at: datetime, chat: int | None = None
    ) -> bool:
        """Store the update; False when this update_id was already stored."""
        statement = (
            dialect_module(self._session)
            .insert(inbound_updates)
            .values(update_id=update_id, received_at=at, payload=payload, chat_id=chat)
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

    async def lock_chat(self, chat: int) -> None:
        """Hold the chat until the transaction ends, across processes: on PostgreSQL an
        advisory transaction lock (released at commit or rollback, and when a killed
        replica's connection drops); SQLite serves one process, whose transactions already
        take turns."""
        if self._session.bind is not None and self._session.bind.dialect.name == "postgresql":
            await self._session.execute(
                text("SELECT pg_advisory_xact_lock(:space, :key)"),
                {"space": CHAT_LOCKS, "key": chat_lock_key(chat)},
            )

    async def oldest_of_chat(self, chat: int) -> tuple[int, dict[str, Any], datetime] | None:
        """The chat's oldest unprocessed update, ``(update_id, payload, received_at)``,
        locked until the transaction ends (take the chat's lock first)."""
        query = (
            select(
                inbound_updates.c.update_id,
                inbound_updates.c.payload,
                inbound_updates.c.received_at,
            )
            .where(inbound_updates.c.chat_id == chat, inbound_updates.c.processed_at.is_(None))
            .order_by(inbound_updates.c.update_id)
            .limit(1)
            .with_for_update()
        )
        row = (await self._session.execute(query)).first()
        return None if row is None else (int(row[0]), row[1], row[2])

    async def chat_of(self, update_id: int) -> int | None:
        """The chat a stored update belongs to (None: it names none, or is not stored)."""
        query = select(inbound_updates.c.chat_id).where(inbound_updates.c.update_id == update_id)
        chat: int | None = await self._session.scalar(query)
        return chat

    async def mark_processed(self, update_id: int, at: datetime, error: str | None = None) -> None:
        await self._session.execute(
            update(inbound_updates)
            .where(inbound_updates.c.update_id == update_id)
            .values(processed_at=at, error=error)
        )

    async def unprocessed(
        self, limit: int = 100, received_before: datetime | None = None
    ) -> list[tuple[int, int | None]]:
        """Stored updates still to process, oldest first, as ``(update_id, chat)``; only
        those received before ``received_before`` when given."""
        query = select(inbound_updates.c.update_id, inbound_updates.c.chat_id).where(
            inbound_updates.c.processed_at.is_(None)
        )
        if received_before is not None:
            query = query.where(inbound_updates.c.received_at < received_before)
        query = query.order_by(inbound_updates.c.update_id).limit(limit)
        rows = await self._session.execute(query)
        return [(int(update_id), chat) for update_id, chat in rows]


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
