"""The sender: drains the outbox through each channel's transport (the Bot API, email),
lanes (a chat, an address) in parallel, each lane in order,
at least once, within the flood limits.

Each chat is served by a task of its own, so a group held back by its 20-a-minute limit
never delays a client's answer. Before a call, its item is recorded as ``sending``;
right after it, the result is recorded (in the same transaction that marks the chat's
next item ``sending``). A crash can therefore send again only the one message per chat
that was under way: the call Telegram took but whose answer we had not recorded yet.
Ephemeral calls (button answers) expire instead of being sent late or after a restart.
A chat is fetched again only after its task ended, so the sender never sends twice by
itself."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bots.telegram.delivery.bot_api import EPHEMERAL, BotApi, expired
from bots.telegram.delivery.calls import TelegramTransport
from bots.telegram.delivery.evidence import FILES, EvidenceKeeper, FileDownloads
from bots.telegram.delivery.failures import DeliveryFailures
from bots.telegram.delivery.limited_api import LimitedBotApi
from bots.telegram.delivery.limiter import RateLimiter
from bots.telegram.delivery.unreachable import UnreachableChats
from bots.telegram.identity import TELEGRAM, account
from bots.telegram.metrics import DELIVERIES
from core.logcontext import bound
from core.outbox import (
    Interrupted,
    Lane,
    OutboxItem,
    Rejected,
    RetryLater,
    TransientFailure,
    Transport,
    Unreachable,
)
from core.usecases.common import Deps
from core.usecases.ports import Outbox, UnitOfWork

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Result:
    """How one delivery went; recorded with the others of the batch in one transaction."""

    item: OutboxItem
    sent: bool = False
    sent_ref: str | None = None
    retry_at: datetime | None = None
    error: str = ""
    unreachable: bool = False
    expired: bool = False
    outcome: str = "failed"  # for the metrics: sent, retried, 429, 403, failed, expired…

    @property
    def given_up(self) -> bool:
        """Failed for good: after its retries, or refused as it is."""
        return not (self.sent or self.expired) and self.retry_at is None

    @property
    def goes_on(self) -> bool:
        """Whether the chat's next item may follow (order is kept behind a retry)."""
        return self.sent or self.expired or (self.retry_at is None and not self.unreachable)

    async def record(self, outbox: Outbox, now: datetime) -> None:
        if self.sent:
            await outbox.mark_sent([(self.item.id, self.sent_ref)], now)
        elif self.expired:
            await outbox.mark_expired(self.item.id, now)
        elif self.retry_at is not None:
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
        transports: Mapping[str, Transport] | None = None,
        unreachable: UnreachableChats | None = None,
        failures: DeliveryFailures | None = None,
    ) -> None:
        """``transports``: the other channels' (email…), beside Telegram's own."""
        self.deps = deps
        self.limiter = limiter or RateLimiter()
        telegram = TelegramTransport(deps, LimitedBotApi(api, self.limiter))
        downloads = FileDownloads(deps.uow, api, deps.clock)
        self.transports: dict[str, Transport] = {TELEGRAM: telegram, FILES: downloads}
        self.transports |= transports or {}
        self.unreachable = unreachable or UnreachableChats(deps.profile)
        self.failures = failures or DeliveryFailures(EvidenceKeeper(deps.profile))
        self.wakeup = asyncio.Event()
        self.in_flight: dict[Lane, asyncio.Task[None]] = {}
        self.fetching = asyncio.Lock()  # one fetch at a time: a chat is never started twice
        self.delivered = self.handled = 0
        self.stopping = False
        self.paused = False  # stopped for a while (another replica sends)

    def wake(self) -> None:
        self.wakeup.set()

    def stop(self) -> None:
        """Finish the message under way in each chat (and record it), then leave run()."""
        self.paused = False
        self.stopping = True
        self.limiter.close()
        self.wakeup.set()

    def pause(self) -> None:
        """stop(), to resume() later (stop() again meanwhile makes it final)."""
        self.stop()
        self.paused = True

    def resume(self) -> None:
        """Undo stop(): deliver again."""
        self.stopping = self.paused = False
        self.limiter.reopen()

    async def run(self, idle: float = 1.0) -> None:
        """Deliver until stopped; sleeps until woken or ``idle`` seconds pass."""
        try:
            while not self.stopping:
                self.wakeup.clear()
                started = await self._start_safely()
                if not started and not self.stopping:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.wakeup.wait(), idle)
        finally:
            await self._finish()

    async def drain(self) -> int:
        """Deliver what is due now and wait for it; return how many items were handled.
        An explicit request: it delivers even after stop() (as at shutdown)."""
        self.resume()
        before = self.handled
        await self._finish()
        await self._start_due()
        await self._finish()
        return self.handled - before

    async def _finish(self) -> None:
        await asyncio.gather(*self.in_flight.values(), return_exceptions=True)
        self._forget_finished()

    def _forget_finished(self) -> None:
        for chat in [chat for chat, task in self.in_flight.items() if task.done()]:
            task = self.in_flight.pop(chat)
            if not task.cancelled() and task.exception() is not None:
                log.error("delivery to chat %s failed", chat, exc_info=task.exception())

    async def _start_safely(self) -> int:
        """Start what is due; a database away is logged, and the next round tries again."""
        try:
            return await self._start_due()
        except Exception:
            log.exception("the outbox could not be read")
            return 0

    async def _start_due(self) -> int:
        async with self.fetching:
            return await self._fetch_and_start()

    async def _fetch_and_start(self) -> int:
        self._forget_finished()  # a finished task has recorded all its results
        async with self.deps.uow() as uow:
            due = await uow.outbox.due(self.deps.clock.now(), exclude=set(self.in_flight))
            by_chat: defaultdict[Lane, list[OutboxItem]] = defaultdict(list)
            for item in due:
                by_chat[item.lane].append(item)
            leads = [i.id for items in by_chat.values() for i in self._under_way(items, 0)]
            await uow.outbox.mark_sending(leads)
            await uow.commit()
        for chat_id, items in by_chat.items():
            self.in_flight[chat_id] = asyncio.create_task(self._deliver_chat(items))
        return len(by_chat)

    async def _deliver_chat(self, items: list[OutboxItem]) -> None:
        """One chat's items in order; stop at the first that must wait, to keep the order.
        A button's answer made (or expired) is recorded with the next item's result: the
        next item was marked ``sending`` with it, and an answer found ``sending`` after a
        crash expires (it is never made twice)."""
        carried: list[Result] = []
        for position, item in enumerate(items):
            following = items[position + 1] if position + 1 < len(items) else None
            with bound(
                chat=item.recipient if item.channel == TELEGRAM else item.channel, outbox=item.id
            ):
                result = await self._deliver(item)
                go_on = result.goes_on and not self.stopping and following is not None
                if go_on and item.method in EPHEMERAL and (result.sent or result.expired):
                    carried.append(result)
                    continue
                await self._record([*carried, result], items, position + 1 if go_on else None)
                carried = []
            if not go_on:
                break
        self.wakeup.set()

    def _expired(self, item: OutboxItem) -> bool:
        return expired(item, self.deps.clock.now())

    def _under_way(self, items: list[OutboxItem], start: int) -> list[OutboxItem]:
        """The items marked ``sending`` before the call of ``items[start]``: that one, and
        after a button's answer (whose result waits for the next item's) the next ones, up
        to the first that is not an answer. Expired answers are never under way."""
        lead = []
        for item in items[start:]:
            if not self._expired(item):
                lead.append(item)
            if item.method not in EPHEMERAL:
                break
        return lead

    async def _record(
        self, results: list[Result], items: list[OutboxItem], following: int | None
    ) -> None:
        """Record the results; mark the chat's next item ``sending`` in the same commit."""
        now = self.deps.clock.now()
        async with self.deps.uow() as uow:
            sent = [r for r in results if r.sent]
            await uow.outbox.mark_sent([(r.item.id, r.sent_ref) for r in sent], now)
            for result in results:
                if not result.sent:
                    await result.record(uow.outbox, now)
            reached = {r.item.recipient for r in sent if r.item.channel == TELEGRAM}
            await uow.clients.mark_reachable([account(int(chat)) for chat in sorted(reached)])
            for result in results:
                await self._after_failure(uow, result, now)
            if following is not None:
                await uow.outbox.mark_sending([i.id for i in self._under_way(items, following)])
            await uow.commit()
        for result in results:
            self.delivered += result.sent
            self.handled += 1
            DELIVERIES.labels(result.outcome).inc()

    async def _after_failure(self, uow: UnitOfWork, result: Result, now: datetime) -> None:
        if result.unreachable:
            await self.unreachable(uow, [result.item], now)
        if result.given_up:
            await self.failures(uow, result.item, result.error, now)

    def _transport(self, item: OutboxItem) -> Transport:
        transport = self.transports.get(item.channel)
        if transport is None:
            raise Rejected(f"no transport for the {item.channel} channel (is it configured?)")
        return transport

    async def _deliver(self, item: OutboxItem) -> Result:
        now = self.deps.clock.now()
        if expired(item, now):
            return Result(item, expired=True, outcome="expired")
        try:
            sent_ref = await self._transport(item).deliver(item)
            return Result(item, sent=True, sent_ref=sent_ref, outcome="sent")
        except RetryLater as error:
            later = now + timedelta(seconds=error.seconds)
            return Result(item, retry_at=later, error=str(error), outcome="429")
        except TransientFailure as error:
            if item.attempts + 1 >= MAX_ATTEMPTS:
                return Result(item, error=str(error))
            backoff = timedelta(seconds=2**item.attempts)
            return Result(item, retry_at=now + backoff, error=str(error), outcome="retried")
        except Interrupted as error:  # stopping: not attempted, kept for later
            return Result(item, retry_at=now, error=str(error), outcome="interrupted")
        except Unreachable as error:
            return Result(item, error=str(error), unreachable=True, outcome="403")
        except Rejected as error:
            return Result(item, error=str(error))
