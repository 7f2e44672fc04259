"""The staff group bound without its id: the bot added to a group says how to bind it, a
manager's /setup names what is missing and then binds it (the complaints filed before
get their cards), anyone else is refused, and the bot demoted alerts the managers once
and falls back to reply threads. On aiogram and PTB, against the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bots.emulator.world import Message, User
from bots.service import Framework
from bots.telegram.store.store import staff_group
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly

pytestmark = pytest.mark.e2e
CLAIRE, SAMI, NADIA = 101, 102, 105  # a manager, an agent, the other manager


@pytest.fixture(params=["aiogram", "ptb"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    async with reclam(request.param, tmp_path, unbound=True) as running:
        yield running


def person(r: Reclam, telegram_id: int) -> User:
    return r.emulator.telegram.users[telegram_id]


def group_texts(r: Reclam) -> list[str]:
    return r.emulator.bot_texts(r.bot, r.staff_group.id)


async def group_says(r: Reclam, who: int, text: str) -> str:
    """``who`` writes in the group; return the bot's next message there."""
    before = len(group_texts(r))
    r.emulator.send_text(r.bot, person(r, who), text, chat=r.staff_group)
    return (await r.emulator.replies(r.bot, r.staff_group.id, before + 1))[before]


async def add_bot(
    r: Reclam, status: str = "administrator", off: frozenset[str] = frozenset()
) -> None:
    before = len(group_texts(r))
    r.emulator.set_bot_status(r.bot, r.staff_group, person(r, CLAIRE), status, off)
    await r.emulator.replies(r.bot, r.staff_group.id, before + 1)  # the welcome


async def bound_group(r: Reclam) -> int | None:
    async with r.uow() as uow:
        return await staff_group(uow)


def cards(r: Reclam, reference: str) -> list[Message]:
    return [
        m
        for m in r.emulator.transcript(r.staff_group.id)
        if m.sender_id == r.bot.user.id and m.text.startswith(f"<b>{reference}")
    ]


async def test_the_bot_added_to_a_group_says_there_how_a_manager_binds_it(r: Reclam) -> None:
    r.emulator.set_bot_status(r.bot, r.staff_group, person(r, CLAIRE), "member")
    [welcome] = await r.emulator.replies(r.bot, r.staff_group.id, 1)
    assert "un responsable inscrit dans Reclam envoie ici /configurer" in welcome
    assert await bound_group(r) is None, "being added binds nothing"


async def test_setup_names_what_is_missing_then_binds_and_posts_the_earlier_complaints(
    r: Reclam,
) -> None:
    reference = await file_quickly(r, r.emulator.user(501, "Léa"))  # before any group
    await add_bot(r, "member")
    missing = await group_says(r, CLAIRE, "/configurer")
    assert "Ce groupe ne peut pas encore être le groupe de l'équipe. Il manque\xa0:" in missing
    assert "le bot n'est pas administrateur\xa0: ouvrez les informations du groupe" in missing
    r.emulator.set_bot_status(
        r.bot, r.staff_group, person(r, CLAIRE), "administrator", frozenset({"can_manage_topics"})
    )
    missing = await group_says(r, CLAIRE, "/setup")
    assert "le bot ne peut pas gérer les sujets\xa0:" in missing
    assert "«\xa0Gérer les sujets\xa0»" in missing
    assert "administrateur\xa0:" not in missing, "only what is still missing"
    assert await bound_group(r) is None
    r.emulator.set_bot_status(r.bot, r.staff_group, person(r, CLAIRE), "administrator")
    bound = await group_says(r, CLAIRE, "/configurer")
    assert bound.startswith("✅ Ce groupe est désormais le groupe de l'équipe «\xa0Équipe")
    assert "Chaque réclamation aura son propre sujet." in bound
    assert "La fiche de 1 réclamation déposée auparavant suit." in bound
    await r.emulator.wait_until(lambda: len(cards(r, reference)) == 1)
    assert await bound_group(r) == r.staff_group.id
    assert "message_thread_id" in cards(r, reference)[0].data, "in a topic of its own"
    again = await group_says(r, CLAIRE, "/setup")
    assert again.startswith("✅")
    assert "auparavant" not in again
    assert await r.settled() == {"sent"}
    assert len(cards(r, reference)) == 1, "posted once, never twice"


