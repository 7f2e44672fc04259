"""APScheduler 3 runs the ticker every few seconds in each process. Its job store stays
in memory, one per process: the due_work table is what processes share."""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.scheduling.ticker import Ticker

log = logging.getLogger(__name__)


def start_ticking(ticker: Ticker, seconds: float, on_work: Callable[[], None]) -> AsyncIOScheduler:
    """Tick now and every ``seconds``; ``on_work`` is called when a tick did something."""

    async def tick() -> None:
        try:
            if await ticker.tick():
                on_work()
        except Exception:  # a database hiccup: the next tick tries again
            log.exception("the ticker failed")

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        tick, "interval", seconds=seconds, id="reclam-ticker", max_instances=1, coalesce=True
    )
    scheduler.start()
    return scheduler
