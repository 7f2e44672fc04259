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
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.persistence.engine import create_engine
from reclam.migrate import current_revision, downgrade, head_revision, upgrade
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
    assert await current_revision(engine) == head_revision() == "0021"


OLD_ROWS = [
    "INSERT INTO clients (id, telegram_id, display_name, language, reachable)"
    " VALUES (1, 501, 'Léa', 'fr', true), (2, NULL, 'Paul', 'fr', true)",
    "INSERT INTO staff_members (id, telegram_id, name, role, active)"
    " VALUES (1, 101, 'Claire', 'manager', true)",
    "INSERT INTO outbox (id, chat_id, method, payload, created_at, status, attempts,"
    " next_attempt_at, telegram_message_id) VALUES"
    " (1, 501, 'send_message', '{\"chat_id\": 501}', '2026-12-01 10:00:00+00:00', 'sent', 1,"
    "  '2026-12-01 10:00:00+00:00', 77),"
    " (2, 0, 'send_email', '{\"to\": \"paul@example.org\"}', '2026-12-01 10:00:00+00:00',"
    "  'pending', 0, '2026-12-01 10:00:00+00:00', NULL)",
]


async def _rows(engine: AsyncEngine, query: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(text(query))]


async def test_chat_accounts_and_the_neutral_outbox_keep_what_was_there(
    engine: AsyncEngine,
) -> None:
    await downgrade(engine, "0010")
    async with engine.begin() as connection:
        for statement in OLD_ROWS:
            await connection.execute(text(statement))
    await upgrade(engine)
    assert await _rows(engine, "SELECT chat_network, chat_user_id FROM clients ORDER BY id") == [
        ("telegram", 501),
        (None, None),
    ]
    assert await _rows(engine, "SELECT chat_network, chat_user_id FROM staff_members") == [
        ("telegram", 101)
    ]
    assert await _rows(engine, "SELECT channel, recipient, sent_ref FROM outbox ORDER BY id") == [
        ("telegram", "501", "77"),
        ("email", "paul@example.org", None),
    ]
    await downgrade(engine, "0010")
    assert await _rows(engine, "SELECT telegram_id FROM clients ORDER BY id") == [(501,), (None,)]
    assert await _rows(engine, "SELECT chat_id, telegram_message_id FROM outbox ORDER BY id") == [
        (501, 77),
        (0, None),
    ]


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
