"""The sender: drains the outbox through a BotApi, chats in parallel, each chat in order,
at least once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.delivery.outbox import (
    BotApi,
    OutboxItem,
    Rejected,
    RetryLater,
    TransientFailure,
    Unreachable,
)
from core.delivery.staff_calls import STAFF_METHODS, StaffCalls
from core.usecases.common import Deps
from core.usecases.ports import Outbox

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Result:
    """How one delivery went; recorded with the others of the round in one transaction."""

    item: OutboxItem
    sent: bool = False
    message_id: int | None = None
    retry_at: datetime | None = None
    error: str = ""

    async def record(self, outbox: Outbox, now: datetime) -> None:
        """Record a retry or a failure (successes are recorded together, see drain)."""
        if self.retry_at is not None:
            await outbox.mark_retry(self.item.id, self.retry_at, self.error)
        else:
            log.warning("outbox item %s undeliverable: %s", self.item.id, self.error)
            await outbox.mark_failed(self.item.id, now, self.error)


class OutboxSender:
    def __init__(self, deps: Deps, api: BotApi) -> None:
        self.deps, self.api = deps, api
        self.staff = StaffCalls(deps.uow, api)
        self.wakeup = asyncio.Event()
        self.delivered = 0
        self.stopping = False

    def wake(self) -> None:
        self.wakeup.set()

    def stop(self) -> None:
        """Finish the round under way (sent messages are recorded), then return from run()."""
        self.stopping = True
        self.wakeup.set()

    async def run(self, idle: float = 1.0) -> None:
        """Deliver until stopped; sleeps until woken or ``idle`` seconds pass. Never cancel
        it mid-round: a message sent but not yet recorded would be sent again."""
        while not self.stopping:
            self.wakeup.clear()
            if not await self.drain() and not self.stopping:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wakeup.wait(), idle)

    async def drain(self) -> int:
        """Deliver what is due now; return how many items were handled."""
        async with self.deps.uow() as uow:
            due = await uow.outbox.due(self.deps.clock.now())
        by_chat: defaultdict[int, list[OutboxItem]] = defaultdict(list)
        for item in due:
            by_chat[item.chat_id].append(item)
        rounds = await asyncio.gather(*(self._deliver_chat(items) for items in by_chat.values()))
        results = [result for chat in rounds for result in chat]
        if results:
            now = self.deps.clock.now()
            async with self.deps.uow() as uow:
                await uow.outbox.mark_sent(
                    [(r.item.id, r.message_id) for r in results if r.sent], now
                )
                for result in results:
                    if not result.sent:
                        await result.record(uow.outbox, now)
                await uow.commit()
        self.delivered += sum(1 for r in results if r.sent)
        return len(results)

    async def _deliver_chat(self, items: list[OutboxItem]) -> list[Result]:
        """One chat's items in order; stop at the first that must wait, to keep the order."""
        results = []
        for item in items:
            result = await self._deliver(item)
            results.append(result)
            if result.retry_at is not None:
                break
        return results

    async def _deliver(self, item: OutboxItem) -> Result:
        now = self.deps.clock.now()
        try:
            return Result(item, sent=True, message_id=await self._call(item))
        except RetryLater as error:
            return Result(item, retry_at=now + timedelta(seconds=error.seconds), error=str(error))
        except TransientFailure as error:
            if item.attempts + 1 >= MAX_ATTEMPTS:
                return Result(item, error=str(error))
            backoff = timedelta(seconds=2**item.attempts)
            return Result(item, retry_at=now + backoff, error=str(error))
        except (Unreachable, Rejected) as error:
            return Result(item, error=str(error))

    async def _call(self, item: OutboxItem) -> int | None:
        p = item.payload
        if item.method in STAFF_METHODS:
            return await self.staff.call(item.method, p)
        if item.method == "send_message":
            return await self.api.send_message(
                p["chat_id"], p["text"], p["buttons"], p.get("thread_id"), p.get("reply_to")
            )
        if item.method == "edit_message":
            await self.api.edit_message(p["chat_id"], p["message_id"], p["text"], p["buttons"])
            return int(p["message_id"])
        if item.method == "send_document":
            async with self.deps.uow() as uow:
                document = await uow.documents.get(p["document_id"])
            if document is None:
                raise Rejected(f"document {p['document_id']} is gone")
            return await self.api.send_document(
                p["chat_id"], document.name, document.content, p["caption"]
            )
        if item.method == "answer_callback":
            await self.api.answer_callback(p["callback_id"], p["text"], p["alert"])
            return None
        raise Rejected(f"unknown outbox method {item.method}")
