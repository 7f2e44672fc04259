"""SQLite in the event loop's thread: another process's write lock is waited for asleep,
so the bot's loop goes on serving while it lasts."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from core.persistence.engine import create_engine


async def test_a_write_waits_asleep_for_another_process_lock_and_the_loop_goes_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "school.db"
    engine = create_engine(f"sqlite:///{path}")
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE notes (text TEXT)"))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a reclam command beside the bot holds the write lock
    ticks = 0

    async def serving() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    async def write() -> None:
        async with engine.begin() as connection:
            await connection.execute(sa.text("INSERT INTO notes VALUES ('bonjour')"))

    loop_task = asyncio.create_task(serving())
    writing = asyncio.create_task(write())
    await asyncio.sleep(0.3)
    assert not writing.done()  # still waiting for the lock…
    assert ticks >= 10  # …while the loop served on
    other.rollback()  # the other process lets go
    await asyncio.wait_for(writing, 10)
    loop_task.cancel()
    async with engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT text FROM notes"))).scalar() == "bonjour"
    other.close()
    await engine.dispose()


async def test_a_long_read_streams_its_rows_through_the_loop_connection(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'school.db'}")
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE n (x INTEGER)"))
        await connection.execute(
            sa.text("INSERT INTO n VALUES (:x)"), [{"x": x} for x in range(1000)]
        )
    async with engine.connect() as connection:
        rows = await connection.stream(sa.text("SELECT x FROM n ORDER BY x"))
        assert [row.x async for row in rows] == list(range(1000))
    await engine.dispose()
