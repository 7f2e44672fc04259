"""Erasing a client's personal data wherever the database keeps a copy: the journal's
payloads, the outbox and documents here; each channel's own tables through its eraser."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.journal_seal import ERASED, Seal, reseal
from core.persistence.journal_chain import facts_of
from core.persistence.tables import complaints, documents, journal_events, outbox
from core.usecases.ports import Erasure

Scope = Literal["about", "everything", "who"]


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    return value


def _pattern(tokens: list[str]) -> re.Pattern[str] | None:
    words = sorted({t.strip() for t in tokens if len(t.strip()) >= 3}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


@dataclass(frozen=True)
class Scrubbing:
    """One erasure's patterns: a row about one of the client's complaints loses their
    identity and their texts; any other row loses their identity."""

    session: AsyncSession
    everything: re.Pattern[str] | None
    who: re.Pattern[str] | None
    about: re.Pattern[str] | None

    @classmethod
    def of(cls, session: AsyncSession, erasure: Erasure) -> Scrubbing:
        return cls(
            session,
            _pattern(erasure.identity + erasure.texts),
            _pattern(erasure.identity),
            _pattern(erasure.references),
        )

    def pattern_for(self, value: Any, scope: Scope) -> re.Pattern[str] | None:
        if scope == "about":
            about = self.about is not None and self.about.search(str(value))
            return self.everything if about else self.who
        return self.everything if scope == "everything" else self.who

    async def rewrite(
        self, table: Any, where: list[Any], column: str, value: Any, scope: Scope = "about"
    ) -> None:
        """Rewrite ``column`` of the row where it names the client: their identity, and
        their texts as well where the row is ``about`` one of their complaints (or
        ``everything`` always; ``who``: the identity only)."""
        pattern = self.pattern_for(value, scope)
        if pattern is None or value is None or not pattern.search(str(value)):
            return
        await self.session.execute(
            update(table).where(*where).values({column: _scrub(value, pattern)})
        )


#: a channel's part of an erasure, in the same transaction
ChannelEraser = Callable[[Scrubbing, Erasure], Awaitable[None]]


class SqlPersonalData:
    def __init__(self, session: AsyncSession, erasers: Sequence[ChannelEraser] = ()) -> None:
        self._session = session
        self._erasers = erasers

    async def erase(self, erasure: Erasure) -> None:
        """Delete what only concerns the client, rewrite what names them, then let each
        channel do the same in its tables. Rare and thorough: it reads whole tables."""
        session, scrubbing = self._session, Scrubbing.of(self._session, erasure)
        for channel, recipient in erasure.lanes:
            theirs = (outbox.c.channel == channel, outbox.c.recipient == recipient)
            await session.execute(delete(outbox).where(*theirs))
        await self._documents(erasure.client_id)
        await self._journal(erasure.client_id, scrubbing)
        for row in (await session.execute(select(outbox.c.id, outbox.c.payload))).all():
            await scrubbing.rewrite(outbox, [outbox.c.id == row[0]], "payload", row[1])
        for eraser in self._erasers:
            await eraser(scrubbing, erasure)

    async def _documents(self, client_id: int) -> None:
        session = self._session
        await session.execute(delete(documents).where(documents.c.client_id == client_id))
        theirs = select(complaints.c.id).where(complaints.c.client_id == client_id)
        await session.execute(
            update(documents)
            .where(documents.c.complaint_id.in_(theirs))
            .values(content=b"", media_type="application/octet-stream")
        )

    async def _journal(self, client_id: int, scrubbing: Scrubbing) -> None:
        """Rewrite the texts of the client's complaints' events under their commitments:
        each rewritten event is resealed, so its hash (and its chain) stays true."""
        theirs = select(complaints.c.id).where(complaints.c.client_id == client_id)
        rows = await self._session.execute(
            select(journal_events).where(journal_events.c.complaint_id.in_(theirs))
        )
        for row in rows.mappings().all():
            await self._reseal(dict(row), scrubbing)

    async def _reseal(self, row: dict[str, Any], scrubbing: Scrubbing) -> None:
        pattern = scrubbing.pattern_for(row["payload"], "everything")
        payload = _scrub(row["payload"], pattern) if pattern else row["payload"]
        name = "" if row["actor_kind"] == "client" else row["actor_name"]
        if payload == row["payload"] and name == row["actor_name"]:
            return
        before = facts_of(row)
        seal = reseal(
            Seal.of_row(row["salt"], row["commitments"]), before, before.but(name, payload)
        )
        await self._session.execute(
            update(journal_events)
            .where(journal_events.c.id == row["id"])
            .values(actor_name=name, payload=payload, salt=None, commitments=seal.commitments())
        )
