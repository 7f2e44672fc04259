"""The process invariants again, through the real SQLite persistence (mapping included)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from sqlalchemy.ext.asyncio import AsyncEngine

from core.persistence.engine import create_engine
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.usecases.ports import UnitOfWorkFactory
from reclam.migrate import upgrade
from tests.unit.test_process_invariants import ComplaintProcess


class ComplaintProcessOnSqlite(ComplaintProcess):
    async def open_database(self) -> UnitOfWorkFactory:
        self.folder = tempfile.TemporaryDirectory()
        self.engine: AsyncEngine = create_engine(
            f"sqlite+aiosqlite:///{Path(self.folder.name) / 'reclam.db'}"
        )
        await upgrade(self.engine)
        return SqlUnitOfWorkFactory(self.engine)

    async def close_database(self) -> None:
        await self.engine.dispose()
        self.folder.cleanup()


ComplaintProcessOnSqlite.TestCase.settings = settings(
    max_examples=15,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_random_use_cases_through_sqlite_keep_the_process_invariants = (
    ComplaintProcessOnSqlite.TestCase
)
