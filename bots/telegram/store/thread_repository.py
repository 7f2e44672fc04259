"""Staff-group threads and the bot messages that belong to each complaint."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bots.telegram.store.tables import staff_forms, staff_messages, staff_threads
from bots.telegram.store.threads import StaffThread
from core.persistence.spine_repositories import dialect_module
from core.persistence.tables import complaints


class SqlStaffThreads:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _complaint_id(self, reference: str) -> int | None:
        found: int | None = await self._session.scalar(
            select(complaints.c.id).where(complaints.c.reference == reference)
        )
        return found

    async def get(self, reference: str, chat_id: int) -> StaffThread | None:
        query = (
            select(staff_threads)
            .join(complaints, complaints.c.id == staff_threads.c.complaint_id)
            .where(complaints.c.reference == reference, staff_threads.c.chat_id == chat_id)
        )
        row = (await self._session.execute(query)).mappings().first()
        if row is None:
            return None
        return StaffThread(
            reference,
            row["chat_id"],
            row["thread_id"],
            row["card_message_id"],
            row["topic_name"],
            row["closed"],
            row["card_digest"],
        )

    async def save(self, thread: StaffThread) -> None:
        values = {
            "complaint_id": await self._complaint_id(thread.reference),
            "chat_id": thread.chat_id,
            "thread_id": thread.thread_id,
            "card_message_id": thread.card_message_id,
            "topic_name": thread.topic_name,
            "closed": thread.closed,
            "card_digest": thread.card_digest,
        }
        statement = dialect_module(self._session).insert(staff_threads).values(values)
        changes = {
            k: statement.excluded[k] for k in values if k not in ("complaint_id", "chat_id")
        }
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["complaint_id", "chat_id"], set_=changes
            )
        )

    async def remember(self, chat_id: int, message_id: int, reference: str) -> None:
        statement = (
            dialect_module(self._session)
            .insert(staff_messages)
            .values(
                chat_id=chat_id,
                message_id=message_id,
                complaint_id=await self._complaint_id(reference),
            )
        )
        await self._session.execute(statement.on_conflict_do_nothing())

    async def by_message(self, chat_id: int, message_id: int) -> str | None:
        query = (
            select(complaints.c.reference)
            .join(staff_messages, staff_messages.c.complaint_id == complaints.c.id)
            .where(staff_messages.c.chat_id == chat_id, staff_messages.c.message_id == message_id)
        )
        found: str | None = await self._session.scalar(query)
        return found

    async def by_topic(self, chat_id: int, thread_id: int) -> str | None:
        query = (
            select(complaints.c.reference)
            .join(staff_threads, staff_threads.c.complaint_id == complaints.c.id)
            .where(staff_threads.c.chat_id == chat_id, staff_threads.c.thread_id == thread_id)
        )
        found: str | None = await self._session.scalar(query)
        return found


class SqlStaffForms:
    """A staff member's form waiting for their text, per chat."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, chat_id: int, user_id: int) -> dict[str, Any] | None:
        query = select(staff_forms.c.state).where(
            staff_forms.c.chat_id == chat_id, staff_forms.c.user_id == user_id
        )
        state: dict[str, Any] | None = await self._session.scalar(query)
        return state

    async def put(self, chat_id: int, user_id: int, state: dict[str, Any], at: datetime) -> None:
        statement = (
            dialect_module(self._session)
            .insert(staff_forms)
            .values(chat_id=chat_id, user_id=user_id, state=state, updated_at=at)
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["chat_id", "user_id"],
                set_={
                    "state": statement.excluded.state,
                    "updated_at": statement.excluded.updated_at,
                },
            )
        )

    async def clear(self, chat_id: int, user_id: int) -> None:
        await self._session.execute(
            delete(staff_forms).where(
                staff_forms.c.chat_id == chat_id, staff_forms.c.user_id == user_id
            )
        )
