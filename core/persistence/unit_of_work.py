"""The unit of work: one database transaction; it commits, or it rolls back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.persistence.complaint_repository import SqlComplaintRepository
from core.persistence.journal_repository import SqlJournal
from core.persistence.people_repositories import SqlClientRepository, SqlStaffRepository


class SqlUnitOfWork:
    complaints: SqlComplaintRepository
    clients: SqlClientRepository
    staff: SqlStaffRepository
    journal: SqlJournal

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        assert self._session is not None, "use the unit of work in 'async with'"
        return self._session

    async def __aenter__(self) -> SqlUnitOfWork:
        self._session = self._sessions()
        self.journal = SqlJournal(self._session)
        self.complaints = SqlComplaintRepository(self._session, self.journal)
        self.clients = SqlClientRepository(self._session)
        self.staff = SqlStaffRepository(self._session)
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

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


class SqlUnitOfWorkFactory:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions)
