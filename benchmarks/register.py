"""The register export (CSV, XLSX) and the quality pack's PDF over many complaints, against
a plain SELECT-to-CSV of the same complaints in the same run.

The complaints are copies of twenty handled through the use cases (filed, acknowledged,
evaluated, an action, a decision, a survey), so every column is filled; they are bulk
inserted. Time: interleaved rounds (baseline, CSV, XLSX, pack, then again), median and
spread (min–max), with nothing tracing memory. Memory: the peak RSS of a separate process
that opens the same database and does the step once (its interpreter and imports included).

    .venv/bin/python -m benchmarks.register                 # CI-sized: 5,000 complaints
    .venv/bin/python -m benchmarks.register --large         # 100,000 complaints
    .venv/bin/python -m benchmarks.register --rounds 5 --postgres
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import FrozenClock
from core.domain.enums import Role
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter, parse_period
from core.persistence.engine import create_engine
from core.persistence.tables import (
    clients,
    compensations,
    complaint_actions,
    complaint_persons,
    complaints,
)
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.reports.formats import ExportFormat
from core.reports.pack_file import PackFormat, pack_file
from core.reports.register_file import register_file
from core.usecases.common import Deps
from core.usecases.export_register import ExportRegister
from tests.databases import migrated_engine
from tests.school import START, School, demo_profile

CHILDREN = (complaint_persons, complaint_actions, compensations)
STEPS = ("baseline", "register CSV", "register XLSX", "pack PDF")
PACK_PERIOD = "2026-01..2026-12"
#: the aims of issue 15: a multiple of the baseline's time, or seconds and MiB
AIMS = {"register CSV": "≤ 2×", "register XLSX": "≤ 6×", "pack PDF": "≤ 5 s, ≤ 300 MiB"}


async def seed(engine: AsyncEngine, count: int) -> None:
    school = await School.open(SqlUnitOfWorkFactory(engine))
    for _ in range(20):
        c = await school.answered()
        await school.plan(c.reference)
        await school.answer_survey(c.reference)
    async with engine.begin() as connection:
        templates = (await connection.execute(select(complaints))).mappings().all()
        kids: dict[Any, dict[int, list[dict[str, Any]]]] = {}
        for table in CHILDREN:
            grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for child in (await connection.execute(select(table))).mappings():
                copy = {k: v for k, v in child.items() if k != "id"}
                grouped[child["complaint_id"]].append(copy)
            kids[table] = grouped
        next_id = max(r["id"] for r in templates) + 1
        extra = count - len(templates)
        for start in range(0, extra, 5000):
            rows, children = [], {t: [] for t in CHILDREN}  # type: ignore[var-annotated]
            for n in range(start, min(start + 5000, extra)):
                template = templates[n % len(templates)]
                new_id = next_id + n
                rows.append(
                    dict(template)
                    | {
                        "id": new_id,
                        "reference": f"REC-2026-{new_id:06d}",
                        "received_at": template["received_at"] + timedelta(minutes=n % 40_000),
                    }
                )
                for table in CHILDREN:
                    for child in kids[table][template["id"]]:
                        children[table].append(child | {"complaint_id": new_id})
            await connection.execute(insert(complaints), rows)
            for table in CHILDREN:
                if children[table]:
                    await connection.execute(insert(table), children[table])


async def baseline(engine: AsyncEngine) -> bytes:
    """A plain SELECT of the complaints and their client, written as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    query = select(
        complaints.c.reference,
        clients.c.display_name,
        complaints.c.received_at,
        complaints.c.subject,
        complaints.c.category,
        complaints.c.priority,
        complaints.c.status,
        complaints.c.outcome,
        complaints.c.satisfaction,
        complaints.c.closed_at,
    ).join(clients, clients.c.id == complaints.c.client_id)
    async with engine.connect() as connection:
        result = await connection.stream(query)
        async for row in result:
            writer.writerow(row)
    return out.getvalue().encode()


def steps(engine: AsyncEngine) -> dict[str, Callable[[], Awaitable[Any]]]:
    deps = Deps(SqlUnitOfWorkFactory(engine), FrozenClock(START), demo_profile())
    manager = Actor.staff(1, Role.MANAGER, "Claire Martin")  # the first one School hires
    everything = ExportRegister(ComplaintFilter())
    period = parse_period(PACK_PERIOD)
    return {
        "baseline": lambda: baseline(engine),
        "register CSV": lambda: register_file(deps, manager, everything, ExportFormat.CSV),
        "register XLSX": lambda: register_file(deps, manager, everything, ExportFormat.XLSX),
        "pack PDF": lambda: pack_file(deps, manager, period, PackFormat.PDF),
    }


async def once(url: str, step: str) -> None:
    """One step in this process, for its peak RSS."""
    engine = create_engine(url)
    try:
        await steps(engine)[step]()
    finally:
        await engine.dispose()
    print(json.dumps({"rss_mib": high_water_mib()}))


def high_water_mib() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, it does not count the parent's
    memory that the fork copied before the exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss(url: str, step: str) -> float:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.register", "--once", step, "--url", url],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(done.stdout.splitlines()[-1])["rss_mib"])


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


async def run(kind: str, count: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with migrated_engine(kind, Path(folder)) as engine:
            await seed(engine, count)
            work = steps(engine)
            seconds: dict[str, list[float]] = {s: [] for s in STEPS}
            for _ in range(rounds):  # interleaved: every step once a round
                for step in STEPS:
                    started = time.perf_counter()
                    await work[step]()
                    seconds[step].append(time.perf_counter() - started)
            url = engine.url.render_as_string(hide_password=False)
            memory = {step: peak_rss(url, step) for step in STEPS}
    base = statistics.median(seconds["baseline"])
    for step in STEPS:
        ratio = statistics.median(seconds[step]) / base
        print(
            f"| {kind} | {count:,} | {step} | {spread(seconds[step])} | {ratio:.1f}× "
            f"| {memory[step]:.0f} | {AIMS.get(step, '')} |"
        )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=5_000)
    parser.add_argument("--large", action="store_true", help="100,000 complaints")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--once", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        await once(args.url, args.once)
        return
    count = 100_000 if args.large else args.complaints
    print(
        f"{args.rounds} interleaved rounds; seconds: median (min–max); "
        "peak RSS of a separate process doing the step once"
    )
    print()
    print("| database | complaints | step | seconds | time / baseline | peak RSS MiB | aim |")
    print("|---|---|---|---|---|---|---|")
    for kind in ["sqlite"] + (["postgresql"] if args.postgres else []):
        await run(kind, count, args.rounds)


if __name__ == "__main__":
    asyncio.run(main())
