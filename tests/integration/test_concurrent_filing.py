"""Concurrent filings get distinct, consecutive references (gap-free per year)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.domain.reference import parse_reference
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.databases import POSTGRES_URL, SKIP_POSTGRES, migrated_engine
from tests.school import School

FILINGS = 50


async def file_concurrently(school: School) -> list[int]:
    clients = [await school.enrol(9000 + i, f"Client {i}") for i in range(FILINGS)]
    filed = await asyncio.gather(*(school.file(by=client) for client in clients))
    return sorted(parse_reference(c.reference)[1] for c in filed)


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)
async def test_fifty_concurrent_filings_on_postgresql_get_fifty_consecutive_references(
    tmp_path: Path,
) -> None:
    async with migrated_engine("postgresql", tmp_path) as engine:
        school = await School.open(SqlUnitOfWorkFactory(engine))
        assert await file_concurrently(school) == list(range(1, FILINGS + 1))


async def test_fifty_concurrent_filings_on_sqlite_get_fifty_consecutive_references(
    tmp_path: Path,
) -> None:
    async with migrated_engine("sqlite", tmp_path) as engine:
        school = await School.open(SqlUnitOfWorkFactory(engine))
        assert await file_concurrently(school) == list(range(1, FILINGS + 1))
