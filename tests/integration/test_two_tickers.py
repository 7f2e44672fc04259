"""Two `reclam tick` processes on the same PostgreSQL database: every due item is done
by exactly one of them."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from core.persistence.engine import create_engine
from core.persistence.tables import due_work, outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.profile import DEMO
from core.scheduling.planner import WorkPlanner
from reclam.migrate import upgrade
from tests.databases import POSTGRES_URL, SKIP_POSTGRES, postgres_database
from tests.school import School, demo_profile

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)]
COMPLAINTS = 120
GROUP = "-1001"
ROOT = Path(__file__).resolve().parents[2]


async def tick_process(url: str, root: Path) -> tuple[int, str]:
    env = os.environ | {
        "RECLAM_DATABASE_URL": url,
        "RECLAM_PROFILE": str(DEMO),
        "RECLAM_STAFF_CHAT_ID": GROUP,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from reclam.cli import main; main()",
        "tick",
        "--batch",
        "5",
        env=env,
        cwd=root,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_two_processes_ticking_on_postgresql_do_each_item_exactly_once(
    tmp_path: Path,
) -> None:
    async with postgres_database() as url:
        engine = create_engine(url)
        try:
            await upgrade(engine)
            profile = demo_profile()
            school = await School.open(SqlUnitOfWorkFactory(engine, [WorkPlanner(profile)]))
            for _ in range(COMPLAINTS):
                await school.file()  # filed on 2 March 2026: everything is overdue now
            results = await asyncio.gather(tick_process(url, ROOT), tick_process(url, ROOT))
            for code, output in results:
                assert code == 0, output
            async with engine.connect() as connection:
                rows = (
                    await connection.execute(
                        select(due_work.c.kind, due_work.c.attempts, due_work.c.claimed_by).where(
                            due_work.c.done_at.is_not(None)
                        )
                    )
                ).all()
                texts = (
                    (
                        await connection.execute(
                            select(outbox.c.payload).where(outbox.c.method == "thread_message")
                        )
                    )
                    .scalars()
                    .all()
                )
        finally:
            await engine.dispose()
    assert {r.attempts for r in rows} == {1}
    assert len({r.claimed_by for r in rows}) == 2, "both processes took part"
    said = Counter(p["text"] for p in texts)
    assert said
    assert max(said.values()) == 1, "a reminder was sent twice"
    escalations = [t for t in said if t.startswith("🚨")]
    nudges = [t for t in said if "pas eu de nouvelles" in t]
    assert len(escalations) == COMPLAINTS
    assert len(nudges) == COMPLAINTS
