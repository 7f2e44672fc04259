"""``/new`` in the staff group: a complaint received by phone, at the desk, by letter…
recorded step by step, on both frameworks; it then has its card like any other."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bots.emulator.world import User
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_staff_group import cards

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["aiogram", "ptb"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    async with reclam(request.param, tmp_path) as running:
        yield running


def staff(r: Reclam, user_id: int) -> User:
    return r.emulator.telegram.users[user_id]


async def write(r: Reclam, who: User, text: str) -> str:
    """A staff member writes in the group; the bot's next message there."""
    before = len(r.emulator.bot_texts(r.bot, r.staff_group.id))
    r.emulator.send_text(r.bot, who, text, chat=r.staff_group)
    return (await r.emulator.replies(r.bot, r.staff_group.id, before + 1))[before]


async def press(r: Reclam, who: User, label: str) -> str:
    """A staff member presses a button of the form; the form's message, or the next one."""
    query = r.emulator.press(r.bot, who, label, chat=r.staff_group)
    await r.emulator.wait_until(lambda: r.emulator.answer_to(query) is not None)
    await r.settled()
    return r.emulator.bot_texts(r.bot, r.staff_group.id)[-1]


async def test_an_agent_records_a_phone_complaint_from_the_group_and_it_gets_its_card(
    r: Reclam,
) -> None:
    sami = staff(r, 102)
    assert (await write(r, sami, "/new")).startswith("📝 Une réclamation reçue hors de Telegram")
    assert (await press(r, sami, "Téléphone")).startswith("📅 Quand l'école l'a-t-elle reçue")
    assert (await press(r, sami, "Hier")).startswith("👤 Nom et prénom du client")
    assert (await write(r, sami, "Jean <b>Dupont</b>")).startswith("📇 Comment l'école")
    assert (await write(r, sami, "jean@example.org\n06 12 34 56 78")).startswith("🗂 Quelle")
    assert (await press(r, sami, "Facturation et tarifs")).startswith("✍️ De quoi")
    assert (await write(r, sami, "Facturé deux fois.")).startswith("🎯 Quelle solution")
    await press(r, sami, "Passer")
    [done] = [t for t in r.emulator.bot_texts(r.bot, r.staff_group.id) if t.startswith("✅")]
    assert done.startswith("✅ Enregistrée sous la référence REC-")
    reference = done.split()[5].rstrip(".")
    await r.settled()
    assert cards(r, reference), "the recorded complaint has its card"
    async with r.uow() as uow:
        complaint = await uow.complaints.get(reference)
        assert complaint is not None
        client = await uow.clients.get(complaint.client_id)
        journal = await uow.complaints.journal(reference)
    assert complaint.channel.value == "phone"
    assert client is not None
    assert (client.display_name, client.email, client.phone) == (
        "Jean <b>Dupont</b>",
        "jean@example.org",
        "06 12 34 56 78",
    )
    assert client.chat is None
    assert journal[0].actor.name == "Sami Benali"


async def test_a_bad_answer_is_refused_and_the_same_question_stays_open(r: Reclam) -> None:
    sami = staff(r, 102)
    await write(r, sami, "/new")
    await press(r, sami, "Courrier")
    refused = await write(r, sami, "31/12/2999")
    assert refused == "La date de réception ne peut pas être dans le futur."
    assert (await write(r, sami, "02/11/2026")).startswith("👤 Nom et prénom du client")
    await write(r, sami, "Marie Curie")
    refused = await write(r, sami, "marie@@example")
    assert refused == "marie@@example n'est pas une adresse e-mail valide."
    assert (await write(r, sami, "3 rue des Écoles\n75005 Paris")).startswith("🗂 Quelle")


async def test_an_instructor_cannot_record_a_complaint(r: Reclam) -> None:
    marc = staff(r, 103)
    refused = await write(r, marc, "/new")
    assert refused == "Vous ne pouvez pas faire cela\xa0: votre rôle ne le permet pas."
