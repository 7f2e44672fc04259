"""The command menus Telegram shows, per scope and language, the French names people type,
and /id in any chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bots.emulator.session import ChatSession
from tests.e2e.harness import Reclam, reclam

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["aiogram", "ptb"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    async with reclam(request.param, tmp_path) as running:
        yield running


def menu(r: Reclam, scope: str, language: str = "") -> list[str]:
    return [c["command"] for c in r.bot.menus[(scope, language)]]


async def test_clients_staff_and_managers_each_get_their_menu_in_french_and_english(
    r: Reclam,
) -> None:
    assert menu(r, "all_private_chats") == [
        "start",
        "mesreclamations",
        "aide",
        "annuler",
        "langue",
        "mesdonnees",
        "oublier",
    ]
    assert menu(r, "all_private_chats", "en")[:3] == ["start", "mycomplaints", "help"]
    group = f"chat:{r.staff_group.id}"
    assert menu(r, group)[:4] == ["ouvertes", "enretard", "voir", "chercher"]
    assert "mydata" not in menu(r, group, "en")
    assert "forget" not in menu(r, group, "en")
    assert "open" in menu(r, group, "en")
    manager = menu(r, "chat:101")  # Claire, a manager: her own chat has both, and more
    assert {"mesreclamations", "ouvertes", "registre", "equipe", "effacer"} <= set(manager)
    assert ("chat:102", "") not in r.bot.menus  # an agent's chat keeps the clients' menu


async def test_clients_also_get_an_arabic_menu_and_staff_do_not(r: Reclam) -> None:
    arabic = r.bot.menus[("all_private_chats", "ar")]
    assert [c["command"] for c in arabic] == menu(r, "all_private_chats", "en")
    assert arabic[1]["description"] == "شكاواي ومراحل معالجتها"
    staff_scopes = {scope for scope, language in r.bot.menus if scope != "all_private_chats"}
    assert staff_scopes
    assert not [scope for scope in staff_scopes if (scope, "ar") in r.bot.menus]


async def test_a_french_command_name_does_what_the_english_one_does(r: Reclam) -> None:
    chat = ChatSession(r.emulator, r.bot, r.emulator.user(501, "Léa"))
    french = await chat.say("/aide")
    english = await chat.say("/help")
    assert french == english
    agent = r.emulator.telegram.users[102]
    listings = []
    for typed in ("/open", "/ouvertes"):
        before = len(r.emulator.bot_texts(r.bot, r.staff_group.id))
        r.emulator.send_text(r.bot, agent, typed, chat=r.staff_group)
        listings += (await r.emulator.replies(r.bot, r.staff_group.id, before + 1))[before:]
    assert listings[0] == listings[1]
    assert "/ouvertes" not in listings[1]  # understood, not refused as unknown


async def test_id_answers_the_chat_and_the_sender_even_in_a_group_not_bound(r: Reclam) -> None:
    chat = ChatSession(r.emulator, r.bot, r.emulator.user(501, "Léa", language="en"))
    [answer] = await chat.say("/id")
    assert answer == "This chat's id: 501\nYour Telegram id: 501"
    stranger = r.emulator.user(777, "Nadia")
    other = r.emulator.group("Une autre équipe", r.bot, [stranger], forum=False)
    r.emulator.send_text(r.bot, stranger, "/id", chat=other)
    [said] = await r.emulator.replies(r.bot, other.id, 1)
    assert said.replace("\u00a0", " ") == (
        f"Identifiant de cette conversation : {other.id}\nVotre identifiant Telegram : 777"
    )
