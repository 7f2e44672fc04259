"""Real databases for the integration tier: a SQLite file always, PostgreSQL when
RECLAM_TEST_POSTGRES_URL names a server (each test gets a database of its own)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from core.persistence.engine import create_engine, normalise_url
from reclam.migrate import upgrade

POSTGRES_URL = os.environ.get("RECLAM_TEST_POSTGRES_URL", "")
SKIP_POSTGRES = "RECLAM_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against"


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """Create a throw-away database on the test server; drop it afterwards."""
    server = make_url(normalise_url(POSTGRES_URL))
    name = f"reclam_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        server.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
    )
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@asynccontextmanager
async def migrated_engine(kind: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if kind == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'reclam.db'}")
        await upgrade(engine)
        try:
            yield engine
        finally:
            await engine.dispose()
        return
    async with postgres_database() as url:
        engine = create_engine(url, pool_size=20, max_overflow=40)
        await upgrade(engine)
        try:
            yield engine
        finally:
            await engine.dispose()
