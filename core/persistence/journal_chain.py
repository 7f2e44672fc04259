"""The journal's chains in the database: one chain per complaint (and one for the events
of no complaint), so writers of different complaints never wait for each other; and the
anchors, each hashing every chain's last event and the previous anchor."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, and_, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.journal_check import StoredAnchor, StoredEvent
from core.domain.journal_seal import EventFacts, Seal, anchor_hash
from core.persistence.tables import complaints, journal_anchors, journal_events

#: PostgreSQL advisory lock namespace of the journal's chains (two-key form)
CHAIN_LOCK = 1814
ANCHOR_CHAIN = -1  # the key of the anchors' own chain under that namespace


async def _lock(session: AsyncSession, key: int) -> None:
    """Writers of one chain take turns (PostgreSQL; SQLite has a single writer)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:space, :key)"),
            {"space": CHAIN_LOCK, "key": key},
        )


FACTS = tuple(EventFacts.__dataclass_fields__)


def facts_of(row: RowMapping | Mapping[str, Any]) -> EventFacts:
    """What a stored event's hash covers (an event without a place in a chain: 0)."""
    values = {f: row[f] for f in FACTS if f != "sequence"}
    return EventFacts(**values, sequence=row["sequence"] or 0)


async def chain_head(session: AsyncSession, complaint_id: int | None) -> tuple[int, str]:
    """The last sequence and hash of the complaint's chain (0 and "" when empty), the
    chain being held until the transaction ends."""
    await _lock(session, complaint_id or 0)
    of_chain = (
        journal_events.c.complaint_id == complaint_id
        if complaint_id is not None
        else journal_events.c.complaint_id.is_(None)
    )
    row = (
        await session.execute(
            select(journal_events.c.sequence, journal_events.c.chain_hash)
            .where(of_chain, journal_events.c.sequence.is_not(None))
            .order_by(journal_events.c.sequence.desc())
            .limit(1)
        )
    ).first()
    return (row[0], row[1] or "") if row else (0, "")


async def chain_heads(session: AsyncSession) -> list[dict[str, Any]]:
    """Every chain's last event, the chain of no complaint first, then by complaint."""
    chain = func.coalesce(journal_events.c.complaint_id, 0)
    tops = (
        select(chain.label("chain"), func.max(journal_events.c.sequence).label("top"))
        .group_by(chain)
        .subquery()
    )
    rows = await session.execute(
        select(
            journal_events.c.complaint_id,
            complaints.c.reference,
            journal_events.c.sequence,
            journal_events.c.chain_hash,
        )
        .join(tops, and_(chain == tops.c.chain, journal_events.c.sequence == tops.c.top))
        .outerjoin(complaints, complaints.c.id == journal_events.c.complaint_id)
        .order_by(chain)
    )
    return [{"complaint_id": c, "reference": r, "sequence": s, "hash": h} for c, r, s, h in rows]


async def write_anchor(session: AsyncSession, now: datetime) -> StoredAnchor:
    """Anchor every chain's last event now; the caller commits."""
    await _lock(session, ANCHOR_CHAIN)
    previous = await session.scalar(
        select(journal_anchors.c.hash).order_by(journal_anchors.c.id.desc()).limit(1)
    )
    heads, previous = await chain_heads(session), previous or ""
    digest = anchor_hash(now, heads, previous)
    values = {"created_at": now, "heads": heads, "previous": previous, "hash": digest}
    anchor_id = await session.scalar(
        insert(journal_anchors).values(values).returning(journal_anchors.c.id)
    )
    assert anchor_id is not None
    return StoredAnchor(anchor_id, now, heads, previous, digest)


class SqlJournalSeal:
    """What the journal's check reads, and the anchors it writes; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def events(self, reference: str | None = None) -> list[StoredEvent]:
        """Every event (or the complaint's), in the order they were appended."""
        query = (
            select(journal_events, complaints.c.reference)
            .outerjoin(complaints, complaints.c.id == journal_events.c.complaint_id)
            .order_by(journal_events.c.id)
        )
        if reference is not None:
            query = query.where(complaints.c.reference == reference)
        rows = await self._session.execute(query)
        return [_stored(row) for row in rows.mappings()]

    async def anchors(self) -> list[StoredAnchor]:
        rows = await self._session.execute(select(journal_anchors).order_by(journal_anchors.c.id))
        return [StoredAnchor(**row) for row in rows.mappings()]

    async def anchor(self, now: datetime) -> StoredAnchor:
        return await write_anchor(self._session, now)


def _stored(row: RowMapping) -> StoredEvent:
    seal = Seal.of_row(row["salt"], row["commitments"])
    sealed = row["sequence"] is not None
    return StoredEvent(row["id"], row["reference"], facts_of(row), row["chain_hash"], seal, sealed)
