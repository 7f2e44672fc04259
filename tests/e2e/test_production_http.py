"""``reclam run``'s HTTP side as a real process: /healthz, /readyz (which fails when the
database is away or behind the code) and /metrics, read with Prometheus's own parser while
clients file."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from bots.emulator.people import Emulator
from tests.databases import POSTGRES_URL, SKIP_POSTGRES, postgres_database
from tests.e2e.production import base_env, clients, free_port, reclam_run

pytestmark = pytest.mark.e2e
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def get(port: int, path: str) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.text()


async def get_json(port: int, path: str) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.json()


async def scrape(port: int) -> Samples:
    status, body = await get(port, "/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def eventually_status(port: int, path: str, status: int, within: float = 20.0) -> Any:
    deadline = time.monotonic() + within
    while True:
        found, body = await get_json(port, path)
        if found == status or time.monotonic() > deadline:
            assert found == status, body
            return body
        await asyncio.sleep(0.2)


async def drained(port: int, patience: float = 30.0) -> Samples:
    """The metrics once the outbox is empty (the staff group's flood limit may hold the
    last cards back a while on a busy machine)."""
    deadline = time.monotonic() + patience
    while True:
        found = await scrape(port)
        if value(found, "reclam_outbox_depth") == 0 or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.2)


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_health_readiness_and_metrics_follow_the_clients_filing(
    framework: str, tmp_path: Path
) -> None:
    port = free_port()
    database = tmp_path / "school.db"
    async with Emulator() as emulator:
        bot = emulator.bot()
        env = base_env(emulator, bot, -100123, f"sqlite:///{database}")
        env |= {"RECLAM_FRAMEWORK": framework, "RECLAM_HTTP_PORT": str(port)}
        async with reclam_run(env, tmp_path) as served:
            assert await get_json(port, "/healthz") == (200, {"status": "alive"})
            ready = await eventually_status(port, "/readyz", 200)
            assert ready["status"] == "ready"
            assert set(ready["checks"]) == {"database", "migrations", "bot_api", "outbox"}
            before = await scrape(port)
            filing = clients(emulator, bot, 2)
            await asyncio.gather(*(client.file(patience=30) for client in filing))
            assert [client.failure for client in filing] == [None, None]
            inputs = sum(client.steps_done for client in filing)
            after = await drained(port)  # the last deliveries are recorded

            # the schema is no longer the code's: not ready, yet alive
            with sqlite3.connect(database) as db:
                [(revision,)] = db.execute("SELECT version_num FROM alembic_version")
                db.execute("UPDATE alembic_version SET version_num = 'elsewhere'")
            behind = await eventually_status(port, "/readyz", 503)
            assert behind["checks"]["migrations"]["ok"] is False
            assert behind["checks"]["database"]["ok"] is True
            assert (await get(port, "/healthz"))[0] == 200
            with sqlite3.connect(database) as db:
                db.execute("UPDATE alembic_version SET version_num = ?", (revision,))
            await eventually_status(port, "/readyz", 200)
            assert await served.terminate() == 0

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("reclam_updates_received_total", source="polling") == inputs
    assert moved("reclam_updates_processed_total", result="ok") == inputs
    assert moved("reclam_update_processing_seconds_count") == inputs
    assert moved("reclam_deliveries_total", result="sent") >= inputs
    assert value(after, "reclam_deliveries_total", result="failed") == 0
    open_complaints = sum(
        value(after, "reclam_complaints", status=status) for status in ("received", "acknowledged")
    )
    assert open_complaints == 2
    assert value(before, "reclam_complaints", status="received") == 0
    assert value(after, "reclam_outbox_depth") == 0
    assert ("reclam_due_work_lag_seconds", ()) in after


class StoppableProxy:
    """A TCP proxy in front of PostgreSQL: stopping it is the database going away, for
    this process only (the test server stays up for the others)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._pipe, "127.0.0.1", self.port)

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.close()
        await self.server.wait_closed()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self.writers |= {writer, up_writer}
        await asyncio.gather(
            self._copy(reader, up_writer), self._copy(up_reader, writer), return_exceptions=True
        )

    async def _copy(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            self.writers.discard(writer)
            with suppress(Exception):
                writer.close()


@asynccontextmanager
async def proxied(url: str) -> AsyncIterator[tuple[str, StoppableProxy]]:
    parsed = make_url(url)
    proxy = StoppableProxy(parsed.port or 5432)
    await proxy.start()
    try:
        yield parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(False), proxy
    finally:
        with suppress(Exception):
            await proxy.stop()


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)
async def test_readiness_fails_while_postgresql_is_away_and_returns_with_it(
    tmp_path: Path,
) -> None:
    port = free_port()
    async with (
        postgres_database() as url,
        proxied(url) as (through_proxy, proxy),
        Emulator() as emulator,
    ):
        bot = emulator.bot()
        env = base_env(emulator, bot, -100123, through_proxy)
        env |= {"RECLAM_HTTP_PORT": str(port)}
        async with reclam_run(env, tmp_path) as served:
            await eventually_status(port, "/readyz", 200)
            await proxy.stop()
            away = await eventually_status(port, "/readyz", 503)
            assert away["checks"]["database"]["ok"] is False
            assert (await get(port, "/healthz"))[0] == 200  # alive: no restart needed
            await proxy.start()
            await eventually_status(port, "/readyz", 200)
            [client] = clients(emulator, bot, 1)
            await client.file(patience=30)  # it serves again
            assert client.failure is None
            assert await served.terminate() == 0