async def test_someone_not_a_manager_is_refused_and_learns_nothing(r: Reclam) -> None:
    await add_bot(r, "member")
    refused = await group_says(r, SAMI, "/configurer")  # an agent
    assert refused == "Désolé, seul un responsable de l'auto-école peut configurer ce groupe."
    stranger = r.emulator.user(777, "Inconnu")
    r.staff_group.members[stranger.id] = "member"
    assert await group_says(r, stranger.id, "/setup") == refused
    assert await bound_group(r) is None
    assert not any("Il manque" in text for text in group_texts(r))


async def test_the_bot_demoted_alerts_the_managers_once_and_cards_fall_back_to_reply_threads(
    r: Reclam,
) -> None:
    await add_bot(r)
    assert (await group_says(r, CLAIRE, "/setup")).startswith("✅")
    topics_before = len(r.emulator.telegram.topics)
    r.emulator.set_bot_status(r.bot, r.staff_group, person(r, NADIA), "member")
    for manager in (CLAIRE, NADIA):
        [alert] = await r.emulator.replies(r.bot, manager, 1)
        assert alert.startswith("⚠️ Le bot a perdu ses droits d'administrateur dans le groupe")
    r.emulator.set_bot_status(
        r.bot, r.staff_group, person(r, NADIA), "administrator", frozenset({"can_manage_topics"})
    )
    reference = await file_quickly(r, r.emulator.user(502, "Hugo"))
    await r.emulator.wait_until(lambda: len(cards(r, reference)) == 1)
    [card] = cards(r, reference)
    assert "message_thread_id" not in card.data, "a card whose replies form the thread"
    assert len(r.emulator.telegram.topics) == topics_before
    assert await r.settled() == {"sent"}
    for manager in (CLAIRE, NADIA):
        assert len(r.emulator.bot_texts(r.bot, manager)) == 1, "alerted once"


async def test_the_bot_removed_from_the_group_alerts_the_managers(r: Reclam) -> None:
    await add_bot(r)
    assert (await group_says(r, CLAIRE, "/setup")).startswith("✅")
    r.emulator.set_bot_status(r.bot, r.staff_group, person(r, NADIA), "kicked")
    [alert] = await r.emulator.replies(r.bot, CLAIRE, 1)
    assert alert.startswith("⚠️ Le bot a été retiré du groupe de l'équipe «\xa0Équipe")


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_with_the_setting_set_setup_in_another_group_says_the_setting_wins(
    framework: Framework, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # RECLAM_STAFF_CHAT_ID names the group
        other = r.emulator.new_group("Autre groupe", [person(r, CLAIRE)])
        r.emulator.set_bot_status(r.bot, other, person(r, CLAIRE), "administrator")
        await r.emulator.replies(r.bot, other.id, 1)
        r.emulator.send_text(r.bot, person(r, CLAIRE), "/configurer", chat=other)
        [_, answer] = await r.emulator.replies(r.bot, other.id, 2)
        assert answer.startswith("RECLAM_STAFF_CHAT_ID désigne un autre groupe")
        assert await bound_group(r) is None


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_group_without_topics_is_bound_and_told_its_cards_thread_by_replies(
    framework: Framework, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path, forum=False, unbound=True) as r:
        await add_bot(r)
        bound = await group_says(r, CLAIRE, "/configurer")
        assert bound.startswith("✅ Ce groupe est désormais le groupe de l'équipe")
        assert (
            "Les sujets sont désactivés dans ce groupe\xa0: chaque réclamation aura une fiche"
            in bound
        )
        reference = await file_quickly(r, r.emulator.user(503, "Inès"))
        await r.emulator.wait_until(lambda: len(cards(r, reference)) == 1)
        assert r.emulator.telegram.topics == {}
