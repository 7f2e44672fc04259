"""The Alembic migrations build exactly the schema the code declares."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from core.persistence.engine import create_engine
from reclam.migrate import current_revision, head_revision, upgrade
from reclam.schema import metadata
from tests.databases import POSTGRES_URL, SKIP_POSTGRES, postgres_database

RECLAM = str(Path(sys.executable).with_name("reclam"))


async def test_the_migrated_database_matches_the_declared_tables(engine: AsyncEngine) -> None:
    def differences(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_upgrading_twice_is_harmless_and_reaches_the_head(engine: AsyncEngine) -> None:
    await upgrade(engine)
    assert await current_revision(engine) == head_revision() == "0010"


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)
async def test_replicas_migrating_an_empty_postgresql_database_together_take_turns() -> None:
    """Three ``reclam db upgrade`` processes at once on an empty database: the advisory
    lock lets one migrate, the others then find the schema at its head."""
    async with postgres_database() as url:
        env = os.environ | {"RECLAM_DATABASE_URL": url}
        processes = [
            await asyncio.create_subprocess_exec(
                RECLAM,
                "db",
                "upgrade",
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            for _ in range(3)
        ]
        outputs = await asyncio.gather(*(p.communicate() for p in processes))
        for process, (output, _) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, output.decode()
        engine = create_engine(url)
        try:
            assert await current_revision(engine) == head_revision()
        finally:
            await engine.dispose()
