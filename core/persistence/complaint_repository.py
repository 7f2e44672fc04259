"""Complaints in the database. The repository writes but never commits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.complaint import Complaint
from core.domain.enums import Status
from core.domain.errors import N_, ConcurrentUpdate
from core.domain.history import PastComplaint
from core.domain.journal import JournalEvent
from core.domain.periods import ComplaintFilter
from core.domain.reference import format_reference
from core.persistence.journal_repository import SqlJournal, event_from_row
from core.persistence.mapping import Row, complaint_from_rows, complaint_row
from core.persistence.tables import (
    compensations,
    complaint_actions,
    complaint_evidence,
    complaint_persons,
    complaints,
    journal_events,
    reference_counters,
)

CHILDREN: tuple[Table, ...] = (
    complaint_persons,
    complaint_evidence,
    complaint_actions,
    compensations,
)


def _children_rows(c: Complaint, _complaint_id: int) -> dict[Table, list[dict[str, Any]]]:
    comps = c.decision.compensations if c.decision else ()
    return {
        complaint_persons: [
            {"position": i, "staff_id": p.staff_id, "name": p.name}
            for i, p in enumerate(c.persons)
        ],
        complaint_evidence: [
            {"position": i, "file_id": e.file_id, "kind": e.kind.value, "caption": e.caption}
            for i, e in enumerate(c.evidence)
        ],
        complaint_actions: [
            {k: getattr(v, "value", v) for k, v in vars(a).items()} for a in c.actions
        ],
        compensations: [{"position": i, **x.to_payload()} for i, x in enumerate(comps)],
    }


def filter_conditions(f: ComplaintFilter, timezone: str) -> list[Any]:
    """The SQL conditions on ``complaints`` that select what ``f`` covers."""
    conditions: list[Any] = []
    if f.received is not None:
        zone = ZoneInfo(timezone)
        start = datetime.combine(f.received.start, time(0), tzinfo=zone)
        end = datetime.combine(f.received.end + timedelta(days=1), time(0), tzinfo=zone)
        conditions += [complaints.c.received_at >= start, complaints.c.received_at < end]
    if f.statuses is not None:
        conditions.append(complaints.c.status.in_([s.value for s in f.statuses]))
    if f.category is not None:
        conditions.append(complaints.c.category == f.category)
    if f.staff_id is not None:
        named = select(complaint_persons.c.complaint_id).where(
            complaint_persons.c.staff_id == f.staff_id
        )
        conditions.append(complaints.c.id.in_(named))
    return conditions


class SqlComplaintRepository:
    def __init__(
        self,
        session: AsyncSession,
        journal: SqlJournal,
        saved: list[tuple[Complaint, list[JournalEvent]]] | None = None,
    ) -> None:
        self._session = session
        self._journal = journal
        self.saved = saved if saved is not None else []

    async def next_reference(self, year: int) -> str:
        dialect = self._session.bind.dialect.name if self._session.bind else "sqlite"
        module: Any = postgresql if dialect == "postgresql" else sqlite
        statement = (
            module.insert(reference_counters)
            .values(year=year, last_number=1)
            .on_conflict_do_update(
                index_elements=["year"],
                set_={"last_number": reference_counters.c.last_number + 1},
            )
            .returning(reference_counters.c.last_number)
        )
        number = (await self._session.execute(statement)).scalar_one()
        return format_reference(year, number)

    async def add(self, complaint: Complaint) -> None:
        row = complaint_row(complaint) | {"version": 1}
        complaint.id = await self._session.scalar(
            insert(complaints).values(row).returning(complaints.c.id)
        )
        complaint.version = 1
        await self._write_children(complaint)
        await self._flush_events(complaint)

    async def save(self, complaint: Complaint) -> None:
        assert complaint.id is not None
        result = await self._session.execute(
            update(complaints)
            .where(
                and_(complaints.c.id == complaint.id, complaints.c.version == complaint.version)
            )
            .values(complaint_row(complaint) | {"version": complaint.version + 1})
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrentUpdate(
                N_(
                    "Complaint {reference} was changed by someone else meanwhile; "
                    "nothing was saved. Please look again."
                ),
                reference=complaint.reference,
            )
        complaint.version += 1
        for table in CHILDREN:
            await self._session.execute(delete(table).where(table.c.complaint_id == complaint.id))
        await self._write_children(complaint)
        await self._flush_events(complaint)

    async def _write_children(self, complaint: Complaint) -> None:
        assert complaint.id is not None
        for table, rows in _children_rows(complaint, complaint.id).items():
            if rows:
                values = [r | {"complaint_id": complaint.id} for r in rows]
                await self._session.execute(insert(table), values)

    async def _flush_events(self, complaint: Complaint) -> None:
        """Journal the complaint's new events; keep them for the commit's listeners."""
        for event in complaint.pending_events:
            await self._journal.append(event, complaint.id)
        if complaint.pending_events:
            self.saved.append((complaint, list(complaint.pending_events)))
        complaint.pending_events.clear()

    async def get(self, reference: str) -> Complaint | None:
        found = await self._load(complaints.c.reference == reference)
        return found[0] if found else None

    async def of_client(self, client_id: int) -> list[Complaint]:
        return await self._load(complaints.c.client_id == client_id)

    async def by_status(self, statuses: frozenset[Status]) -> list[Complaint]:
        return await self._load(complaints.c.status.in_([s.value for s in statuses]))

    async def matching(
        self, f: ComplaintFilter, timezone: str, size: int = 1000
    ) -> AsyncIterator[list[Complaint]]:
        """The complaints ``f`` selects, in batches of ``size``, oldest first."""
        conditions = filter_conditions(f, timezone)
        last = 0
        while True:
            batch = await self._load(and_(complaints.c.id > last, *conditions), size)
            if not batch:
                return
            yield batch
            last = batch[-1].id or 0

    async def _load(self, condition: Any, limit: int | None = None) -> list[Complaint]:
        rows = (
            (
                await self._session.execute(
                    select(complaints).where(condition).order_by(complaints.c.id).limit(limit)
                )
            )
            .mappings()
            .all()
        )
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        children: dict[Table, dict[int, list[Row]]] = {}
        for table in CHILDREN:
            order = table.c.number if table is complaint_actions else table.c.position
            found = await self._session.execute(
                select(table).where(table.c.complaint_id.in_(ids)).order_by(order)
            )
            grouped: dict[int, list[Row]] = defaultdict(list)
            for child in found.mappings():
                grouped[child["complaint_id"]].append(child)
            children[table] = grouped
        return [
            complaint_from_rows(r, *(children[t].get(r["id"], []) for t in CHILDREN)) for r in rows
        ]

    async def history_of(self, client_id: int) -> list[PastComplaint]:
        rows = (
            (
                await self._session.execute(
                    select(
                        complaints.c.id,
                        complaints.c.reference,
                        complaints.c.received_at,
                        complaints.c.category,
                        complaints.c.status,
                        complaints.c.satisfaction,
                    ).where(complaints.c.client_id == client_id)
                )
            )
            .mappings()
            .all()
        )
        staff = await self._staff_named([r["id"] for r in rows])
        return [
            PastComplaint(
                r["reference"],
                r["received_at"],
                r["category"],
                frozenset(staff.get(r["id"], ())),
                Status(r["status"]),
                r["satisfaction"],
            )
            for r in rows
        ]

    async def _staff_named(self, ids: Sequence[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = defaultdict(set)
        rows = await self._session.execute(
            select(complaint_persons.c.complaint_id, complaint_persons.c.staff_id).where(
                complaint_persons.c.complaint_id.in_(ids),
                complaint_persons.c.staff_id.is_not(None),
            )
        )
        for complaint_id, staff_id in rows:
            found[complaint_id].add(staff_id)
        return found

    async def journal(self, reference: str) -> list[JournalEvent]:
        rows = (
            (
                await self._session.execute(
                    select(journal_events, complaints.c.reference)
                    .join(complaints, complaints.c.id == journal_events.c.complaint_id)
                    .where(complaints.c.reference == reference)
                    .order_by(journal_events.c.id)
                )
            )
            .mappings()
            .all()
        )
        return [event_from_row(r) for r in rows]
