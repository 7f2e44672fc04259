"""One holder at a time across processes: a PostgreSQL session-level advisory lock, held
on a connection of its own for as long as the holder works. The server releases it when
that connection ends, be it closed, dropped or its process killed (SIGKILL included)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)


class SessionLock:
    """``try_acquire`` once or again until it returns True; then ``still_held`` tells
    whether the lock's connection is still there; ``release`` lets it go."""

    def __init__(self, engine: AsyncEngine, space: int, key: int) -> None:
        self.engine = engine
        self.keys = {"space": space, "key": key}
        self.held = False
        self._connection: AsyncConnection | None = None

    async def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; False when another process does."""
        if self.held:
            return True
        connection = await self.engine.connect()
        try:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            statement = text("SELECT pg_try_advisory_lock(:space, :key)")
            self.held = bool(await connection.scalar(statement, self.keys))
        finally:
            if not self.held:
                await connection.close()
        if self.held:
            self._connection = connection
        return self.held

    async def still_held(self) -> bool:
        """Whether the lock's connection still answers (the server keeps the lock while
        it does)."""
        if self._connection is None:
            return False
        try:
            await self._connection.scalar(text("SELECT 1"))
        except Exception:
            log.exception("the connection holding an advisory lock was lost")
            await self.release()  # the dead connection is discarded, not left to the GC
        return self.held

    async def listen(self, channel: str, wake: Callable[[], None]) -> None:
        """Call ``wake`` whenever a transaction that ran ``NOTIFY channel`` commits."""
        if self._connection is None:
            return
        raw = await self._connection.get_raw_connection()
        driver: Any = raw.driver_connection

        def notified(*_: object) -> None:
            wake()

        await driver.add_listener(channel, notified)

    async def release(self) -> None:
        """Let the lock go: its connection is discarded, not put back in the pool (where
        its session, and the lock, would live on)."""
        connection, self._connection, self.held = self._connection, None, False
        if connection is not None:
            try:
                await connection.invalidate()
                await connection.close()
            except Exception:
                log.exception("the connection holding an advisory lock did not close cleanly")
