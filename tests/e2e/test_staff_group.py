"""Each complaint gets its place in the staff group, kept up to date; confidential ones
never appear there. Forum and plain groups, on aiogram and PTB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bots.emulator.world import Message
from bots.telegram.identity import account
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
    assert "Historique\xa0: première réclamation" in card.text
    assert [b["text"] for b in card.buttons] == ["📬 Accuser réception", "👤 Désigner"]
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
        agent = await uow.staff.by_chat(account(102))
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
        f"Votre nom figure dans la réclamation {ref}"
    )
    await r.emulator.wait_until(
        lambda: any("Marc Petit figure dans cette réclamation" in t for t in group_texts(r))
    )
    mention = [
        m
        for m in r.emulator.transcript(r.staff_group.id)
        if "figure dans cette réclamation" in m.text
    ][0]
    assert 'href="tg://user?id=103"' in mention.text
    assert r.emulator.bot_texts(r.bot, 104) == [], "Julie is not concerned"


async def test_a_confidential_complaint_produces_not_one_message_in_the_staff_group(
    r: Reclam,
) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea, "Comportement d'un membre du personnel")
    for manager in (101, 105):
        await r.emulator.wait_until(lambda m=manager: len(r.emulator.bot_texts(r.bot, m)) == 1)
        card = r.emulator.bot_texts(r.bot, manager)[0]
        assert card.startswith(f"{ref} · Comportement d'un membre du personnel")
        assert "🔒 Confidentiel" in card
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


def cards(r: Reclam, ref: str) -> list[Message]:
    return [m for m in r.emulator.transcript(r.staff_group.id) if m.text.startswith(f"<b>{ref}")]


def card_labels(r: Reclam, ref: str) -> list[str]:
    """The card's button labels, or nothing while the card is not there yet."""
    found = cards(r, ref)
    return [b["text"] for b in found[0].buttons] if found else []


async def post_in_thread(r: Reclam, who: int, ref: str, text: str) -> None:
    [card] = cards(r, ref)
    thread = card.data.get("message_thread_id")
    user = r.emulator.telegram.users[who]
    reply_to = None if thread else card
    r.emulator.send_text(
        r.bot, user, text, chat=r.staff_group, thread_id=thread, reply_to=reply_to
    )


async def test_a_plain_message_in_the_thread_is_an_internal_note_that_never_reaches_the_client(
    r: Reclam,
) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    await r.emulator.wait_until(lambda: any(ref in t for t in group_texts(r)))
    seen_by_client = len(r.texts(lea))
    await post_in_thread(r, 102, ref, "Vérifier avec la compta avant de répondre.")
    journal = await r.eventually_journal(ref, "note_added")
    note = [e for e in journal if e.kind.value == "note_added"][0]
    assert note.payload["text"] == "Vérifier avec la compta avant de répondre."
    assert note.actor.name == "Sami Benali"
    assert not note.client_visible
    assert await r.settled() == {"sent"}
    assert len(r.texts(lea)) == seen_by_client


async def test_someone_outside_the_staff_directory_is_refused_politely_and_journaled(
    r: Reclam,
) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    await r.emulator.wait_until(lambda: any(ref in t for t in group_texts(r)))
    intruder = r.emulator.user(666, "Intrus")
    r.staff_group.members[intruder.id] = "member"
    query = r.emulator.press(r.bot, intruder, "👤 Désigner", chat=r.staff_group)
    await r.emulator.wait_until(lambda: r.emulator.answer_to(query) is not None)
    assert r.emulator.answer_to(query) == {
        "text": "Désolé, seuls les membres de l'annuaire du personnel peuvent agir ici.",
        "show_alert": True,
    }
    journal = await r.eventually_journal(ref, "access_refused")
    async with r.uow() as uow:
        complaint = await uow.complaints.get(ref)
    refused = [e for e in journal if e.kind.value == "access_refused"]
    assert refused[0].actor.name == "Intrus"
    assert complaint is not None
    assert complaint.handler_id is None


async def test_staff_assign_and_evaluate_from_the_card(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    await acknowledge_complaint(
        r.deps, Actor.system(), AcknowledgeComplaint(ref, "ar.pdf", "ab" * 32)
    )
    sami = r.emulator.telegram.users[102]
    await r.emulator.wait_until(lambda: "🔎 Évaluer" in card_labels(r, ref))

    async def press(label: str) -> None:
        query = r.emulator.press(r.bot, sami, label, chat=r.staff_group)
        await r.emulator.wait_until(lambda: r.emulator.answer_to(query) is not None)

    await press("👤 Désigner")
    await r.emulator.wait_until(lambda: any("Qui traite" in t for t in group_texts(r)))
    await press("Sami Benali")
    await r.emulator.wait_until(
        lambda: any("est confiée à Sami Benali" in t for t in group_texts(r))
    )
    await press("🔎 Évaluer")
    await r.emulator.wait_until(lambda: any("gravité\xa0?" in t for t in group_texts(r)))
    for label in ("3", "2", "2"):
        await press(label)
    await r.emulator.wait_until(lambda: any("priorité P2" in t for t in group_texts(r)))
    await press("✅ Valider")
    await r.emulator.wait_until(
        lambda: any("évaluée par Sami Benali" in t for t in group_texts(r))
    )
    async with r.uow() as uow:
        complaint = await uow.complaints.get(ref)
    assert complaint is not None
    assert complaint.evaluation is not None
    assert (complaint.evaluation.severity, complaint.evaluation.priority.label) == (3, "P2")
    assert complaint.handler_id is not None
    await r.emulator.wait_until(lambda: "P2" in cards(r, ref)[0].text)
    assert await r.settled() == {"sent"}


async def test_the_clients_files_are_forwarded_into_the_complaints_thread(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    await r.say(lea, "/start complaint")
    await r.press(lea, "Oui, c'est moi")
    for _ in range(3):
        await r.press(lea, "Passer")
    await r.press(lea, "Véhicules")
    await r.press(lea, "Aujourd'hui")
    await r.press(lea, "Examen")
    await r.press(lea, "Personne en particulier")
    await r.say(lea, "Le véhicule est tombé en panne.")
    await r.send_file(lea, "panne.jpg", "photo")
    await r.send_file(lea, "message.ogg", "voice")
    await r.press(lea, "Terminé")
    await r.press(lea, "Un remboursement")
    sent = await r.press(lea, "✅ Envoyer")
    ref = sent[0].split("référence ")[1].split(".")[0]

    def forwarded() -> list[Message]:
        return [
            m
            for m in r.emulator.transcript(r.staff_group.id)
            if "photo" in m.data or "voice" in m.data
        ]

    await r.emulator.wait_until(lambda: len(forwarded()) == 2)
    [card] = cards(r, ref)
    for message in forwarded():
        if r.staff_group.is_forum:
            assert message.data["message_thread_id"] == card.data["message_thread_id"]
        else:
            assert message.data["reply_to_message"]["message_id"] == card.message_id
    client_files = {
        m.data["photo"][-1]["file_id"] if "photo" in m.data else m.data["voice"]["file_id"]
        for m in r.emulator.transcript(lea.id)
        if m.sender_id == lea.id and ("photo" in m.data or "voice" in m.data)
    }
    staff_files = {
        m.data["photo"][-1]["file_id"] if "photo" in m.data else m.data["voice"]["file_id"]
        for m in forwarded()
    }
    assert staff_files == client_files
    assert await r.settled() == {"sent"}
