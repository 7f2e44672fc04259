"""``reclam run``'s logs in production: JSON a line, with the update, the chat and the
complaint, and none of what a client wrote at INFO."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bots.emulator.people import Emulator
from tests.chaos.rig import marker
from tests.e2e.production import base_env, clients, reclam_run

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_json_logs_parse_line_by_line_name_the_complaint_and_hold_no_client_text(
    framework: str, tmp_path: Path
) -> None:
    async with Emulator() as emulator:
        bot = emulator.bot()
        env = base_env(emulator, bot, -100123, f"sqlite:///{tmp_path / 'school.db'}")
        env |= {"RECLAM_FRAMEWORK": framework, "RECLAM_LOG_FORMAT": "json"}
        async with reclam_run(env, tmp_path) as served:
            [client] = clients(emulator, bot, 1)
            await client.file(patience=30)
            assert client.failure is None
            assert await served.terminate() == 0
        lines = [json.loads(line) for line in served.log().splitlines()]

    processed = [line for line in lines if line["message"].endswith(" processed")]
    assert len(processed) == client.steps_done
    assert all(line["chat"] == client.user.id for line in processed)
    assert all(isinstance(line["update"], int) for line in processed)
    filed = [line for line in processed if "complaint" in line]
    assert len(filed) == 1
    assert filed[0]["complaint"].startswith("R")
    everything = served.log()
    for written in (marker(1), "06 12 34 56 01", "Facture envoyée"):
        assert written not in everything
    assert not [line for line in lines if line["logger"].startswith("apscheduler")]
