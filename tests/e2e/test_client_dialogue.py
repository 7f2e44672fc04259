"""One scenario suite for the client's private chat, run on aiogram and on PTB alike."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bots.emulator.world import User
from bots.telegram.identity import account
from core.domain.enums import EvidenceKind, Status
from core.domain.journal import Actor, EventKind
from core.usecases.inform_client import InformClient, inform_client
from tests.databases import POSTGRES_URL, SKIP_POSTGRES
from tests.e2e.harness import Reclam, reclam

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["aiogram", "ptb"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    async with reclam(request.param, tmp_path) as running:
        yield running


async def reach_category(r: Reclam, user: User, email: str | None = None) -> None:
    await r.say(user, "/start")
    await r.press(user, "📝 Déposer une réclamation")
    await r.press(user, "Oui, c'est moi")
    await r.press(user, "Passer")  # phone
    await (r.say(user, email) if email else r.press(user, "Passer"))
    await r.press(user, "Passer")  # student file


async def file_quickly(
    r: Reclam, user: User, category: str = "Facturation et tarifs", email: str | None = None
) -> str:
    await reach_category(r, user, email)
    await r.press(user, category)
    await r.press(user, "Aujourd'hui")
    await r.press(user, "Bureau / accueil")
    await r.press(user, "Personne en particulier")
    await r.say(user, "Facture envoyée deux fois.")
    await r.press(user, "Terminé")
    await r.press(user, "Un remboursement")
    sent = await r.press(user, "✅ Envoyer")
    return sent[0].split("référence ")[1].split(".")[0]


async def test_a_client_files_a_complaint_through_every_kind_of_step(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa", "Dubois")
    welcome = await r.say(lea, "/start")
    assert "Auto-école des Tilleuls" in welcome[0]
    assert (await r.press(lea, "📝 Déposer une réclamation")) == [
        "Pour commencer, votre nom\xa0: Léa Dubois. Est-ce exact\xa0?"
    ]
    await r.press(lea, "Corriger")
    await r.say(lea, "Léa Dubois-Martin")
    assert (await r.say(lea, "06 12 34 56 78"))[0].startswith("Votre adresse e-mail")
    await r.say(lea, "lea@example.org")
    assert (await r.say(lea, "D-2026-117")) == ["Quel est le sujet de votre réclamation\xa0?"]
    await r.press(lea, "Planning et annulations de leçons")
    await r.press(lea, "Une autre date")
    await r.say(lea, "03/11/2026")
    await r.press(lea, "Ailleurs")
    await r.say(lea, "Parking de la gare")
    assert "Marc Petit" in r.buttons(lea)
    assert "Julie Roux" in r.buttons(lea)
    await r.press(lea, "Marc Petit")
    await r.say(lea, "Le moniteur n'est pas venu.")
    assert await r.send_file(lea, "sms.png", "photo") == ["📎 1 pièce jointe reçue."]
    await r.send_file(lea, "planning.pdf", "document")
    await r.send_file(lea, "message.ogg", "voice")
    await r.press(lea, "Terminé")
    await r.press(lea, "Autre chose (à préciser)")
    summary = await r.say(lea, "Une leçon offerte")
    assert "Parking de la gare" in summary[0]
    assert "Pièces jointes\xa0: 3 fichiers" in summary[0]
    sent = await r.press(lea, "✅ Envoyer")
    assert sent[0].startswith("✅ Votre réclamation est enregistrée sous la référence REC-2026-")
    [complaint] = await r.complaints_of(lea)
    assert complaint.category == "planning"
    assert complaint.incident_on is not None
    assert complaint.incident_on.isoformat() == "2026-11-03"
    assert complaint.incident_place == "Parking de la gare"
    assert [p.name for p in complaint.persons] == ["Marc Petit"]
    assert complaint.persons[0].staff_id is not None
    assert [e.kind for e in complaint.evidence] == [
        EvidenceKind.PHOTO,
        EvidenceKind.DOCUMENT,
        EvidenceKind.VOICE,
    ]
    assert complaint.desired.text == "Une leçon offerte"
    async with r.uow() as uow:
        client = await uow.clients.by_chat(account(501))
    assert client is not None
    assert (client.display_name, client.email, client.student_file_number) == (
        "Léa Dubois-Martin",
        "lea@example.org",
        "D-2026-117",
    )
    assert complaint.reference in sent[0]


async def test_a_field_is_changed_from_the_summary(r: Reclam) -> None:
    tom = r.emulator.user(502, "Tom")
    await reach_category(r, tom)
    await r.press(tom, "Véhicules")
    await r.press(tom, "Hier")
    await r.press(tom, "Examen")
    await r.press(tom, "Personne en particulier")
    await r.say(tom, "Voiture en panne le jour de l'examen.")
    await r.press(tom, "Terminé")
    first = await r.press(tom, "Une explication")
    assert "Véhicules" in first[0]
    await r.press(tom, "✏️ Modifier une réponse")
    await r.press(tom, "Sujet")
    again = await r.press(tom, "Examens (code, conduite)")
    assert "Examens (code, conduite)" in again[0]
    assert "Véhicules" not in again[0]
    await r.press(tom, "✅ Envoyer")
    [complaint] = await r.complaints_of(tom)
    assert complaint.category == "exams"


async def test_back_returns_to_the_previous_question(r: Reclam) -> None:
    tom = r.emulator.user(502, "Tom")
    await reach_category(r, tom)
    back = await r.press(tom, "⬅ Retour")
    assert back[0].startswith("Votre numéro de dossier élève")


async def test_cancel_at_any_step_files_nothing(r: Reclam) -> None:
    tom = r.emulator.user(502, "Tom")
    await reach_category(r, tom)
    cancelled = await r.say(tom, "/cancel")
    assert cancelled == ["C'est annulé. Rien n'a été envoyé à l'école."]
    await r.press(tom, "📝 Déposer une réclamation")
    await r.press(tom, "✖ Annuler")
    assert await r.complaints_of(tom) == []


async def test_a_restart_in_the_middle_of_filing_resumes_where_the_client_was(
    r: Reclam,
) -> None:
    tom = r.emulator.user(502, "Tom")
    await reach_category(r, tom)
    await r.press(tom, "Facturation et tarifs")
    await r.restart()
    resumed = await r.press(tom, "Aujourd'hui")
    assert resumed == ["Où cela s'est-il passé\xa0?"]
    await r.press(tom, "Bureau / accueil")
    await r.press(tom, "Personne en particulier")
    await r.say(tom, "Facture en double.")
    await r.press(tom, "Terminé")
    await r.press(tom, "Un remboursement")
    await r.press(tom, "✅ Envoyer")
    [complaint] = await r.complaints_of(tom)
    assert complaint.category == "billing"


async def test_two_clients_at_once_never_see_each_others_data(r: Reclam) -> None:
    lea, tom = r.emulator.user(501, "Léa"), r.emulator.user(502, "Tom")
    lea_ref, tom_ref = await asyncio.gather(
        file_quickly(r, lea), file_quickly(r, tom, "Véhicules")
    )
    assert lea_ref != tom_ref
    mine = await r.say(lea, "/mycomplaints")
    assert lea_ref in mine[0]
    assert tom_ref not in "".join(mine)
    forged = r.emulator.transcript(lea.id)[-1]
    query = r.emulator.press_data(r.bot, lea, f"c|wdy|{tom_ref}", forged)
    refusal = await r.new_messages(lea, len(r.texts(lea)), 1)
    assert refusal[0] == f"Aucune réclamation ne porte la référence {tom_ref}."
    assert r.emulator.answer_to(query) is not None
    [toms] = await r.complaints_of(tom)
    assert toms.status is Status.RECEIVED


async def test_my_complaints_shows_status_next_step_and_what_staff_shared(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    async with r.uow() as uow:
        manager = await uow.staff.by_chat(account(101))
    assert manager is not None
    assert manager.id is not None
    before = len(r.texts(lea))
    await inform_client(
        r.deps,
        Actor.staff(manager.id, manager.role, manager.name),
        InformClient(ref, "Nous vérifions la facture avec le comptable."),
    )
    await r.new_messages(lea, before, 1)  # the client is told at once
    card = (await r.say(lea, "/mycomplaints"))[0]
    assert f"{ref} — Facture envoyée deux fois." in card
    assert "Statut\xa0: reçue" in card
    assert "Prochaine étape\xa0: l'accusé de réception écrit, au plus tard le" in card
    assert "Nous vérifions la facture avec le comptable." in card
    assert r.buttons(lea) == ["➕ Ajouter une information", "↩ Retirer"]


async def test_a_client_adds_information_to_an_open_complaint(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    await r.say(lea, "/mycomplaints")
    await r.press(lea, "➕ Ajouter une information")
    assert await r.say(lea, "J'ai retrouvé le reçu.") == [f"Ajouté à {ref}."]
    await r.send_file(lea, "recu.pdf", "document")
    await r.press(lea, "Terminé")
    async with r.uow() as uow:
        kinds = [e.kind for e in await uow.complaints.journal(ref)]
    assert kinds.count(EventKind.CLIENT_INFORMATION_ADDED) == 2
    [complaint] = await r.complaints_of(lea)
    assert len(complaint.evidence) == 1


async def test_a_client_withdraws_a_complaint_after_confirming(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    await r.say(lea, "/mycomplaints")
    asked = await r.press(lea, "↩ Retirer")
    assert asked == [f"Voulez-vous vraiment retirer {ref}\xa0? Ce choix est définitif."]
    assert await r.press(lea, "Oui, la retirer") == [f"{ref} est retirée."]
    [complaint] = await r.complaints_of(lea)
    assert complaint.status is Status.WITHDRAWN


async def test_a_duplicate_update_is_processed_once(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    await r.say(lea, "/start")
    r.emulator.send_text(r.bot, lea, "/help")
    duplicate = copy.deepcopy(r.bot.updates[-1])
    r.bot.updates.append(duplicate)
    await r.emulator.replies(r.bot, lea.id, 2)
    await r.say(lea, "/language")
    assert sum("Ce que je peux faire" in t for t in r.texts(lea)) == 1


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)
@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_two_clients_file_at_once_on_postgresql(framework: str, tmp_path: Path) -> None:
    async with reclam(framework, tmp_path, "postgresql") as on_postgres:  # type: ignore[arg-type]
        lea, tom = on_postgres.emulator.user(501, "Léa"), on_postgres.emulator.user(502, "Tom")
        refs = await asyncio.gather(
            file_quickly(on_postgres, lea), file_quickly(on_postgres, tom, "Véhicules")
        )
        assert sorted(refs) == [f"REC-{refs[0][4:8]}-0001", f"REC-{refs[0][4:8]}-0002"]
        await on_postgres.restart()
        mine = await on_postgres.say(tom, "/mycomplaints")
        assert refs[1] in mine[0]


async def test_a_french_client_is_told_the_french_command_names_and_they_answer(
    r: Reclam,
) -> None:
    lea = r.emulator.user(501, "Léa", "Dubois")
    ref = await file_quickly(r, lea)
    confirmation = next(t for t in r.texts(lea) if ref in t and "Suivez-la" in t)
    assert "/mesreclamations" in confirmation
    assert "/mycomplaints" not in confirmation
    help_text = (await r.say(lea, "/aide"))[0]
    assert "/mesreclamations —" in help_text
    assert "/mycomplaints" not in help_text
    following = await r.say(lea, "/mesreclamations")
    assert any(ref in text for text in following)
