"""A manager records the quality meeting with /meeting; every collaborator receives its
conclusions with an "I have read it" button; managers see who has read; the others are
reminded. On both adapters."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.harness import Reclam, reclam

pytestmark = pytest.mark.e2e
MEETING = (
    "/meeting 24/11/2026\n"
    "Présents : Claire Martin, Sami Benali\n"
    "Conclusions : Prévenir les élèves 48 h avant toute annulation.\n"
    "Action : Afficher le planning des moniteurs ; Sami Benali ; 15/12/2026"
)
STAFF = (101, 102, 103, 104, 105)


def said_in_group(r: Reclam) -> list[str]:
    return r.emulator.bot_texts(r.bot, r.staff_group.id)


async def manager_says(r: Reclam, text: str, expect: str) -> str:
    claire = r.emulator.telegram.users[101]
    r.emulator.send_text(r.bot, claire, text, chat=r.staff_group)
    await r.emulator.wait_until(lambda: any(expect in t for t in said_in_group(r)))
    return next(t for t in reversed(said_in_group(r)) if expect in t)


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_the_meetings_conclusions_reach_everyone_and_readings_are_tracked(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        answer = await manager_says(r, MEETING, "enregistrée")
        assert answer == (
            "Réunion qualité du 24 novembre 2026 enregistrée\xa0; ses conclusions ont été "
            "envoyées à 5 collaborateurs."
        )
        for member in STAFF:
            await r.emulator.wait_until(
                lambda m=member: any(
                    t.startswith("📋 Réunion qualité du 24 novembre 2026")
                    for t in r.emulator.bot_texts(r.bot, m)
                )
            )
        [copy] = [t for t in r.emulator.bot_texts(r.bot, 102) if t.startswith("📋")]
        assert "Prévenir les élèves 48 h avant toute annulation." in copy
        assert "1. Afficher le planning des moniteurs — Sami Benali" in copy
        sami = r.emulator.telegram.users[102]
        query = r.emulator.press(r.bot, sami, "✅ J'ai lu")
        await r.emulator.wait_until(lambda: r.emulator.answer_to(query) is not None)
        assert (r.emulator.answer_to(query) or {})[
            "text"
        ] == "Merci, votre lecture est enregistrée."
        status = await manager_says(r, "/meeting status", "Lu par")
        assert "Lu par\xa0: Sami Benali" in status
        assert "Pas encore lu\xa0: Claire Martin, Julie Roux, Marc Petit, Nadia Ferhat" in status
        r.clock.advance(timedelta(days=3, hours=1))
        assert r.running is not None
        await r.running.ticker.until_idle()
        reminder = "⏰ Merci de lire les conclusions de la réunion qualité du 24 novembre 2026"
        for member in (101, 103, 104, 105):
            await r.emulator.wait_until(
                lambda m=member: any(reminder in t for t in r.emulator.bot_texts(r.bot, m))
            )
        assert not any(reminder in t for t in r.emulator.bot_texts(r.bot, 102))


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_only_a_manager_records_a_meeting(framework: str, tmp_path: Path) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        sami = r.emulator.telegram.users[102]
        r.emulator.send_text(r.bot, sami, MEETING, chat=r.staff_group)
        await r.emulator.wait_until(
            lambda: any(t.startswith("Vous ne pouvez pas faire cela") for t in said_in_group(r))
        )
        assert not any(t.startswith("📋") for t in r.emulator.bot_texts(r.bot, 103))
