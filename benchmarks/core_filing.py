"""Filing through the whole use case (validation, reference counter, complaint, children,
journal, one transaction each) against a bare INSERT of the same complaint rows, on the
same database in the same run. Prints a Markdown table.

    .venv/bin/python benchmarks/core_filing.py [--count 500] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from core.persistence.tables import clients, complaints
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.databases import migrated_engine
from tests.school import School


async def bare_inserts(engine: AsyncEngine, count: int) -> float:
    """Baseline: one transaction per complaint row, no use case, no journal."""
    now = datetime.now(UTC)
    async with engine.begin() as connection:
        row = {
            "chat_network": "telegram",
            "chat_user_id": 1,
            "display_name": "x",
            "language": "fr",
            "reachable": True,
        }
        client_id = await connection.scalar(insert(clients).values(row).returning(clients.c.id))
    started = time.perf_counter()
    for i in range(count):
        async with engine.begin() as connection:
            await connection.execute(
                insert(complaints).values(
                    reference=f"BASE-{i}",
                    client_id=client_id,
                    category="planning",
                    subject="s",
                    description="d",
                    incident_place="",
                    desired_text="",
                    confidential=False,
                    status="received",
                    received_at=now,
                    reopen_count=0,
                    version=1,
                )
            )
    return time.perf_counter() - started


async def use_case_filings(engine: AsyncEngine, count: int) -> float:
    school = await School.open(SqlUnitOfWorkFactory(engine))
    started = time.perf_counter()
    for _ in range(count):
        await school.file()
    return time.perf_counter() - started


async def measure(kind: str, count: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        async with migrated_engine(kind, Path(folder)) as engine:
            baseline = await bare_inserts(engine, count)
    with tempfile.TemporaryDirectory() as folder:
        async with migrated_engine(kind, Path(folder)) as engine:
            ours = await use_case_filings(engine, count)
    return baseline, ours


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--postgres", action="store_true", help="also RECLAM_TEST_POSTGRES_URL")
    args = parser.parse_args()
    kinds = ["sqlite", *(["postgresql"] if args.postgres else [])]
    print("| database | complaints | bare INSERT /s | file_complaint /s | ratio |")
    print("|---|---|---|---|---|")
    for kind in kinds:
        baseline, ours = await measure(kind, args.count)
        print(
            f"| {kind} | {args.count} | {args.count / baseline:,.0f} | "
            f"{args.count / ours:,.0f} | {baseline / ours:.2f} |"
        )


if __name__ == "__main__":
    asyncio.run(main())
