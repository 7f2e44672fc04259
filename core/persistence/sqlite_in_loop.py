"""SQLite in the event loop's own thread: the driver connection SQLAlchemy's aiosqlite
dialect expects, without aiosqlite's thread.

aiosqlite sends every call (execute, fetch, commit) to a thread of its own and waits for
the answer: two hand-overs of the GIL per call, about half the wall time of an update
under load. SQLite is a library, not a server: a statement on a local file takes
microseconds, so it is run right here. The one wait that can be long, another process
holding the write lock (a ``reclam`` command beside ``reclam run``), is not slept in
SQLite's busy handler (which would stop the loop): the connection's busy timeout is zero
and a busy statement is tried again after an asynchronous sleep, for up to
``BUSY_SECONDS``. A statement SQLite refuses as busy did nothing, so trying it again is
safe; in WAL mode only ``BEGIN IMMEDIATE`` (the write lock) and a checkpoint wait.

The price: a long query (a whole register) holds the loop while it runs. With one pooled
connection (engine.py) the other units of work waited for it anyway."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

BUSY_SECONDS = 30.0
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _BUSY
    return "locked" in str(error) or "busy" in str(error)


async def _patiently(call: Callable[[], Any]) -> Any:
    """The call; while SQLite answers busy, try again after a short asynchronous sleep."""
    deadline = time.monotonic() + BUSY_SECONDS
    delay = 0.001
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() > deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.05)


class InLoopCursor:
    """An aiosqlite-shaped cursor over a sqlite3 cursor."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InLoopCursor:
        return self

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> InLoopCursor:
        await _patiently(lambda: self._cursor.execute(sql, parameters))
        return self

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> InLoopCursor:
        await _patiently(lambda: self._cursor.executemany(sql, parameters))
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def __aiter__(self) -> AsyncIterator[Any]:
        for row in self._cursor:
            yield row


class _RightNow:
    """What the dialect's isolation-level setter hands a job to: run at once."""

    @staticmethod
    def put_nowait(job: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = job
        try:
            future.set_result(function())
        except Exception as error:
            future.set_exception(error)


class InLoopConnection:
    """An aiosqlite-shaped connection whose calls run in the caller's thread."""

    _tx = _RightNow()

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._conn = connection

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InLoopCursor:
        return InLoopCursor(self._conn.cursor())

    async def commit(self) -> None:
        await _patiently(self._conn.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def in_loop_connector(database: str, uri: bool = False) -> Callable[[], Any]:
    """The ``async_creator`` of an engine on this SQLite file (or ``:memory:``)."""

    async def connect() -> InLoopConnection:
        connection = sqlite3.connect(
            database or ":memory:",
            uri=uri,
            isolation_level=None,  # transactions are SQLAlchemy's (BEGIN IMMEDIATE)
            check_same_thread=False,  # one pooled connection, used by one task at a time
            timeout=0,  # busy: retried above, asleep in the loop rather than in SQLite
        )
        return InLoopConnection(connection)

    return connect
