"""Our own long-polling loop: persist a page of raw updates, then confirm it, then process.

Telegram forgets an update once ``getUpdates`` is called with a higher offset. The
libraries' own loops ask for the next page while our handler may still be storing the
previous one, so a crash in between lost the update. Here the next offset is asked for
only after the whole page is committed; the updates are then processed in the background
(each chat in order, chats in parallel) while the next page is fetched.

The updates stay raw JSON: no library parses them, so an update the installed library
does not understand cannot stop the loop. The engine parses what it needs, and sets aside
with a reason whatever it cannot read."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Protocol

from bots.telegram.dialogue.engine import Engine

log = logging.getLogger(__name__)
Raw = dict[str, Any]


class UpdateSource(Protocol):
    """What an adapter's library provides: one ``getUpdates`` call, answered as raw JSON."""

    async def fetch_updates(self, offset: int, wait: int) -> list[Raw]: ...


class Poller:
    """Fetch → store (one transaction) → confirm (the next fetch's offset) → process."""

    def __init__(
        self,
        source: UpdateSource,
        engine: Engine,
        timeout: int = 10,
        max_backlog: int = 200,
    ) -> None:
        self.source, self.engine = source, engine
        self.timeout, self.max_backlog = timeout, max_backlog
        self.offset = 0  # 0: Telegram starts from its earliest unconfirmed update
        self.failures = 0
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Poll until stopped; each stored page is processed while the next is fetched."""
        while not self._stopping.is_set():
            page = await self._fetch()
            if not page:
                continue
            try:
                await self._take(page)
            except Exception as error:  # the database is away: the page is not confirmed
                await self._back_off(error, "storing updates")
        await self.engine.settle()

    async def _fetch(self) -> list[Raw]:
        fetching = asyncio.ensure_future(self.source.fetch_updates(self.offset, self.timeout))
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({fetching, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if not fetching.done():  # stopping: an unanswered request confirms nothing new
            fetching.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await fetching
            return []
        try:
            page = fetching.result()
        except Exception as error:  # Telegram or the network failed: wait, then ask again
            await self._back_off(error, "getUpdates")
            return []
        self.failures = 0
        return [raw for raw in page if isinstance(raw, dict)]

    async def _back_off(self, error: Exception, doing: str) -> None:
        self.failures += 1
        delay = min(30.0, 0.5 * 2 ** min(self.failures, 6))
        log.warning("%s failed (%s); trying again in %.1f s", doing, error, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)

    async def _take(self, page: list[Raw]) -> None:
        """Store the page, move the offset past it, and hand it over for processing."""
        stored = await self.engine.store_page(page)
        identified = [raw["update_id"] for raw in page if isinstance(raw.get("update_id"), int)]
        if identified:
            self.offset = max(identified) + 1  # confirmed by the next getUpdates
        self.engine.dispatch(stored)
        await self.engine.wait_for_backlog(self.max_backlog)
