"""Erasing a client's personal data wherever the database keeps a copy: the journal's
payloads, the outbox, the raw updates, conversation and form state, and documents."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.persistence.tables import (
    complaints,
    conversations,
    documents,
    inbound_updates,
    journal_events,
    outbox,
    staff_forms,
)

ERASED = "[…]"


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    return value


def _from_user(payload: dict[str, Any], telegram_id: int) -> bool:
    """Whether a raw update was sent by, or in the private chat of, ``telegram_id``."""
    for key in ("message", "edited_message", "callback_query"):
        part = payload.get(key) or {}
        chat = part.get("chat") or (part.get("message") or {}).get("chat") or {}
        if (part.get("from") or {}).get("id") == telegram_id or chat.get("id") == telegram_id:
            return True
    return False


def _pattern(tokens: list[str]) -> re.Pattern[str] | None:
    words = sorted({t.strip() for t in tokens if len(t.strip()) >= 3}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


class SqlPersonalData:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def erase(
        self,
        client_id: int,
        telegram_id: int | None,
        references: list[str],
        identity: list[str],
        texts: list[str],
    ) -> None:
        """Delete what only concerns the client. Rows about their complaints lose their
        identity and their texts; any other row naming them loses their identity. Rare
        and thorough: it reads whole tables."""
        session = self._session
        if telegram_id is not None:
            chat = conversations.c.chat_id == telegram_id
            await session.execute(delete(conversations).where(chat))
            await session.execute(delete(outbox).where(outbox.c.chat_id == telegram_id))
        await session.execute(delete(documents).where(documents.c.client_id == client_id))
        theirs = select(complaints.c.id).where(complaints.c.client_id == client_id)
        await session.execute(
            update(documents)
            .where(documents.c.complaint_id.in_(theirs))
            .values(content=b"", media_type="application/octet-stream")
        )
        await session.execute(
            update(journal_events)
            .where(
                journal_events.c.complaint_id.in_(theirs), journal_events.c.actor_kind == "client"
            )
            .values(actor_name="")
        )
        everything = _pattern(identity + texts)
        who = _pattern(identity)
        about = _pattern(references)
        rows = (
            await session.execute(
                select(journal_events.c.id, journal_events.c.payload).where(
                    journal_events.c.complaint_id.in_(theirs)
                )
            )
        ).all()
        for row_id, payload in rows:
            await self._rewrite(
                journal_events, [journal_events.c.id == row_id], "payload", payload, everything
            )
        for row in (await session.execute(select(outbox.c.id, outbox.c.payload))).all():
            pattern = everything if about and about.search(str(row[1])) else who
            await self._rewrite(outbox, [outbox.c.id == row[0]], "payload", row[1], pattern)
        forms = select(staff_forms.c.chat_id, staff_forms.c.user_id, staff_forms.c.state)
        for chat_id, user_id, state in (await session.execute(forms)).all():
            pattern = everything if about and about.search(str(state)) else who
            where = [staff_forms.c.chat_id == chat_id, staff_forms.c.user_id == user_id]
            await self._rewrite(staff_forms, where, "state", state, pattern)
        await self._inbound(telegram_id, who)

    async def _rewrite(
        self,
        table: Any,
        where: list[Any],
        column: str,
        value: Any,
        pattern: re.Pattern[str] | None,
    ) -> None:
        if pattern is None or value is None or not pattern.search(str(value)):
            return
        await self._session.execute(
            update(table).where(*where).values({column: _scrub(value, pattern)})
        )

    async def _inbound(self, telegram_id: int | None, pattern: re.Pattern[str] | None) -> None:
        """The client's own updates go; others (staff naming them) are rewritten."""
        query = select(inbound_updates.c.update_id, inbound_updates.c.payload)
        for update_id, payload in (await self._session.execute(query)).all():
            where = [inbound_updates.c.update_id == update_id]
            if telegram_id is not None and _from_user(payload, telegram_id):
                await self._session.execute(delete(inbound_updates).where(*where))
            else:
                await self._rewrite(inbound_updates, where, "payload", payload, pattern)
