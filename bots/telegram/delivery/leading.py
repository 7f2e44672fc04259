"""Several replicas, one sender: the replica that holds the outbox's lock drains the
outbox; the others wait for it, and one of them takes over within a second or so when
the holder dies (its lock goes with its database connection).

One sender, rather than one per replica sharing the rows, because the flood limits are
the bot token's (about 30 messages a second in all, one a second per chat): a single
rate limiter keeps them, and each chat's messages keep their order."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Protocol

from bots.telegram.delivery.sender import OutboxSender
from bots.telegram.metrics import OUTBOX_SENDING
from core.persistence.spine_repositories import OUTBOX_CHANNEL

log = logging.getLogger(__name__)


class Leader(Protocol):
    """A lock one process at a time holds (core.persistence.advisory.SessionLock)."""

    held: bool

    async def try_acquire(self) -> bool: ...

    async def still_held(self) -> bool: ...

    async def listen(self, channel: str, wake: Callable[[], None]) -> None: ...

    async def release(self) -> None: ...


async def send_while_leading(
    sender: OutboxSender, leader: Leader | None, poll: float = 0.5, check: float = 5.0
) -> None:
    """Run the sender while this process leads (all along without a leader: a single
    process). A lock lost (its connection gone) stops the sending, and the process waits
    for the lock again like the other replicas."""
    if leader is None:
        OUTBOX_SENDING.set(1)
        try:
            await sender.run()
        finally:
            OUTBOX_SENDING.set(0)
        return
    while not sender.stopping:
        if not await _acquired(leader):
            await asyncio.sleep(poll)
            continue
        await _lead(sender, leader, check)
        if not sender.paused:
            return  # stopped: the process shuts down
        await leader.release()
        sender.resume()


async def _lead(sender: OutboxSender, leader: Leader, check: float) -> None:
    """Drain the outbox until stopped, or paused because the lock was lost."""
    log.info("this replica now drains the outbox")
    await leader.listen(OUTBOX_CHANNEL, sender.wake)  # woken by the other replicas' commits
    watch = asyncio.create_task(_watch(sender, leader, check))
    OUTBOX_SENDING.set(1)
    try:
        await sender.run()
    finally:
        OUTBOX_SENDING.set(0)
        watch.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watch


async def _acquired(leader: Leader) -> bool:
    try:
        return await leader.try_acquire()
    except Exception:  # the database is away: try again later
        log.warning("the outbox lock could not be asked for", exc_info=True)
        return False


async def _watch(sender: OutboxSender, leader: Leader, every: float) -> None:
    while not sender.stopping:
        await asyncio.sleep(every)
        if not await leader.still_held():
            log.error("the outbox lock was lost: this replica stops sending, and waits for it")
            sender.pause()
            return
