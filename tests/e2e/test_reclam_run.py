"""``reclam run`` as a real process: it serves the emulator's bot, then stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bots.emulator.people import Emulator
from bots.emulator.session import ChatSession
from core.profile import DEMO

pytestmark = pytest.mark.e2e
RECLAM = str(Path(sys.executable).with_name("reclam"))


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_reclam_run_serves_the_bot_before_any_staff_group_and_stops_cleanly_on_sigterm(
    framework: str, tmp_path: Path
) -> None:
    """No RECLAM_STAFF_CHAT_ID and no group bound yet: clients are served all the same."""
    async with Emulator() as emulator:
        bot = emulator.bot()
        env = os.environ | {
            "RECLAM_BOT_TOKEN": bot.token,
            "RECLAM_TELEGRAM_API_URL": emulator.base_url,
            "RECLAM_STAFF_CHAT_ID": "",
            "RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'school.db'}",
            "RECLAM_FRAMEWORK": framework,
            "RECLAM_PROFILE": str(DEMO),
        }
        process = await asyncio.create_subprocess_exec(
            RECLAM,
            "run",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            chat = ChatSession(emulator, bot, emulator.user(501, "Léa"))
            welcome = await chat.say("/start")
            assert welcome[0].startswith("Bonjour\xa0! Ici l'assistant réclamations")
            assert [c["command"] for c in bot.menus[("all_private_chats", "")]] == [
                "start",
                "mesreclamations",
                "aide",
                "annuler",
                "langue",
                "mesdonnees",
                "oublier",
            ]
        finally:
            process.send_signal(signal.SIGTERM)
            output, _ = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, output.decode()
        assert "@reclam_bot est en service" in output.decode()


def test_reclam_run_refuses_to_start_without_its_settings(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reclam.cli import app

    env = {"RECLAM_BOT_TOKEN": "", "RECLAM_STAFF_CHAT_ID": "", "RECLAM_PROFILE": str(DEMO)}
    result = CliRunner().invoke(app, ["run"], env=env)
    assert result.exit_code == 2
    assert "Réglage(s) manquant(s)\xa0: RECLAM_BOT_TOKEN\n" in result.output  # the group: /setup


async def test_a_second_reclam_run_on_the_same_sqlite_file_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    from tests.e2e.production import base_env, reclam_run

    async with Emulator() as emulator:
        bot = emulator.bot()
        env = base_env(emulator, bot, -100123, f"sqlite:///{tmp_path / 'school.db'}")
        async with reclam_run(env, tmp_path, "first") as first:
            second = await asyncio.create_subprocess_exec(
                RECLAM, "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
            )
            _, error = await asyncio.wait_for(second.communicate(), 60)
            assert second.returncode == 2
            assert error.decode().strip().splitlines() == [
                f"Un autre «\u00a0reclam run\u00a0» sert déjà la base SQLite "
                f"{(tmp_path / 'school.db').resolve()}\u00a0: SQLite n'accepte qu'un "
                "processus à la fois (passez à PostgreSQL pour en faire tourner plusieurs)."
            ]
            assert first.process.returncode is None  # the first one serves on
            assert await first.terminate() == 0
        async with reclam_run(env, tmp_path, "after") as after:  # the lock went with it
            assert await after.terminate() == 0


def test_reclam_run_refuses_a_webhook_without_its_secret_and_port_or_on_plain_http(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from reclam.cli import app

    env = {
        "RECLAM_BOT_TOKEN": "1:A",
        "RECLAM_STAFF_CHAT_ID": "-100123",
        "RECLAM_PROFILE": str(DEMO),
        "RECLAM_WEBHOOK_URL": "https://bot.example/telegram",
        "RECLAM_WEBHOOK_SECRET": "",
        "RECLAM_HTTP_PORT": "",
    }
    result = CliRunner().invoke(app, ["run"], env=env)
    assert result.exit_code == 2
    assert "Réglage(s) manquant(s)\u00a0: RECLAM_WEBHOOK_SECRET, RECLAM_HTTP_PORT" in result.output
    env |= {"RECLAM_WEBHOOK_URL": "http://bot.example/telegram", "RECLAM_WEBHOOK_SECRET": "a b"}
    result = CliRunner().invoke(app, ["run"], env=env)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Réglage RECLAM_WEBHOOK_URL invalide\u00a0: an https:// address (http:// only on a "
        "loopback address)",
        "Réglage RECLAM_WEBHOOK_SECRET invalide\u00a0: 1 to 256 characters among A-Z, a-z, "
        "0-9, _ and -",
    ]
