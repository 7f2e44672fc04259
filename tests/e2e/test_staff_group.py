"""Each complaint gets its place in the staff group, kept up to date; confidential ones
never appear there. Forum and plain groups, on aiogram and PTB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.domain.journal import Actor
from core.usecases.acknowledge_complaint import AcknowledgeComplaint, acknowledge_complaint
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.withdraw_complaint import WithdrawComplaint, withdraw_complaint
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly, reach_category

pytestmark = pytest.mark.e2e


@pytest.fixture(
    params=[("aiogram", True), ("ptb", True), ("aiogram", False), ("ptb", False)],
    ids=["aiogram-forum", "ptb-forum", "aiogram-plain", "ptb-plain"],
)
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    framework, forum = request.param
    async with reclam(framework, tmp_path, forum=forum) as running:
        yield running


def group_texts(r: Reclam) -> list[str]:
    return r.emulator.bot_texts(r.bot, r.staff_group.id)


async def test_a_filed_complaint_gets_its_card_in_the_staff_group(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    await r.emulator.wait_until(lambda: any(ref in t for t in group_texts(r)))
    [card] = [m for m in r.emulator.transcript(r.staff_group.id) if ref in m.text]
    assert "Facture envoyée deux fois." in card.text
    assert "Historique : première réclamation" in card.text
    assert [b["text"] for b in card.buttons] == ["👤 Désigner"]
    topics = [t for t in r.emulator.telegram.topics.values() if t.chat_id == r.staff_group.id]
    if r.staff_group.is_forum:
        assert [t.name for t in topics] == [f"{ref} · Facturation et tarifs · P?"]
        assert card.data["message_thread_id"] == topics[0].thread_id
    else:
        assert topics == []
    assert await r.settled() == {"sent"}


async def test_the_card_is_edited_in_place_as_the_complaint_moves(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    async with r.uow() as uow:
        agent = await uow.staff.by_telegram_id(102)
    assert agent is not None
    assert agent.id is not None
    actor = Actor.staff(agent.id, agent.role, agent.name)
    await acknowledge_complaint(
        r.deps, Actor.system(), AcknowledgeComplaint(ref, "ar.pdf", "ab" * 32)
    )
    await evaluate_complaint(r.deps, actor, EvaluateComplaint(ref, 3, 3, 3))
    await r.emulator.wait_until(lambda: any("P1" in t for t in group_texts(r)))
    cards = [m for m in r.emulator.transcript(r.staff_group.id) if m.text.startswith("<b>REC")]
    assert len(cards) == 1, "one card, edited in place"
    assert "Réponse due le" in cards[0].text
    [complaint] = await r.complaints_of(lea)
    await withdraw_complaint(r.deps, Actor.client(complaint.client_id), WithdrawComplaint(ref))
    await r.emulator.wait_until(lambda: "↩" in cards[0].text)
    assert cards[0].buttons == []
    if r.staff_group.is_forum:
        [topic] = r.emulator.telegram.topics.values()
        await r.emulator.wait_until(lambda: topic.closed)
        assert topic.name == f"{ref} · Facturation et tarifs · P1 ↩"
    assert await r.settled() == {"sent"}, "no edit drew 'message is not modified'"


async def test_an_instructor_named_is_told_privately_and_mentioned_in_the_thread(
    r: Reclam,
) -> None:
    lea = r.emulator.user(501, "Léa")
    await reach_category(r, lea)
    await r.press(lea, "Pédagogie et qualité des leçons")
    await r.press(lea, "Aujourd'hui")
    await r.press(lea, "Leçon de conduite")
    await r.press(lea, "Marc Petit")
    await r.say(lea, "Le moniteur regardait son téléphone.")
    await r.press(lea, "Terminé")
    sent = (await r.press(lea, "Une explication")) and await r.press(lea, "✅ Envoyer")
    ref = sent[0].split("référence ")[1].split(".")[0]
    await r.emulator.wait_until(lambda: len(r.emulator.bot_texts(r.bot, 103)) == 1)
    assert r.emulator.bot_texts(r.bot, 103)[0].startswith(
        f"Vous êtes cité(e) dans la réclamation {ref}"
    )
    await r.emulator.wait_until(lambda: any("Marc Petit est cité(e)" in t for t in group_texts(r)))
    mention = [m for m in r.emulator.transcript(r.staff_group.id) if "est cité(e)" in m.text][0]
    assert 'href="tg://user?id=103"' in mention.text
    assert r.emulator.bot_texts(r.bot, 104) == [], "Julie is not concerned"


async def test_a_confidential_complaint_produces_not_one_message_in_the_staff_group(
    r: Reclam,
) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea, "Comportement d'un membre du personnel")
    await r.emulator.wait_until(lambda: len(r.emulator.bot_texts(r.bot, 101)) == 1)
    assert r.emulator.bot_texts(r.bot, 101)[0].startswith(
        f"🔒 La réclamation confidentielle {ref}"
    )
    assert await r.settled() == {"sent"}
    assert r.emulator.transcript(r.staff_group.id) == []
    assert r.emulator.bot_texts(r.bot, 102) == [], "agents are not told"


async def test_what_the_client_adds_appears_in_the_complaints_thread(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    await r.say(lea, "/mycomplaints")
    await r.press(lea, "➕ Ajouter une information")
    await r.say(lea, "Voici le relevé bancaire.")
    await r.emulator.wait_until(lambda: any("Le client ajoute" in t for t in group_texts(r)))
    [card] = [m for m in r.emulator.transcript(r.staff_group.id) if m.text.startswith("<b>REC")]
    [added] = [m for m in r.emulator.transcript(r.staff_group.id) if "Le client ajoute" in m.text]
    assert "Voici le relevé bancaire." in added.text
    if r.staff_group.is_forum:
        assert added.data["message_thread_id"] == card.data["message_thread_id"]
    else:
        assert added.data["reply_to_message"]["message_id"] == card.message_id
    assert ref in card.text
