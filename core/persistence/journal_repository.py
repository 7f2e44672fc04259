"""The append-only journal table: rows are inserted, never updated (an erasure only
rewrites their texts, under their commitments). Each row is sealed as it is appended:
its place in its complaint's chain and its hash (core/domain/journal_seal.py)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.enums import ActorKind, Role
from core.domain.journal import Actor, EventKind, JournalEvent
from core.domain.journal_seal import EventFacts, Seal, canonical, new_salt
from core.persistence.journal_chain import chain_head
from core.persistence.mapping import Row
from core.persistence.tables import complaints, journal_events


def event_from_row(row: Row) -> JournalEvent:
    actor = Actor(
        ActorKind(row["actor_kind"]),
        row["actor_id"],
        Role(row["actor_role"]) if row["actor_role"] else None,
        row["actor_name"],
    )
    return JournalEvent(
        EventKind(row["kind"]),
        row["occurred_at"],
        actor,
        row["payload"],
        row["client_visible"],
        row.get("reference"),
        row["id"],
    )


class SqlJournal:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, event: JournalEvent, complaint_id: int | None = None) -> None:
        if complaint_id is None and event.reference is not None:
            complaint_id = await self._session.scalar(
                select(complaints.c.id).where(complaints.c.reference == event.reference)
            )
        values: dict[str, Any] = {
            "complaint_id": complaint_id,
            "occurred_at": event.occurred_at,
            "actor_kind": event.actor.kind.value,
            "actor_id": event.actor.id,
            "actor_role": event.actor.role.value if event.actor.role else None,
            "actor_name": event.actor.name,
            "kind": event.kind.value,
            "payload": json.loads(canonical(event.payload)),  # as the database gives it back
            "client_visible": event.client_visible,
        }
        await self._session.execute(insert(journal_events).values(await self._sealed(values)))

    async def _sealed(self, values: dict[str, Any]) -> dict[str, Any]:
        """The row with its place in the chain and its hash, chained to the previous one."""
        sequence, previous = await chain_head(self._session, values["complaint_id"])
        facts = EventFacts(**values, sequence=sequence + 1)
        seal = Seal(new_salt())
        chain_hash = facts.hash(previous, seal)
        return values | {"sequence": facts.sequence, "chain_hash": chain_hash, "salt": seal.salt}
