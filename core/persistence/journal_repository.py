"""The append-only journal table: rows are inserted, never updated."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.enums import ActorKind, Role
from core.domain.journal import Actor, EventKind, JournalEvent
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
            "payload": event.payload,
            "client_visible": event.client_visible,
        }
        await self._session.execute(insert(journal_events).values(values))
