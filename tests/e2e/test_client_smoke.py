from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.harness import reclam

FRAMEWORKS = [pytest.param("aiogram", id="aiogram"), pytest.param("ptb", id="ptb")]


@pytest.mark.e2e
@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_start_greets_the_client_with_the_school_name(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa", "Dubois")
        replies = await r.say(lea, "/start")
        assert "Auto-école des Tilleuls" in replies[0]
        assert r.buttons(lea)[0].endswith("Déposer une réclamation") or r.buttons(lea)
