"""Readiness: the database answers, its schema is the code's, the Bot API answers, and the
outbox is not falling behind. Each check says what it found."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import Clock
from reclam.http.metrics import outbox_lag
from reclam.migrate import current_revision, head_revision

CHECK_SECONDS = 5.0


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


@dataclass
class BotApiProbe:
    """``getMe``, at most every ``every`` seconds: readiness probes come often."""

    call: Callable[[], Awaitable[object]]
    every: float = 15.0
    _last: tuple[float, Check] | None = field(default=None, init=False)

    async def __call__(self) -> Check:
        if self._last is not None and time.monotonic() - self._last[0] < self.every:
            return self._last[1]
        try:
            await asyncio.wait_for(self.call(), CHECK_SECONDS)
            found = Check(True, "getMe answered")
        except Exception as error:  # any failure: not ready
            found = Check(False, f"getMe failed: {type(error).__name__}: {error}"[:300])
        self._last = (time.monotonic(), found)
        return found


@dataclass
class Readiness:
    engine: AsyncEngine
    clock: Clock
    bot_api: BotApiProbe
    max_outbox_lag: float = 300.0

    async def checks(self) -> dict[str, Check]:
        return {
            "database": await self._guarded(self._database),
            "migrations": await self._guarded(self._migrations),
            "bot_api": await self.bot_api(),
            "outbox": await self._guarded(self._outbox),
        }

    async def _guarded(self, check: Callable[[], Awaitable[Check]]) -> Check:
        try:
            return await asyncio.wait_for(check(), CHECK_SECONDS)
        except Exception as error:  # unreachable, timed out, refused
            return Check(False, f"{type(error).__name__}: {error}"[:300])

    async def _database(self) -> Check:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return Check(True, "reachable")

    async def _migrations(self) -> Check:
        current, head = await current_revision(self.engine), head_revision()
        return Check(current == head, f"database at {current}, code at {head}")

    async def _outbox(self) -> Check:
        lag = await outbox_lag(self.engine, self.clock.now())
        return Check(
            lag <= self.max_outbox_lag, f"lag {lag:.0f} s (at most {self.max_outbox_lag:.0f})"
        )
