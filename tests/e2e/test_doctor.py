"""reclam doctor: one line per check, against the emulator, as a school owner runs it."""

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


def doctor(env: dict[str, str], tmp_path: Path) -> tuple[int, list[str]]:
    subprocess.run([RECLAM, "db", "upgrade"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [RECLAM, "doctor"], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert "Traceback" not in done.stderr
    return done.returncode, [line.replace("\u00a0", " ") for line in done.stdout.splitlines()]


async def test_a_right_setup_passes_every_check_and_a_bot_not_admin_is_told(
    tmp_path: Path,
) -> None:
    async with Emulator() as emulator:
        bot = emulator.bot()
        group = emulator.group("Équipe", bot, [emulator.user(101, "Claire")])
        env = os.environ | {
            "RECLAM_BOT_TOKEN": bot.token,
            "RECLAM_TELEGRAM_API_URL": emulator.base_url,
            "RECLAM_STAFF_CHAT_ID": str(group.id),
            "RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'school.db'}",
            "RECLAM_PROFILE": str(DEMO),
            "RECLAM_LANGUAGE": "fr",
        }
        code, lines = await asyncio.to_thread(doctor, env, tmp_path)
        assert code == 0, lines
        assert all(line.startswith("✔ ") for line in lines)
        assert "✔ Bot @reclam_bot" in lines
        assert any(line.startswith("✔ Groupe du personnel : Équipe") for line in lines)

        group.members[bot.user.id] = "member"  # demoted
        code, lines = await asyncio.to_thread(doctor, env, tmp_path)
        assert code == 2
        assert (
            "✖ Le bot n’est pas administrateur du groupe du personnel : nommez-le administrateur."
            in lines
        )

        wrong = env | {"RECLAM_STAFF_CHAT_ID": "-100999"}
        code, lines = await asyncio.to_thread(doctor, wrong, tmp_path)
        assert code == 2
        assert any(line.startswith("✖ Le groupe du personnel -100999") for line in lines)


async def test_without_the_setting_the_doctor_checks_the_group_bound_with_setup(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime

    from sqlalchemy.ext.asyncio import AsyncSession

    from bots.telegram.store.staff_groups import SqlStaffGroups, StaffGroup
    from core.persistence.engine import create_engine

    async with Emulator() as emulator:
        bot = emulator.bot()
        group = emulator.group("Équipe", bot, [emulator.user(101, "Claire")])
        env = os.environ | {
            "RECLAM_BOT_TOKEN": bot.token,
            "RECLAM_TELEGRAM_API_URL": emulator.base_url,
            "RECLAM_STAFF_CHAT_ID": "",
            "RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'school.db'}",
            "RECLAM_PROFILE": str(DEMO),
            "RECLAM_LANGUAGE": "fr",
        }
        code, lines = await asyncio.to_thread(doctor, env, tmp_path)
        assert code == 2
        assert (
            "✖ Pas encore de groupe du personnel : ajoutez le bot au groupe du personnel, "
            "nommez-le administrateur, puis un responsable y envoie /configurer."
        ) in lines

        engine = create_engine(env["RECLAM_DATABASE_URL"])
        async with AsyncSession(engine) as session:
            now = datetime.now(UTC)
            await SqlStaffGroups(session).bind(StaffGroup(group.id, "Équipe", now, 101))
            await session.commit()
        await engine.dispose()
        code, lines = await asyncio.to_thread(doctor, env, tmp_path)
        assert code == 0, lines
        assert "✔ Groupe du personnel : Équipe, lié par /configurer" in lines
