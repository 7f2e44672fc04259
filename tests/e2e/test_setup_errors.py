"""A wrong setup is told in one French sentence that says how to fix it, with exit code 2
and no traceback: the real ``reclam`` program, as a school owner runs it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bots.emulator.people import Emulator
from core.profile import DEMO

pytestmark = pytest.mark.e2e
RECLAM = str(Path(sys.executable).with_name("reclam"))


def base(tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "RECLAM_PROFILE": str(DEMO),
        "RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'school.db'}",
        "RECLAM_LANGUAGE": "fr",
    }


def refused(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [RECLAM, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0].replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("RECLAM_DATABASE_URL", "sqlite:////no/such/folder/school.db"),
        ("RECLAM_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/reclam"),
    ],
)
def test_a_database_out_of_reach_is_one_sentence(tmp_path: Path, setting: str, value: str) -> None:
    said = refused(base(tmp_path) | {setting: value}, "complaints", "list")
    assert said.startswith("La base de données est injoignable ou ne peut pas être ouverte")
    assert "vérifiez RECLAM_DATABASE_URL" in said


def test_a_malformed_setting_is_named(tmp_path: Path) -> None:
    said = refused(base(tmp_path) | {"RECLAM_STAFF_CHAT_ID": "abc"}, "complaints", "list")
    assert said == (
        "Le réglage RECLAM_STAFF_CHAT_ID n’est pas valide ('abc') : corrigez-le dans le "
        "fichier .env ou dans l’environnement."
    )


async def test_a_token_telegram_refuses_is_one_sentence(tmp_path: Path) -> None:
    async with Emulator() as emulator:
        emulator.bot()
        env = base(tmp_path) | {
            "RECLAM_BOT_TOKEN": "123456:not-the-bots-token",
            "RECLAM_TELEGRAM_API_URL": emulator.base_url,
            "RECLAM_STAFF_CHAT_ID": "-100123",
        }
        for framework in ("aiogram", "ptb"):
            said = await asyncio.to_thread(refused, env | {"RECLAM_FRAMEWORK": framework}, "run")
            assert said == (
                "Telegram refuse le jeton du bot (RECLAM_BOT_TOKEN) : copiez-le de nouveau "
                "depuis @BotFather (/mybots, API Token)."
            )


def test_telegram_out_of_reach_is_one_sentence(tmp_path: Path) -> None:
    env = base(tmp_path) | {
        "RECLAM_BOT_TOKEN": "123456:whatever",
        "RECLAM_TELEGRAM_API_URL": "http://127.0.0.1:1",
        "RECLAM_STAFF_CHAT_ID": "-100123",
    }
    for framework in ("aiogram", "ptb"):
        said = refused(env | {"RECLAM_FRAMEWORK": framework}, "run")
        assert said.startswith("Telegram est injoignable à l’adresse http://127.0.0.1:1")


def test_a_files_folder_reclam_cannot_write_in_is_one_sentence(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    said = refused(
        base(tmp_path) | {"RECLAM_FILES_DIR": str(blocked / "files")}, "complaints", "list"
    )
    assert said.startswith(f"Le dossier des pièces jointes {blocked / 'files'} (RECLAM_FILES_DIR)")
