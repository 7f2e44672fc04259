"""Bad input gets a clear, polite answer in the client's language, and nothing breaks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import reach_category

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["aiogram", "ptb"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    async with reclam(request.param, tmp_path) as running:
        yield running


async def test_an_overlong_description_is_refused_and_the_question_asked_again(
    r: Reclam,
) -> None:
    tom = r.emulator.user(502, "Tom")
    await reach_category(r, tom)
    await r.press(tom, "Véhicules")
    await r.press(tom, "Aujourd'hui")
    await r.press(tom, "Examen")
    await r.press(tom, "Personne en particulier")
    replies = await r.say(tom, "x" * 3600, expect=2)
    assert replies[0] == (
        "Le champ «\xa0description\xa0» est trop long (3600 caractères, 3500 au plus)."
    )
    assert replies[1].startswith("Décrivez ce qui s'est passé.")


async def test_a_sticker_gets_a_polite_answer_and_the_current_question(r: Reclam) -> None:
    tom = r.emulator.user(502, "Tom")
    await reach_category(r, tom)
    before = len(r.texts(tom))
    r.emulator.post(
        r.bot,
        tom,
        None,
        {
            "sticker": {
                "file_id": "S1",
                "file_unique_id": "s1",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        None,
    )
    replies = await r.new_messages(tom, before, 3)
    assert replies[0] == "Désolé, je ne peux pas utiliser ce type de message."
    assert replies[-1] == "Quel est le sujet de votre réclamation\xa0?"


async def test_text_where_a_button_is_expected_repeats_the_question(r: Reclam) -> None:
    tom = r.emulator.user(502, "Tom")
    await reach_category(r, tom)
    replies = await r.say(tom, "je ne sais pas", expect=2)
    assert replies == [
        "Merci de choisir l'un des boutons ci-dessous.",
        "Quel est le sujet de votre réclamation\xa0?",
    ]


async def test_html_in_the_clients_text_is_shown_as_written(r: Reclam) -> None:
    tom = r.emulator.user(502, "<b>Tom</b> & Co")
    await r.say(tom, "/start complaint")
    await r.press(tom, "Oui, c'est moi")
    assert r.texts(tom)[0] == "Pour commencer, votre nom\xa0: <b>Tom</b> & Co. Est-ce exact\xa0?"
    assert await r.settled() == {"sent"}


async def test_a_forged_button_is_answered_politely(r: Reclam) -> None:
    tom = r.emulator.user(502, "Tom")
    await r.say(tom, "/start")
    menu = r.emulator.transcript(tom.id)[-1]
    query = r.emulator.press_data(r.bot, tom, "not-ours", menu)
    await r.emulator.wait_until(lambda: r.emulator.answer_to(query) is not None)
    assert r.emulator.answer_to(query) == {
        "text": "Ce bouton n'est pas valable.",
        "show_alert": True,
    }


async def test_a_stale_button_is_refused_and_the_current_question_asked(r: Reclam) -> None:
    tom = r.emulator.user(502, "Tom")
    await r.say(tom, "/start complaint")
    name_question = r.emulator.transcript(tom.id)[-1]
    await r.press(tom, "Oui, c'est moi")
    before = len(r.texts(tom))
    old = name_question.buttons[0]["callback_data"]
    query = r.emulator.press_data(r.bot, tom, old, name_question)
    replies = await r.new_messages(tom, before, 1)
    assert r.emulator.answer_to(query) == {
        "text": "Ce bouton n'est plus valable.",
        "show_alert": False,
    }
    assert replies == ["Votre numéro de téléphone (facultatif)."]


async def test_an_unknown_command_is_explained(r: Reclam) -> None:
    tom = r.emulator.user(502, "Tom")
    replies = await r.say(tom, "/weather", expect=2)
    assert replies[0] == "Je ne connais pas la commande /weather."
    assert replies[1].startswith("Ce que je peux faire")


@pytest.mark.parametrize(
    ("answer", "error"),
    [("not-an-email", "not-an-email n'est pas une adresse e-mail valide.")],
)
async def test_an_invalid_answer_is_explained_and_asked_again(
    r: Reclam, answer: str, error: str
) -> None:
    tom = r.emulator.user(502, "Tom")
    await r.say(tom, "/start complaint")
    await r.press(tom, "Oui, c'est moi")
    await r.press(tom, "Passer")
    replies = await r.say(tom, answer, expect=2)
    assert replies[0] == error
    assert replies[1].startswith("Votre adresse e-mail")


async def test_a_date_in_the_future_is_refused(r: Reclam) -> None:
    tom = r.emulator.user(502, "Tom")
    await reach_category(r, tom)
    await r.press(tom, "Véhicules")
    await r.press(tom, "Une autre date")
    replies = await r.say(tom, "01/01/2099", expect=2)
    assert replies == [
        "La date de l'incident ne peut pas être dans le futur.",
        "À quelle date\xa0? (JJ/MM/AAAA)",
    ]


async def test_an_english_speaker_is_answered_in_english_and_can_switch(r: Reclam) -> None:
    ann = r.emulator.user(503, "Ann", language="en")
    assert (await r.say(ann, "/start"))[0].startswith("Hello! I am the complaints assistant")
    await r.say(ann, "/language")
    assert await r.press(ann, "Français") == ["Langue modifiée."]
    assert (await r.say(ann, "/help"))[0].startswith("Ce que je peux faire")
