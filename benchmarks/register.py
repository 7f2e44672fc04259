"""The register export and the quality pack over many complaints, against a plain
SELECT-to-CSV of the same complaints in the same run: time and peak memory (tracemalloc).

The complaints are copies of twenty handled through the use cases (filed, acknowledged,
evaluated, an action, a decision, a survey), so every column is filled.

    .venv/bin/python -m benchmarks.register [--complaints 100000] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.domain.periods import ComplaintFilter, parse_period
from core.persistence.tables import (
    clients,
    compensations,
    complaint_actions,
    complaint_persons,
    complaints,
)
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.reports.formats import ExportFormat
from core.reports.register_file import register_file
from core.usecases.build_quality_pack import build_quality_pack
from core.usecases.export_register import ExportRegister
from tests.databases import migrated_engine
from tests.school import School

CHILDREN = (complaint_persons, complaint_actions, compensations)


async def seed(engine: AsyncEngine, count: int) -> School:
    school = await School.open(SqlUnitOfWorkFactory(engine))
    for _ in range(20):
        c = await school.answered()
        await school.plan(c.reference)
        await school.answer_survey(c.reference)
    async with engine.begin() as connection:
        templates = (await connection.execute(select(complaints))).mappings().all()
        kids = {t: (await connection.execute(select(t))).mappings().all() for t in CHILDREN}
        next_id = max(r["id"] for r in templates) + 1
        for start in range(0, count - len(templates), 5000):
            rows, children = [], {t: [] for t in CHILDREN}  # type: ignore[var-annotated]
            for n in range(start, min(start + 5000, count - len(templates))):
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
                    for child in kids[table]:
                        if child["complaint_id"] == template["id"]:
                            children[table].append(
                                {k: v for k, v in child.items() if k != "id"}
                                | {"complaint_id": new_id}
                            )
            await connection.execute(insert(complaints), rows)
            for table in CHILDREN:
                if children[table]:
                    await connection.execute(insert(table), children[table])
    return school


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


async def measure(work: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    await work()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak


async def run(kind: str, count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with migrated_engine(kind, Path(folder)) as engine:
            school = await seed(engine, count)
            deps, manager = school.deps, school.manager
            everything = ExportRegister(ComplaintFilter())
            steps: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
                ("baseline: SELECT to CSV", lambda: baseline(engine)),
                (
                    "register CSV",
                    lambda: register_file(deps, manager, everything, ExportFormat.CSV),
                ),
                (
                    "register XLSX",
                    lambda: register_file(deps, manager, everything, ExportFormat.XLSX),
                ),
                (
                    "quality pack (figures)",
                    lambda: build_quality_pack(deps, manager, parse_period("2026-01..2026-12")),
                ),
            ]
            base = None
            for name, work in steps:
                elapsed, peak = await measure(work)
                base = base or (elapsed, peak)
                print(
                    f"| {kind} | {count:,} | {name} | {elapsed:.1f} | {peak:.0f} "
                    f"| {elapsed / base[0]:.1f} | {peak / base[1]:.1f} |"
                )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    print(
        "| database | complaints | step | seconds | peak MiB "
        "| time / baseline | memory / baseline |"
    )
    print("|---|---|---|---|---|---|---|")
    for kind in ["sqlite"] + (["postgresql"] if args.postgres else []):
        await run(kind, args.complaints)


if __name__ == "__main__":
    asyncio.run(main())
