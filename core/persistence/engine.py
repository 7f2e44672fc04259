"""Engines: SQLite (WAL, one writer at a time) by default, PostgreSQL through asyncpg."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util import await_

from core.persistence.sqlite_in_loop import InLoopConnection, in_loop_connector

DEFAULT_URL = "sqlite+aiosqlite:///reclam.db"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` and ``sqlite:///`` URLs and pick the async drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN IMMEDIATE instead of the driver's BEGIN.
    if dbapi_connection.isolation_level is not None:
        dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    if not isinstance(dbapi_connection.driver_connection, InLoopConnection):
        cursor.execute("PRAGMA busy_timeout=30000")  # in the loop: retried asleep instead
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    # Take the write lock at the start: no deadlock between two read-then-write transactions.
    if isinstance(connection.connection.driver_connection, InLoopConnection):
        await_(asyncio.sleep(0))  # statements no longer wait for a thread: let others run
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: str = DEFAULT_URL, **options: Any) -> AsyncEngine:
    """An async engine. SQLite gets one connection, shared in turn: writers queue fairly in
    asyncio instead of sleeping in SQLite's busy handler (the single worker of design §6);
    its statements run in the loop's thread (sqlite_in_loop.py), not in aiosqlite's."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        options = {"pool_size": 1, "max_overflow": 0, "pool_timeout": 120} | options
        if parsed.drivername == "sqlite+aiosqlite" and "async_creator" not in options:
            uri = str(parsed.query.get("uri", "")).lower() in ("true", "1")
            options["async_creator"] = in_loop_connector(parsed.database or "", uri)
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _begin_immediate)
    return engine
