"""The sender: drains the outbox through a BotApi, chats in parallel, each chat in order,
at least once, within the flood limits.

Each chat is served by a task of its own, so a group held back by its 20-a-minute limit
never delays a client's answer. What was sent is recorded in batches (one transaction
for everything that finished since the last one); a chat is fetched again only after its
results are recorded, so nothing is sent twice by the sender itself."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.delivery.calls import Calls
from core.delivery.limited_api import LimitedBotApi
from core.delivery.limiter import RateLimiter
from core.delivery.mail import Mailer
from core.delivery.outbox import (
    BotApi,
    Interrupted,
    OutboxItem,
    Rejected,
    RetryLater,
    TransientFailure,
    Unreachable,
)
from core.delivery.unreachable import UnreachableChats
from core.usecases.common import Deps
from core.usecases.ports import Outbox

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Result:
    """How one delivery went; recorded with the others of the batch in one transaction."""

    item: OutboxItem
    sent: bool = False
    message_id: int | None = None
    retry_at: datetime | None = None
    error: str = ""
    unreachable: bool = False

    async def record(self, outbox: Outbox, now: datetime) -> None:
        """Record a retry or a failure (successes are recorded together, see _flush)."""
        if self.retry_at is not None:
            await outbox.mark_retry(self.item.id, self.retry_at, self.error)
        else:
            log.warning("outbox item %s undeliverable: %s", self.item.id, self.error)
            await outbox.mark_failed(self.item.id, now, self.error)


class OutboxSender:
    def __init__(
        self,
        deps: Deps,
        api: BotApi,
        limiter: RateLimiter | None = None,
        mailer: Mailer | None = None,
        unreachable: UnreachableChats | None = None,
    ) -> None:
        self.deps = deps
        self.limiter = limiter or RateLimiter()
        self.calls = Calls(deps.uow, LimitedBotApi(api, self.limiter), mailer)
        self.unreachable = unreachable or UnreachableChats(deps.profile)
        self.wakeup = asyncio.Event()
        self.in_flight: dict[int, asyncio.Task[None]] = {}
        self.results: list[Result] = []
        self.lock = asyncio.Lock()  # fetching and recording never interleave
        self.delivered = self.handled = 0
        self.stopping = False

    def wake(self) -> None:
        self.wakeup.set()

    def stop(self) -> None:
        """Finish the message under way in each chat (and record it), then leave run()."""
        self.stopping = True
        self.limiter.close()
        self.wakeup.set()

    async def run(self, idle: float = 1.0) -> None:
        """Deliver until stopped; sleeps until woken or ``idle`` seconds pass."""
        try:
            while not self.stopping:
                self.wakeup.clear()
                await self._flush()
                started = await self._start_due()
                if not started and not self.stopping:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.wakeup.wait(), idle)
        finally:
            await asyncio.gather(*self.in_flight.values(), return_exceptions=True)
            await self._flush()

    async def drain(self) -> int:
        """Deliver what is due now and wait for it; return how many items were handled.
        An explicit request: it delivers even after stop() (as at shutdown)."""
        self.stopping = False
        self.limiter.reopen()
        before = self.handled
        await self._flush()
        await self._start_due()
        await asyncio.gather(*self.in_flight.values(), return_exceptions=True)
        await self._flush()
        return self.handled - before

    async def _start_due(self) -> int:
        async with self.lock:
            async with self.deps.uow() as uow:
                due = await uow.outbox.due(self.deps.clock.now(), exclude=set(self.in_flight))
            by_chat: defaultdict[int, list[OutboxItem]] = defaultdict(list)
            for item in due:
                by_chat[item.chat_id].append(item)
            for chat_id, items in by_chat.items():
                self.in_flight[chat_id] = asyncio.create_task(self._deliver_chat(items))
            return len(by_chat)

    async def _flush(self) -> None:
        async with self.lock:
            await self._record()

    async def _record(self) -> None:
        """Record the results so far; chats whose task ended may then be fetched again."""
        finished = [chat for chat, task in self.in_flight.items() if task.done()]
        results, self.results = self.results, []
        if results:
            now = self.deps.clock.now()
            async with self.deps.uow() as uow:
                await uow.outbox.mark_sent(
                    [(r.item.id, r.message_id) for r in results if r.sent], now
                )
                reached = sorted({r.item.chat_id for r in results if r.sent})
                await uow.clients.mark_reachable(reached)
                for result in results:
                    if not result.sent:
                        await result.record(uow.outbox, now)
                lost = [r.item for r in results if r.unreachable]
                if lost:
                    await self.unreachable(uow, lost, now)
                await uow.commit()
            self.delivered += sum(1 for r in results if r.sent)
            self.handled += len(results)
        for chat in finished:
            task = self.in_flight.pop(chat)
            if not task.cancelled() and task.exception() is not None:
                log.error("delivery to chat %s failed", chat, exc_info=task.exception())

    async def _deliver_chat(self, items: list[OutboxItem]) -> None:
        """One chat's items in order; stop at the first that must wait, to keep the order."""
        for item in items:
            if self.stopping:
                return
            result = await self._deliver(item)
            self.results.append(result)
            if not result.sent:
                self.wakeup.set()
                if result.retry_at is not None or result.unreachable:
                    return
        self.wakeup.set()

    async def _deliver(self, item: OutboxItem) -> Result:
        now = self.deps.clock.now()
        try:
            return Result(item, sent=True, message_id=await self.calls.call(item))
        except RetryLater as error:
            return Result(item, retry_at=now + timedelta(seconds=error.seconds), error=str(error))
        except TransientFailure as error:
            if item.attempts + 1 >= MAX_ATTEMPTS:
                return Result(item, error=str(error))
            backoff = timedelta(seconds=2**item.attempts)
            return Result(item, retry_at=now + backoff, error=str(error))
        except Interrupted as error:  # stopping: not attempted, kept for later
            return Result(item, retry_at=now, error=str(error))
        except Unreachable as error:
            return Result(item, error=str(error), unreachable=True)
        except Rejected as error:
            return Result(item, error=str(error))
