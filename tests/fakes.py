"""In-memory fakes of the ports, with real commit and rollback semantics."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any

from core.domain.complaint import Complaint
from core.domain.enums import Status
from core.domain.errors import ConcurrentUpdate
from core.domain.history import PastComplaint
from core.domain.journal import JournalEvent
from core.domain.people import ChatAccount, Client, StaffMember
from core.domain.reference import format_reference
from core.usecases.ports import StoreT


@dataclass
class Store:
    """What is committed."""

    complaints: dict[str, Complaint] = field(default_factory=dict)
    clients: dict[int, Client] = field(default_factory=dict)
    staff: dict[int, StaffMember] = field(default_factory=dict)
    journal: list[JournalEvent] = field(default_factory=list)
    counters: dict[int, int] = field(default_factory=dict)


class FakeJournal:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def append(self, event: JournalEvent) -> None:
        self.store.journal.append(event)


class FakeComplaints:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def next_reference(self, year: int) -> str:
        self.store.counters[year] = self.store.counters.get(year, 0) + 1
        return format_reference(year, self.store.counters[year])

    async def add(self, complaint: Complaint) -> None:
        complaint.id = len(self.store.complaints) + 1
        complaint.version = 1
        self._keep(complaint)

    async def save(self, complaint: Complaint) -> None:
        stored = self.store.complaints[complaint.reference]
        if stored.version != complaint.version:
            raise ConcurrentUpdate("changed meanwhile")
        complaint.version += 1
        self._keep(complaint)

    def _keep(self, complaint: Complaint) -> None:
        self.store.journal.extend(complaint.pending_events)
        complaint.pending_events.clear()
        self.store.complaints[complaint.reference] = copy.deepcopy(complaint)

    async def get(self, reference: str) -> Complaint | None:
        found = self.store.complaints.get(reference)
        return copy.deepcopy(found) if found else None

    async def of_client(self, client_id: int) -> list[Complaint]:
        return [
            copy.deepcopy(c) for c in self.store.complaints.values() if c.client_id == client_id
        ]

    async def by_status(self, statuses: frozenset[Status]) -> list[Complaint]:
        return [copy.deepcopy(c) for c in self.store.complaints.values() if c.status in statuses]

    async def history_of(self, client_id: int) -> list[PastComplaint]:
        return [
            PastComplaint(
                c.reference,
                c.received_at,
                c.category,
                c.staff_ids_concerned,
                c.status,
                c.survey.satisfaction if c.survey else None,
            )
            for c in self.store.complaints.values()
            if c.client_id == client_id and c.received_at is not None
        ]

    async def journal(self, reference: str) -> list[JournalEvent]:
        return [e for e in self.store.journal if e.reference == reference]


class FakeClients:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def add(self, client: Client) -> None:
        client.id = len(self.store.clients) + 1
        self.store.clients[client.id] = copy.deepcopy(client)

    async def save(self, client: Client) -> None:
        assert client.id is not None
        self.store.clients[client.id] = copy.deepcopy(client)

    async def names(self, client_ids: list[int]) -> dict[int, str]:
        return {i: c.display_name for i, c in self.store.clients.items() if i in client_ids}

    async def past_retention(self, before: datetime) -> list[int]:
        raise NotImplementedError("the retention rule is tested on a real database")

    async def mark_reachable(self, chats: list[ChatAccount]) -> None:
        for client in self.store.clients.values():
            if client.chat in chats:
                client.reachable = True

    async def get(self, client_id: int) -> Client | None:
        return copy.deepcopy(self.store.clients.get(client_id))

    async def by_chat(self, chat: ChatAccount) -> Client | None:
        found = [c for c in self.store.clients.values() if c.chat == chat]
        return copy.deepcopy(found[0]) if found else None

    async def by_email(self, email: str) -> Client | None:
        found = [
            c
            for c in self.store.clients.values()
            if (c.email or "").lower() == email.lower() and c.anonymised_at is None
        ]
        return copy.deepcopy(found[0]) if found else None


class FakeStaff:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def add(self, member: StaffMember) -> None:
        member.id = len(self.store.staff) + 1
        self.store.staff[member.id] = copy.deepcopy(member)

    async def save(self, member: StaffMember) -> None:
        assert member.id is not None
        self.store.staff[member.id] = copy.deepcopy(member)

    async def get(self, staff_id: int) -> StaffMember | None:
        return copy.deepcopy(self.store.staff.get(staff_id))

    async def by_chat(self, chat: ChatAccount) -> StaffMember | None:
        found = [m for m in self.store.staff.values() if m.chat == chat]
        return copy.deepcopy(found[0]) if found else None

    async def list(self, active_only: bool = True) -> list[StaffMember]:
        return [copy.deepcopy(m) for m in self.store.staff.values() if m.active or not active_only]


def snapshot(store: Store) -> Store:
    """A copy of the store's containers; stored objects are never changed in place."""
    return Store(
        dict(store.complaints),
        dict(store.clients),
        dict(store.staff),
        list(store.journal),
        dict(store.counters),
    )


class FakeUnitOfWork:
    """Works on a copy of the store; commit publishes the copy, anything else drops it."""

    def __init__(self, committed: Store, channel_stores: dict[Any, Any] | None = None) -> None:
        self.committed = committed
        self.commits = 0
        self.channel_stores = channel_stores if channel_stores is not None else {}

    async def __aenter__(self) -> FakeUnitOfWork:
        self.working = snapshot(self.committed)
        self.complaints = FakeComplaints(self.working)
        self.clients = FakeClients(self.working)
        self.staff = FakeStaff(self.working)
        self.journal = FakeJournal(self.working)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        self.committed.__dict__.update(snapshot(self.working).__dict__)
        self.commits += 1

    def store(self, opener: Callable[[Any], StoreT]) -> StoreT:
        """A channel's store registered with ``FakeUnitOfWorkFactory.stores`` (in memory,
        not transactional: enough for a channel's pure decisions)."""
        found: StoreT = self.channel_stores[opener]
        return found

    async def rollback(self) -> None:
        self.working = snapshot(self.committed)


class FakeUnitOfWorkFactory:
    def __init__(self) -> None:
        self.store = Store()
        self.stores: dict[Any, Any] = {}

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.store, self.stores)
