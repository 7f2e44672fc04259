"""Staff inform the client and decide from the card; only managers decide; the client
reads exactly what was previewed. Forum and plain groups, on aiogram and PTB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bots.emulator.world import User
from bots.telegram.identity import account
from core.domain.enums import Status
from core.domain.journal import Actor
from core.usecases.acknowledge_complaint import AcknowledgeComplaint, acknowledge_complaint
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly
from tests.e2e.test_staff_group import cards, post_in_thread

pytestmark = pytest.mark.e2e


@pytest.fixture(params=[("aiogram", True), ("ptb", False)], ids=["aiogram-forum", "ptb-plain"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    framework, forum = request.param
    async with reclam(framework, tmp_path, forum=forum) as running:
        yield running


async def ready(r: Reclam, lea: User) -> str:
    """A complaint filed, acknowledged and evaluated, its card up to date."""
    ref = await file_quickly(r, lea)
    async with r.uow() as uow:
        agent = await uow.staff.by_chat(account(102))
    assert agent is not None
    assert agent.id is not None
    await acknowledge_complaint(
        r.deps, Actor.system(), AcknowledgeComplaint(ref, "ar.pdf", "ab" * 32)
    )
    await evaluate_complaint(
        r.deps, Actor.staff(agent.id, agent.role, agent.name), EvaluateComplaint(ref, 2, 2, 2)
    )
    await r.emulator.wait_until(lambda: bool(cards(r, ref)) and "P3" in cards(r, ref)[0].text)
    return ref


async def press(r: Reclam, who: int, label: str) -> dict[str, object] | None:
    query = r.emulator.press(r.bot, r.emulator.telegram.users[who], label, chat=r.staff_group)
    await r.emulator.wait_until(lambda: r.emulator.answer_to(query) is not None)
    return r.emulator.answer_to(query)


def staff_said(r: Reclam, fragment: str) -> bool:
    return any(fragment in t for t in r.emulator.bot_texts(r.bot, r.staff_group.id))


async def test_staff_inform_the_client_after_a_preview(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await ready(r, lea)
    before = len(r.texts(lea))
    await press(r, 102, "💬 Informer le client")
    await r.emulator.wait_until(lambda: staff_said(r, "ce que le client recevra"))
    await post_in_thread(r, 102, ref, "Nous attendons le relevé de la banque.")
    await r.emulator.wait_until(lambda: staff_said(r, "Aperçu de ce que le client lira"))
    await press(r, 102, "📤 Envoyer au client")
    told = await r.new_messages(lea, before, 1)
    assert told == [f"💬 Nouvelles de {ref}\xa0: Nous attendons le relevé de la banque."]
    async with r.uow() as uow:
        kinds = [e.kind.value for e in await uow.complaints.journal(ref)]
    assert "note_added" not in kinds, "the form's text is not an internal note"


async def test_a_manager_accepts_with_two_compensations_and_reasons(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await ready(r, lea)
    before = len(r.texts(lea))
    await press(r, 101, "⚖️ Décider")
    await press(r, 101, "✅ Accepter")
    await press(r, 101, "Avoir")
    await post_in_thread(r, 101, ref, "45,50")
    await r.emulator.wait_until(lambda: staff_said(r, "Proposé à ce stade\xa0: un avoir de 45,50"))
    await press(r, 101, "➕ Une autre compensation")
    await press(r, 101, "Excuses écrites")
    await r.emulator.wait_until(lambda: staff_said(r, "45,50\xa0€ et des excuses écrites"))
    await press(r, 101, "✍️ Écrire les motifs")
    await r.emulator.wait_until(lambda: staff_said(r, "Écrivez les motifs"))
    await post_in_thread(r, 101, ref, "La facture a été envoyée deux fois.")
    await r.emulator.wait_until(lambda: staff_said(r, "Aperçu de ce que le client lira"))
    await press(r, 101, "📤 Envoyer au client")
    told = await r.new_messages(lea, before, 1)
    assert told[0].startswith(
        f"✅ Réponse de l'école pour {ref}\xa0: votre réclamation est acceptée."
    )
    assert "La facture a été envoyée deux fois." in told[0]
    assert "• un avoir de 45,50\xa0€\n• des excuses écrites" in told[0]
    [complaint] = await r.complaints_of(lea)
    assert complaint.status is Status.ANSWERED
    assert complaint.decision is not None
    assert [c.kind.value for c in complaint.decision.compensations] == ["credit_note", "apology"]
    await r.emulator.wait_until(
        lambda: "⚖️ Décider" not in [b["text"] for b in cards(r, ref)[0].buttons]
    )


async def test_a_manager_rejects_and_the_client_gets_the_mediator(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await ready(r, lea)
    before = len(r.texts(lea))
    await press(r, 101, "⚖️ Décider")
    await press(r, 101, "❌ Refuser")
    await post_in_thread(r, 101, ref, "Le second prélèvement a déjà été remboursé.")
    await r.emulator.wait_until(lambda: staff_said(r, "https://mediateur.example"))
    await press(r, 101, "📤 Envoyer au client")
    told = await r.new_messages(lea, before, 1)
    assert "votre réclamation n'est pas acceptée" in told[0]
    assert "Médiateur de la consommation (exemple)" in told[0]
    assert "https://mediateur.example" in told[0]


async def test_an_instructor_trying_to_decide_is_told_why_not(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await ready(r, lea)
    answer = await press(r, 103, "⚖️ Décider")
    assert answer == {
        "text": "Vous ne pouvez pas faire cela\xa0: votre rôle ne le permet pas.",
        "show_alert": True,
    }
    [complaint] = await r.complaints_of(lea)
    assert complaint.status is Status.EVALUATED
    assert ref in cards(r, ref)[0].text


async def test_a_forged_button_naming_a_confidential_complaint_is_refused(r: Reclam) -> None:
    lea, tom = r.emulator.user(501, "Léa"), r.emulator.user(502, "Tom")
    ref = await ready(r, lea)
    secret = await file_quickly(r, tom, "Comportement d'un membre du personnel")
    [card] = cards(r, ref)
    query = r.emulator.press_data(r.bot, r.emulator.telegram.users[102], f"s|eval|{secret}", card)
    await r.emulator.wait_until(lambda: r.emulator.answer_to(query) is not None)
    answer = r.emulator.answer_to(query)
    assert answer is not None
    assert answer["text"] == f"Aucune réclamation ne porte la référence {secret}."
    assert not staff_said(r, secret)
    refused = await r.eventually_journal(secret, "access_refused")
    assert [e.actor.name for e in refused if e.kind.value == "access_refused"] == ["Sami Benali"]


async def test_two_managers_sending_a_decision_at_once_one_wins_the_other_is_told(
    r: Reclam,
) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await ready(r, lea)
    for manager in (101, 105):
        await press(r, manager, "⚖️ Décider")
        await press(r, manager, "❌ Refuser")
        await post_in_thread(r, manager, ref, f"Motifs de {manager}.")
        await r.emulator.wait_until(lambda m=manager: staff_said(r, f"Motifs de {m}."))
    claire, nadia = r.emulator.telegram.users[101], r.emulator.telegram.users[105]
    previews = [m for m in r.emulator.transcript(r.staff_group.id) if "Aperçu" in m.text]
    first = r.emulator.press_data(
        r.bot, claire, previews[0].buttons[0]["callback_data"], previews[0]
    )
    second = r.emulator.press_data(
        r.bot, nadia, previews[1].buttons[0]["callback_data"], previews[1]
    )
    await r.emulator.wait_until(
        lambda: None not in (r.emulator.answer_to(first), r.emulator.answer_to(second))
    )
    losing = r.emulator.answer_to(second)
    assert losing is not None
    assert losing["show_alert"] is True
    assert "«\xa0réponse envoyée\xa0»" in str(losing["text"])
    async with r.uow() as uow:
        kinds = [e.kind.value for e in await uow.complaints.journal(ref)]
    assert kinds.count("rejected") == 1


async def test_staff_plan_an_action_complete_it_close_and_reopen(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await ready(r, lea)
    before = len(r.texts(lea))
    await press(r, 102, "📋 Planifier une action")
    await press(r, 102, "Corrective")
    await post_in_thread(r, 102, ref, "Vérifier le paramétrage du logiciel de facturation")
    await r.emulator.wait_until(lambda: staff_said(r, "Qui en est chargé"))
    await press(r, 102, "Sami Benali")
    await press(r, 102, "dans 14 jours")
    await press(r, 102, "Partager avec le client")
    await r.emulator.wait_until(lambda: staff_said(r, "Action 1 planifiée"))
    told = await r.new_messages(lea, before, 1)
    assert told[0].startswith(f"🛠 Pour {ref}, l'école prévoit\xa0: Vérifier le paramétrage")
    await press(r, 102, "✅ Action réalisée")
    await press(r, 102, "1. Vérifier le paramétrage du logiciel de…")
    await post_in_thread(r, 102, ref, "Doublon d'envoi corrigé")
    await r.emulator.wait_until(lambda: staff_said(r, "Action 1 réalisée"))
    await press(r, 101, "🔒 Clôturer")
    await post_in_thread(r, 101, ref, "Réglé à l'amiable au téléphone.")
    await r.emulator.wait_until(lambda: staff_said(r, f"{ref} clôturée par Claire Martin"))
    [complaint] = await r.complaints_of(lea)
    assert complaint.status is Status.CLOSED
    assert complaint.actions[0].result == "Doublon d'envoi corrigé"
    await r.emulator.wait_until(
        lambda: [b["text"] for b in cards(r, ref)[0].buttons] == ["↩ Rouvrir"]
    )
    await press(r, 101, "↩ Rouvrir")
    await post_in_thread(r, 101, ref, "Le client signale un nouveau doublon.")
    await r.emulator.wait_until(lambda: staff_said(r, f"{ref} rouverte par Claire Martin"))
    [complaint] = await r.complaints_of(lea)
    assert complaint.status is Status.REOPENED
    if r.staff_group.is_forum:
        [topic] = r.emulator.telegram.topics.values()
        await r.emulator.wait_until(lambda: not topic.closed)
    assert await r.settled() == {"sent"}


async def test_a_manager_handles_a_confidential_complaint_in_private(r: Reclam) -> None:
    zoe = r.emulator.user(503, "Zoé")
    ref = await file_quickly(r, zoe, "Comportement d'un membre du personnel")
    claire = r.emulator.telegram.users[101]
    await r.emulator.wait_until(lambda: len(r.emulator.bot_texts(r.bot, 101)) == 1)
    await acknowledge_complaint(
        r.deps, Actor.system(), AcknowledgeComplaint(ref, "ar.pdf", "ab" * 32)
    )
    await r.emulator.wait_until(lambda: "🔎 Évaluer" in r.chat(claire).buttons())
    dm = r.chat(claire)
    await dm.press("🔎 Évaluer")
    for label in ("3", "1", "2", "✅ Valider"):
        await dm.press(label, expect=0)
    await r.emulator.wait_until(
        lambda: any(
            b["text"] == "⚖️ Décider" for m in r.emulator.transcript(101) for b in m.buttons
        )
    )
    before = len(r.texts(zoe))
    await dm.press("⚖️ Décider")
    await dm.press("❌ Refuser")
    await dm.say("Les faits rapportés n'ont pas pu être établis.")
    await dm.press("📤 Envoyer au client", expect=0)  # the preview is edited in place
    told = await r.new_messages(zoe, before, 1)
    assert "n'est pas acceptée" in told[0]
    assert "Les faits rapportés n'ont pas pu être établis." in told[0]
    assert r.emulator.transcript(r.staff_group.id) == []
    assert r.emulator.bot_texts(r.bot, 102) == []
    assert await r.settled() == {"sent"}
