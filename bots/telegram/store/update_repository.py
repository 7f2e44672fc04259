"""Raw updates, stored before Telegram is told they arrived, and each chat's dialogue state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bots.telegram.store.tables import conversations, inbound_updates
from core.persistence.spine_repositories import dialect_module


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

    async def take(self, update_id: int, at: datetime) -> dict[str, Any] | None:
        """Claim a stored, unprocessed update and mark it processed at ``at``, in one
        statement: the mark stands only if the transaction commits. None when it was
        processed already, or (PostgreSQL) another replica holds it."""
        unprocessed: ColumnElement[bool] = (inbound_updates.c.update_id == update_id) & (
            inbound_updates.c.processed_at.is_(None)
        )
        bind = self._session.bind
        if bind is not None and bind.dialect.name == "postgresql":
            locked = select(inbound_updates.c.update_id).where(unprocessed)
            unprocessed = inbound_updates.c.update_id.in_(
                locked.with_for_update(skip_locked=True).scalar_subquery()
            )
        statement = (
            update(inbound_updates)
            .where(unprocessed)
            .values(processed_at=at, error=None)
            .returning(inbound_updates.c.payload)
        )
        payload: dict[str, Any] | None = (await self._session.execute(statement)).scalar()
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
