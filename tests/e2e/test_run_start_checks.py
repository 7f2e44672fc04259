"""``reclam run`` runs reclam doctor's checks at start: a fatal one (the profile, the
database, the token) is its one French line and exit code 2, before anything is touched;
the others (the staff group, the mail server) go to the log and the bot serves."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bots.emulator.people import Emulator
from tests.e2e.production import base_env, reclam_run

pytestmark = pytest.mark.e2e
RECLAM = str(Path(sys.executable).with_name("reclam"))


def run_refused(env: dict[str, str], folder: Path) -> str:
    done = subprocess.run(
        [RECLAM, "run"], env=env, cwd=folder, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0].replace("\u00a0", " ")


def tables(database: Path) -> set[str]:
    if not database.exists():
        return set()
    with sqlite3.connect(database) as connection:
        found = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in found}


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_refused_token_stops_run_before_the_database_is_touched(
    tmp_path: Path, framework: str
) -> None:
    async with Emulator() as emulator:
        bot = emulator.bot()
        database = tmp_path / "school.db"
        env = base_env(emulator, bot, -100123, f"sqlite:///{database}")
        env |= {"RECLAM_BOT_TOKEN": "123456:not-the-bots-token", "RECLAM_FRAMEWORK": framework}
        said = await asyncio.to_thread(run_refused, env, tmp_path)
        assert said == (
            "Telegram refuse le jeton du bot (RECLAM_BOT_TOKEN) : copiez-le de nouveau "
            "depuis @BotFather (/mybots, API Token)."
        )
        assert "alembic_version" not in tables(database)  # refused before migrating


async def test_a_profile_with_the_examples_mediator_stops_run_in_one_line(
    tmp_path: Path,
) -> None:
    example = Path(__file__).parents[2] / "deploy" / "profile.example.toml"
    async with Emulator() as emulator:
        bot = emulator.bot()
        env = base_env(emulator, bot, -100123, f"sqlite:///{tmp_path / 'school.db'}")
        said = await asyncio.to_thread(
            run_refused, env | {"RECLAM_PROFILE": str(example)}, tmp_path
        )
        assert said.startswith("Le profil de l’école doit nommer son médiateur de la consommation")
        assert "mediator.name, mediator.address, mediator.website" in said


async def test_a_staff_group_unknown_to_the_bot_is_logged_and_the_bot_serves(
    tmp_path: Path,
) -> None:
    async with Emulator() as emulator:
        bot = emulator.bot()
        env = base_env(emulator, bot, -100999, f"sqlite:///{tmp_path / 'school.db'}")
        async with reclam_run(env, tmp_path) as served:
            log = served.log().replace("\u00a0", " ")
            assert "WARNING reclam.doctor Le groupe du personnel -100999 est inconnu du bot" in log
            assert await served.terminate() == 0
