"""The gauges read from the database at each scrape, and the count of error lines.

The counters of the Telegram channel (updates, deliveries) live in bots/telegram/metrics.py
and move as the work happens; what the database holds (the outbox, the due work, the
complaints by status) is read when Prometheus asks, so every replica reports the same."""

from __future__ import annotations

import logging
from datetime import datetime

from prometheus_client import Counter, Gauge
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.domain.enums import Status
from core.persistence.tables import complaints, due_work, outbox

WAITING = ("pending", "sending")
ERRORS = Counter("reclam_errors", "Log lines at ERROR or above, by logger", ["logger"])
OUTBOX_DEPTH = Gauge("reclam_outbox_depth", "Outbox items waiting to be delivered")
OUTBOX_AGE = Gauge(
    "reclam_outbox_oldest_age_seconds", "Age of the oldest outbox item still waiting"
)
OUTBOX_LAG = Gauge(
    "reclam_outbox_lag_seconds", "How long the most overdue outbox item has been due"
)
DUE_WORK_LAG = Gauge(
    "reclam_due_work_lag_seconds", "How long the most overdue scheduled work has been due"
)
COMPLAINTS = Gauge("reclam_complaints", "Complaints in the register, by status", ["status"])


class ErrorCounter(logging.Handler):
    """Counts every error line, whoever logs it (the ticker, the sender, a library)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        ERRORS.labels(record.name).inc()


def _seconds_since(earliest: datetime | None, now: datetime) -> float:
    return max(0.0, (now - earliest).total_seconds()) if earliest is not None else 0.0


async def outbox_lag(engine: AsyncEngine, now: datetime) -> float:
    """Seconds the most overdue waiting item has been due (0: nothing overdue)."""
    query = select(func.min(outbox.c.next_attempt_at)).where(
        outbox.c.status.in_(WAITING), outbox.c.next_attempt_at <= now
    )
    async with engine.connect() as connection:
        return _seconds_since((await connection.execute(query)).scalar(), now)


async def refresh(engine: AsyncEngine, now: datetime) -> None:
    """Read the database's gauges now."""
    waiting = select(func.count(), func.min(outbox.c.created_at)).where(
        outbox.c.status.in_(WAITING)
    )
    overdue = select(func.min(due_work.c.due_at)).where(
        due_work.c.done_at.is_(None), due_work.c.due_at <= now
    )
    by_status = select(complaints.c.status, func.count()).group_by(complaints.c.status)
    async with engine.connect() as connection:
        depth, oldest = (await connection.execute(waiting)).one()
        due_at = (await connection.execute(overdue)).scalar()
        counts: dict[str, int] = dict((await connection.execute(by_status)).tuples().all())
    OUTBOX_DEPTH.set(depth)
    OUTBOX_AGE.set(_seconds_since(oldest, now))
    OUTBOX_LAG.set(await outbox_lag(engine, now))
    DUE_WORK_LAG.set(_seconds_since(due_at, now))
    for status in Status:
        COMPLAINTS.labels(status.value).set(counts.get(status.value, 0))
