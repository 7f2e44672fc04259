"""``reclam run`` in webhook mode, as a real process on both frameworks: it registers its
webhook with the emulator, which POSTs each update to it (again and again until it gets
200, as Telegram does); a wrong or missing secret is refused with 403, counted, and
nothing is stored; switching back to polling deletes the webhook."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import aiohttp
import pytest

from bots.emulator.people import Emulator
from tests.databases import POSTGRES_URL, SKIP_POSTGRES, postgres_database
from tests.e2e.production import base_env, clients, free_port, reclam_run
from tests.e2e.test_production_http import proxied, scrape, value

pytestmark = pytest.mark.e2e
SECRET = "s3cret_Token-42"


def webhook_env(port: int) -> dict[str, str]:
    return {
        "RECLAM_HTTP_PORT": str(port),
        "RECLAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
        "RECLAM_WEBHOOK_SECRET": SECRET,
    }


def forged_update(update_id: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": 666, "type": "private", "first_name": "Mallory"},
            "from": {"id": 666, "is_bot": False, "first_name": "Mallory"},
            "text": "/start",
        },
    }


async def post_update(port: int, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"http://127.0.0.1:{port}/telegram/webhook",
            data=json.dumps(forged_update(990_001)),
            headers=headers,
        ) as response,
    ):
        return response.status


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_client_files_through_the_webhook_and_a_wrong_secret_stores_nothing(
    framework: str, tmp_path: Path
) -> None:
    port = free_port()
    database = tmp_path / "school.db"
    async with Emulator() as emulator:
        bot = emulator.bot()
        staff = emulator.group("Équipe", bot, [emulator.user(101, "Claire")])
        env = base_env(emulator, bot, staff.id, f"sqlite:///{database}")
        env |= {"RECLAM_FRAMEWORK": framework} | webhook_env(port)
        async with reclam_run(env, tmp_path, "webhook") as served:
            assert bot.webhook_url == f"http://127.0.0.1:{port}/telegram/webhook"
            assert bot.webhook_secret == SECRET
            [client] = clients(emulator, bot, 1)
            await client.file(patience=30)
            assert client.failure is None
            assert await post_update(port, "wrong") == 403
            assert await post_update(port, None) == 403
            samples = await scrape(port)
            assert value(samples, "reclam_webhook_refused_total") == 2
            assert value(samples, "reclam_updates_received_total", source="webhook") == (
                client.steps_done
            )
            assert await served.terminate() == 0
        with sqlite3.connect(database) as db:
            stored = [row[0] for row in db.execute("SELECT update_id FROM inbound_updates")]
        assert len(stored) == client.steps_done
        assert 990_001 not in stored
        assert bot.webhook_url  # stopping one replica leaves the webhook to the others

        # back to polling: the webhook is deleted, and getUpdates works again
        polling = {k: v for k, v in env.items() if not k.startswith("RECLAM_WEBHOOK")}
        async with reclam_run(polling, tmp_path, "polling") as served:
            assert bot.webhook_url == ""
            [again] = clients(emulator, bot, 1, first=8000)
            await again.file(patience=30)
            assert again.failure is None
            assert await served.terminate() == 0
        assert emulator.invalid_calls() == []


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)
async def test_the_webhook_answers_200_only_once_the_update_is_committed(
    tmp_path: Path,
) -> None:
    """While the database is away, Telegram gets no 200 and keeps the update; it is
    processed once the database is back, and the client is answered."""
    port = free_port()
    async with (
        postgres_database() as url,
        proxied(url) as (through_proxy, proxy),
        Emulator() as emulator,
    ):
        bot = emulator.bot()
        env = base_env(emulator, bot, -100123, through_proxy) | webhook_env(port)
        async with reclam_run(env, tmp_path) as served:
            user = emulator.user(501, "Léa")
            await proxy.stop()
            emulator.send_text(bot, user, "/start")
            await asyncio.sleep(3)  # several deliveries, each refused
            assert len(bot.updates) == 1  # Telegram still holds it
            await proxy.start()
            await emulator.wait_until(lambda: not bot.updates, within=30)
            await emulator.wait_until(lambda: len(emulator.transcript(user.id)) >= 2, 30)
            assert await served.terminate() == 0
