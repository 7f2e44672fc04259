"""The sender: drains the outbox through a BotApi, in order per chat, at least once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from core.delivery.outbox import (
    BotApi,
    DeliveryError,
    OutboxItem,
    Rejected,
    RetryLater,
    TransientFailure,
    Unreachable,
)
from core.usecases.common import Deps

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class OutboxSender:
    def __init__(self, deps: Deps, api: BotApi) -> None:
        self.deps, self.api = deps, api
        self.wakeup = asyncio.Event()
        self.delivered = 0

    def wake(self) -> None:
        self.wakeup.set()

    async def run(self, idle: float = 1.0) -> None:
        """Deliver until cancelled; sleeps until woken or ``idle`` seconds pass."""
        while True:
            if not await self.drain():
                self.wakeup.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wakeup.wait(), idle)

    async def drain(self) -> int:
        """Deliver what is due now; return how many items were handled."""
        async with self.deps.uow() as uow:
            due = await uow.outbox.due(self.deps.clock.now())
        blocked: set[int] = set()
        for item in due:
            if item.chat_id in blocked:
                continue  # keep the order of this chat: its earlier item must go first
            if not await self._deliver(item):
                blocked.add(item.chat_id)
        return len(due)

    async def _deliver(self, item: OutboxItem) -> bool:
        """Deliver one item and record the outcome; False when it must be retried later."""
        now = self.deps.clock.now()
        message_id: int | None = None
        try:
            message_id = await self._call(item)
        except RetryLater as error:
            return await self._retry(item, timedelta(seconds=error.seconds), str(error))
        except TransientFailure as error:
            if item.attempts + 1 >= MAX_ATTEMPTS:
                return await self._fail(item, str(error))
            return await self._retry(item, timedelta(seconds=2**item.attempts), str(error))
        except (Unreachable, Rejected) as error:
            return await self._fail(item, str(error))
        async with self.deps.uow() as uow:
            await uow.outbox.mark_sent(item.id, now, message_id)
            await uow.commit()
        self.delivered += 1
        return True

    async def _call(self, item: OutboxItem) -> int | None:
        p = item.payload
        if item.method == "send_message":
            return await self.api.send_message(
                p["chat_id"], p["text"], p["buttons"], p.get("thread_id")
            )
        if item.method == "edit_message":
            await self.api.edit_message(p["chat_id"], p["message_id"], p["text"], p["buttons"])
            return p["message_id"]  # type: ignore[no-any-return]
        if item.method == "answer_callback":
            await self.api.answer_callback(p["callback_id"], p["text"], p["alert"])
            return None
        raise Rejected(f"unknown outbox method {item.method}")

    async def _retry(self, item: OutboxItem, delay: timedelta, error: str) -> bool:
        async with self.deps.uow() as uow:
            await uow.outbox.mark_retry(item.id, self.deps.clock.now() + delay, error)
            await uow.commit()
        return False

    async def _fail(self, item: OutboxItem, error: str) -> bool:
        log.warning("outbox item %s undeliverable: %s", item.id, error)
        async with self.deps.uow() as uow:
            await uow.outbox.mark_failed(item.id, self.deps.clock.now(), error)
            await uow.commit()
        return True


__all__ = ["DeliveryError", "OutboxSender"]
