"""The satisfaction survey at closure, in the client's chat, on both adapters; and a
client writing after closing is offered to reopen the complaint or file a new one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bots.emulator.world import User
from bots.telegram.identity import account
from core.domain.enums import ClosureKind, CompensationKind, Status
from core.domain.journal import Actor
from core.domain.values import Compensation
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly

pytestmark = pytest.mark.e2e
FRAMEWORKS = ["aiogram", "ptb"]


async def answered(r: Reclam, lea: User) -> str:
    """A complaint filed, acknowledged, evaluated and accepted; the survey's first question
    in the client's chat."""
    ref = await file_quickly(r, lea)
    async with r.uow() as uow:
        claire = await uow.staff.by_chat(account(101))
    assert claire is not None
    assert claire.id is not None
    manager = Actor.staff(claire.id, claire.role, claire.name)
    await r.eventually_journal(ref, "acknowledged")
    await evaluate_complaint(r.deps, manager, EvaluateComplaint(ref, 2, 2, 2))
    offer = (Compensation(CompensationKind.EXTRA_LESSON, quantity=1),)
    await accept_complaint(r.deps, manager, AcceptComplaint(ref, "Facture en double.", offer))
    await latest(r, lea, f"Votre avis sur le traitement de {ref} (1/3)")
    return ref


async def latest(r: Reclam, user: User, part: str) -> str:
    """Wait until the bot's latest message in the chat holds ``part``; return it."""

    def found() -> bool:
        texts = r.texts(user)
        return bool(texts) and part in texts[-1]

    await r.emulator.wait_until(found)
    return r.texts(user)[-1]


async def press(r: Reclam, user: User, label: str, then: str) -> str:
    r.emulator.press(r.bot, user, label)
    return await latest(r, user, then)


async def answer(r: Reclam, user: User, first: str, second: str, score: str) -> None:
    """The three questions, up to the offer of a comment."""
    await press(r, user, first, "(2/3)")
    await press(r, user, second, "(3/3)")
    await press(r, user, score, "Souhaitez-vous ajouter un commentaire")


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_the_client_answers_the_survey_with_buttons_and_a_comment_which_closes_it(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path, auto_acknowledge=True) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa")
        ref = await answered(r, lea)
        assert (
            "bien pris en compte votre réclamation et vous a-t-elle clairement expliqué"
            in r.texts(lea)[-1]
        )
        await answer(r, lea, "Oui", "Non", "4")
        thanks = await r.say(lea, "Accueil très correct.")
        assert thanks == [
            f"Merci pour vos réponses. Votre réclamation {ref} est maintenant clôturée."
        ]
        [complaint] = await r.complaints_of(lea)
        assert complaint.status is Status.CLOSED
        assert complaint.closure is not None
        assert complaint.closure.kind is ClosureKind.SURVEY_ANSWERED
        assert complaint.survey is not None
        assert (complaint.survey.taken_into_account, complaint.survey.actions_carried_out) == (
            True,
            False,
        )
        assert complaint.survey.satisfaction == 4
        assert complaint.survey.comment == "Accueil très correct."
        staff = [m.text for m in r.emulator.transcript(r.staff_group.id)]
        assert not [t for t in staff if t.startswith("📉")]  # a good score alerts nobody


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_low_score_without_comment_alerts_the_managers(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path, auto_acknowledge=True) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa")
        ref = await answered(r, lea)
        await answer(r, lea, "Non", "Non", "1")
        await press(r, lea, "Passer", "maintenant clôturée")
        alert = f"📉 Satisfaction faible pour {ref}\xa0: 1/5. Commentaire\xa0: —"
        await r.emulator.wait_until(
            lambda: any(m.text == alert for m in r.emulator.transcript(r.staff_group.id))
        )
        for manager in (101, 105):
            await r.emulator.wait_until(lambda m=manager: alert in r.emulator.bot_texts(r.bot, m))


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_survey_button_pressed_again_after_closing_is_answered_politely(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path, auto_acknowledge=True) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa")
        ref = await answered(r, lea)
        await answer(r, lea, "Oui", "Oui", "5")
        skip = r.emulator.transcript(lea.id)[-1]
        await press(r, lea, "Passer", "maintenant clôturée")
        again = r.emulator.press_data(r.bot, lea, f"v|s|{ref}:yy5", skip)  # the same again
        assert await latest(r, lea, "plus ouverte") == "Cette enquête n'est plus ouverte."
        forged = r.emulator.press_data(r.bot, lea, f"v|q|{ref}:zz9", skip)
        await r.emulator.wait_until(lambda: r.emulator.answer_to(forged) is not None)
        assert r.emulator.answer_to(forged) == {
            "text": "Ce bouton n'est pas valable.",
            "show_alert": True,
        }
        assert r.emulator.answer_to(again) is not None
        [complaint] = await r.complaints_of(lea)
        assert complaint.survey is not None
        assert complaint.survey.satisfaction == 5


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_client_writing_after_closing_may_reopen_the_complaint(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path, auto_acknowledge=True) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa")
        ref = await answered(r, lea)
        await answer(r, lea, "Non", "Non", "2")
        await press(r, lea, "Passer", "maintenant clôturée")
        [offer] = await r.say(lea, "Finalement la leçon n'a jamais été planifiée.")
        assert offer.startswith(f"Votre réclamation {ref} est clôturée.")
        assert r.buttons(lea) == [
            f"↩ Rouvrir {ref}",
            "📝 Déposer une nouvelle réclamation",
            "📂 Mes réclamations",
        ]
        assert await r.press(lea, f"↩ Rouvrir {ref}") == [
            f"Pourquoi souhaitez-vous rouvrir {ref}\xa0?"
        ]
        assert await r.say(lea, "La leçon offerte n'a jamais été planifiée.") == [
            f"{ref} est rouverte. L'école revient vers vous."
        ]
        [complaint] = await r.complaints_of(lea)
        assert complaint.status is Status.REOPENED
        journal = await r.eventually_journal(ref, "reopened")
        assert journal[-1].payload["reason"] == "La leçon offerte n'a jamais été planifiée."
