"""The ticker's cost as the number of open complaints grows: an idle tick (nothing due)
and a tick doing 100 due items, with 1,000 and with 100,000 pending items in due_work
(about what 1,000 and 100,000 open complaints plan). The handler does nothing, so the
figures are the ticker's own: claiming with its lease, and marking each item done.

    .venv/bin/python -m benchmarks.ticker [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from core.clock import FrozenClock
from core.persistence.tables import due_work
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.scheduling.ticker import Ticker
from core.scheduling.work import DueItem
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork
from tests.databases import migrated_engine
from tests.school import demo_profile

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


async def nothing(_deps: Deps, _uow: UnitOfWork, _item: DueItem) -> None:
    return None


async def measure(kind: str, pending: int, rounds: int = 20) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        async with migrated_engine(kind, Path(folder)) as engine:
            rows = [
                {
                    "kind": "no_news",
                    "key": f"future-{i}",
                    "due_at": NOW + timedelta(days=1 + i % 30),
                    "payload": {},
                    "attempts": 0,
                }
                for i in range(pending)
            ]
            async with engine.begin() as connection:
                for start in range(0, len(rows), 5000):
                    await connection.execute(insert(due_work), rows[start : start + 5000])
            clock = FrozenClock(NOW)
            deps = Deps(SqlUnitOfWorkFactory(engine), clock, demo_profile())
            ticker = Ticker(deps, nothing, worker="bench")
            idle, busy = [], []
            for r in range(rounds):
                started = time.perf_counter()
                await ticker.tick()
                idle.append(time.perf_counter() - started)
                due = [
                    {
                        "kind": "no_news",
                        "key": f"due-{r}-{i}",
                        "due_at": NOW - timedelta(minutes=1),
                        "payload": {},
                        "attempts": 0,
                    }
                    for i in range(100)
                ]
                async with engine.begin() as connection:
                    await connection.execute(insert(due_work), due)
                started = time.perf_counter()
                done = await ticker.tick()
                busy.append(time.perf_counter() - started)
                assert done == 100
            return statistics.median(idle) * 1000, statistics.median(busy) * 1000


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    print("| database | pending items | idle tick (ms) | tick doing 100 items (ms) |")
    print("|---|---|---|---|")
    results = {}
    for kind in kinds:
        for pending in (1_000, 100_000):
            idle, busy = await measure(kind, pending)
            results[(kind, pending)] = (idle, busy)
            print(f"| {kind} | {pending:,} | {idle:.2f} | {busy:.1f} |")
    for kind in kinds:
        small, large = results[(kind, 1_000)], results[(kind, 100_000)]
        print(
            f"\n{kind}: 100,000 / 1,000 pending — idle tick x{large[0] / small[0]:.2f}, "
            f"busy tick x{large[1] / small[1]:.2f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
