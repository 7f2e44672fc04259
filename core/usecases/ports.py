"""The ports the use cases need: small repository protocols and the unit of work."""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Protocol

from core.domain.complaint import Complaint
from core.domain.enums import Status
from core.domain.history import PastComplaint
from core.domain.journal import JournalEvent
from core.domain.people import Client, StaffMember


class ComplaintRepository(Protocol):
    async def next_reference(self, year: int) -> str:
        """Take the next reference of ``year``; gap-free because it rolls back with the UoW."""
        ...

    async def add(self, complaint: Complaint) -> None: ...

    async def get(self, reference: str) -> Complaint | None: ...

    async def save(self, complaint: Complaint) -> None:
        """Write the changed complaint and its pending journal events.

        Raises ConcurrentUpdate when someone else saved it since it was read."""
        ...

    async def of_client(self, client_id: int) -> list[Complaint]: ...

    async def history_of(self, client_id: int) -> list[PastComplaint]: ...

    async def by_status(self, statuses: frozenset[Status]) -> list[Complaint]: ...

    async def journal(self, reference: str) -> list[JournalEvent]: ...


class JournalWriter(Protocol):
    async def append(self, event: JournalEvent) -> None: ...


class ClientRepository(Protocol):
    async def add(self, client: Client) -> None: ...

    async def get(self, client_id: int) -> Client | None: ...

    async def by_telegram_id(self, telegram_id: int) -> Client | None: ...

    async def save(self, client: Client) -> None: ...


class StaffRepository(Protocol):
    async def add(self, member: StaffMember) -> None: ...

    async def get(self, staff_id: int) -> StaffMember | None: ...

    async def by_telegram_id(self, telegram_id: int) -> StaffMember | None: ...

    async def list(self, active_only: bool = True) -> list[StaffMember]: ...

    async def save(self, member: StaffMember) -> None: ...


class UnitOfWork(Protocol):
    @property
    def complaints(self) -> ComplaintRepository: ...

    @property
    def clients(self) -> ClientRepository: ...

    @property
    def staff(self) -> StaffRepository: ...

    @property
    def journal(self) -> JournalWriter: ...

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class ClockPort(Protocol):
    def now(self) -> datetime: ...
