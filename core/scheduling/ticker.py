"""The ticker: each process runs it every few seconds (APScheduler); it claims the due
work and does each item in a transaction of its own that also marks it done, so each
reminder fires exactly once however many processes tick (design.md §6)."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from core.domain.schedule import Planned
from core.logcontext import bound
from core.scheduling.work import DueItem
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


class WorkHandler(Protocol):
    async def __call__(self, deps: Deps, uow: UnitOfWork, item: DueItem) -> None:
        """Do the work inside ``uow``'s transaction (use cases through ``deps``)."""
        ...


class Ticker:
    def __init__(
        self,
        deps: Deps,
        handler: WorkHandler,
        worker: str | None = None,
        lease: timedelta = timedelta(minutes=5),
        batch: int = 100,
        periodic: Callable[[datetime], list[Planned]] | None = None,
    ) -> None:
        self.deps, self.handler, self.periodic = deps, handler, periodic
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}"
        self.lease, self.batch = lease, batch
        self.fired = 0

    async def tick(self) -> int:
        """Do the work due now; return how many items this worker did."""
        async with self.deps.uow() as uow:
            if self.periodic is not None:
                await uow.due_work.add(self.periodic(self.deps.clock.now()))
            items = await uow.due_work.claim(
                self.deps.clock.now(), self.worker, self.lease, self.batch
            )
            await uow.commit()
        done = 0
        for item in items:
            done += await self._do(item)
        self.fired += done
        return done

    async def until_idle(self, rounds: int = 1000) -> int:
        """Tick until nothing more is due (for the command line and tests)."""
        total = 0
        for _ in range(rounds):
            done = await self.tick()
            total += done
            if done == 0:
                break
        return total

    async def _do(self, item: DueItem) -> int:
        with bound(work=item.kind.value, complaint_id=item.complaint_id):
            return await self._do_bound(item)

    async def _do_bound(self, item: DueItem) -> int:
        now = self.deps.clock.now()
        try:
            async with self.deps.uow() as uow:
                if not await uow.due_work.finish(item.id, now):
                    return 0  # another worker did it
                deps = self.deps.within(uow)
                await self.handler(deps, uow, item)
                await uow.commit()
                return 1
        except Exception as error:
            log.exception("scheduled %s %s failed", item.kind.value, item.key)
            retry = now + timedelta(minutes=2 ** min(item.attempts, 6))
            async with self.deps.uow() as uow:
                if item.attempts + 1 >= MAX_ATTEMPTS:
                    await uow.due_work.finish(item.id, now)
                await uow.due_work.postpone(item.id, retry, repr(error))
                await uow.commit()
            return 0
