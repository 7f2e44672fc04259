"""The unit of work: one database transaction; it commits, or it rolls back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    AsyncSessionTransaction,
    async_sessionmaker,
)

from core.persistence.action_figures import SqlActionFigures
from core.persistence.complaint_repository import SqlComplaintRepository
from core.persistence.document_repository import SqlDocuments
from core.persistence.due_work_repository import SqlDueWork
from core.persistence.evidence_repository import SqlEvidenceFiles
from core.persistence.file_storage import FileStorage
from core.persistence.join_token_repository import SqlJoinTokens
from core.persistence.journal_chain import SqlJournalSeal
from core.persistence.journal_repository import SqlJournal
from core.persistence.meeting_repository import SqlMeetings
from core.persistence.pack_counts import SqlPackCounts
from core.persistence.people_repositories import SqlClientRepository, SqlStaffRepository
from core.persistence.personal_data_repository import ChannelEraser, SqlPersonalData
from core.persistence.register_projection import SqlRegisterProjection
from core.persistence.spine_repositories import SqlOutbox
from core.persistence.staff_invitation_repository import SqlStaffInvitations
from core.usecases.ports import CommitListener, StoreT


class SqlUnitOfWork:
    complaints: SqlComplaintRepository
    clients: SqlClientRepository
    staff: SqlStaffRepository
    journal: SqlJournal
    journal_seal: SqlJournalSeal
    outbox: SqlOutbox
    documents: SqlDocuments
    due_work: SqlDueWork
    personal_data: SqlPersonalData
    meetings: SqlMeetings
    join_tokens: SqlJoinTokens
    staff_invitations: SqlStaffInvitations
    evidence_files: SqlEvidenceFiles
    actions: SqlActionFigures
    register: SqlRegisterProjection
    pack: SqlPackCounts

    def __init__(self, factory: SqlUnitOfWorkFactory) -> None:
        self._sessions = factory.sessions
        self._session: AsyncSession | None = None
        self._stores: dict[Callable[[Any], Any], Any] = {}
        self.listeners = factory.listeners
        self.erasers = factory.erasers
        self.storage = factory.storage

    @property
    def session(self) -> AsyncSession:
        assert self._session is not None, "use the unit of work in 'async with'"
        return self._session

    async def __aenter__(self) -> SqlUnitOfWork:
        self._session = self._sessions()
        self.journal = SqlJournal(self._session)
        self.journal_seal = SqlJournalSeal(self._session)
        self.complaints = SqlComplaintRepository(self._session, self.journal)
        self.saved = self.complaints.saved
        self.clients = SqlClientRepository(self._session)
        self.staff = SqlStaffRepository(self._session)
        self.outbox = SqlOutbox(self._session)
        self.documents = SqlDocuments(self._session)
        self.due_work = SqlDueWork(self._session)
        self.personal_data = SqlPersonalData(self._session, self.erasers)
        self.meetings = SqlMeetings(self._session)
        self.join_tokens = SqlJoinTokens(self._session)
        self.staff_invitations = SqlStaffInvitations(self._session)
        self.evidence_files = SqlEvidenceFiles(self._session, self.storage)
        self.actions = SqlActionFigures(self._session)
        self.register = SqlRegisterProjection(self._session)
        self.pack = SqlPackCounts(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.rollback()
        finally:
            await self.session.close()
            self._session = None
            self._stores.clear()

    def store(self, opener: Callable[[Any], StoreT]) -> StoreT:
        """A channel's repositories on this transaction's session, opened once."""
        if opener not in self._stores:
            self._stores[opener] = opener(self.session)
        found: StoreT = self._stores[opener]
        return found

    async def commit(self) -> None:
        """Let the listeners react to the saved events (in this transaction), then commit."""
        while self.saved:
            complaint, events = self.saved.pop(0)
            for listener in self.listeners:
                await listener(self, complaint, events, events[-1].occurred_at)
        await self.session.commit()
        self.evidence_files.forget_deleted()  # files only once no record needs them

    async def rollback(self) -> None:
        self.saved.clear()
        if self._session is not None and hasattr(self, "evidence_files"):
            self.evidence_files.deleted_after_commit.clear()
        await self.session.rollback()

    def nested(self) -> NestedSqlUnitOfWork:
        return NestedSqlUnitOfWork(self)


class NestedSqlUnitOfWork:
    """A savepoint in an open unit of work, sharing its repositories."""

    def __init__(self, outer: SqlUnitOfWork) -> None:
        self.outer = outer
        self._savepoint: AsyncSessionTransaction | None = None
        self.complaints, self.clients, self.staff = outer.complaints, outer.clients, outer.staff
        self.journal, self.outbox, self.documents = outer.journal, outer.outbox, outer.documents
        self.journal_seal = outer.journal_seal
        self.due_work, self.personal_data = outer.due_work, outer.personal_data
        self.meetings, self.join_tokens = outer.meetings, outer.join_tokens
        self.staff_invitations = outer.staff_invitations
        self.evidence_files = outer.evidence_files
        self.actions = outer.actions
        self.register, self.pack = outer.register, outer.pack

    async def __aenter__(self) -> NestedSqlUnitOfWork:
        self._savepoint = await self.outer.session.begin_nested()
        self._saved_before = len(self.outer.saved)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        if self._savepoint is not None and self._savepoint.is_active:
            await self._savepoint.commit()

    async def rollback(self) -> None:
        if self._savepoint is not None and self._savepoint.is_active:
            await self._savepoint.rollback()
            del self.outer.saved[self._saved_before :]  # undone: nobody is told of it

    def nested(self) -> NestedSqlUnitOfWork:
        return NestedSqlUnitOfWork(self.outer)

    def store(self, opener: Callable[[Any], StoreT]) -> StoreT:
        return self.outer.store(opener)


class SqlUnitOfWorkFactory:
    """Units of work on one engine; ``listeners`` react to saved events before each commit,
    ``erasers`` are the channels' parts of a client's erasure."""

    def __init__(
        self,
        engine: AsyncEngine,
        listeners: Sequence[CommitListener] = (),
        erasers: Sequence[ChannelEraser] = (),
        storage: FileStorage | None = None,
    ) -> None:
        """``storage``: where the clients' files are kept (the database by default)."""
        self.engine = engine
        self.storage = storage or FileStorage()
        self.listeners = list(listeners)
        self.erasers = list(erasers)
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self)
