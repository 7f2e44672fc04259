"""Staff invitations on both frameworks: a manager's /invite answers a personal link; the
colleague who opens it confirms and joins the staff with that role and name. A forged,
used or expired link, and a non-manager's /invite, change nothing and are answered
politely."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bots.emulator.world import User
from bots.telegram.identity import account
from core.domain.enums import Role
from core.domain.journal import Actor
from core.domain.people import StaffMember
from core.persistence.tables import staff_invitations
from core.usecases.invite_staff_member import InviteStaffMember, invite_staff_member
from tests.e2e.harness import Reclam, reclam

pytestmark = pytest.mark.e2e
INVALID = (
    "Ce lien d’invitation n’est pas valide (déjà utilisé, expiré ou incomplet). Demandez-en "
    "un nouveau à un responsable de l’école."
)
LINK = re.compile(r"https://t\.me/reclam_bot\?start=s-([A-Za-z0-9_-]{32})")


@pytest.fixture(params=["aiogram", "ptb"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    async with reclam(request.param, tmp_path) as running:
        yield running


async def in_group(r: Reclam, sender: int, text: str) -> str:
    before = len(r.emulator.bot_texts(r.bot, r.staff_group.id))
    r.emulator.send_text(r.bot, r.emulator.telegram.users[sender], text, chat=r.staff_group)
    texts = await r.emulator.replies(r.bot, r.staff_group.id, before + 1)
    return texts[before].replace("\u00a0", " ")


def plain(texts: list[str]) -> list[str]:
    return [text.replace("\u00a0", " ") for text in texts]


async def member(r: Reclam, user: User) -> StaffMember | None:
    async with r.uow() as uow:
        return await uow.staff.by_chat(account(user.id))


async def invitations(r: Reclam) -> int:
    async with r.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(staff_invitations)))


async def test_a_managers_link_registers_the_colleague_with_the_role_after_confirmation(
    r: Reclam,
) -> None:
    answer = await in_group(r, 101, "/inviter agent Inès Garcia")
    assert answer.startswith("Invitation pour Inès Garcia (agent). Envoyez-lui ce lien")
    found = LINK.search(answer)
    assert found is not None, answer
    ines = r.emulator.user(601, "Inès")
    [offer] = plain(await r.say(ines, f"/start s-{found.group(1)}"))
    assert offer.startswith("Auto-école des Tilleuls (démonstration) vous invite à rejoindre")
    assert "Nom : Inès Garcia\nRôle : agent\nAcceptez-vous ?" in offer
    assert r.buttons(ines) == ["Oui, rejoindre l’équipe", "Non"]
    assert await member(r, ines) is None  # nothing before the confirmation

    [welcome] = plain(await r.press(ines, "Oui, rejoindre l’équipe"))
    assert welcome.startswith("Bienvenue, Inès Garcia : vous êtes dans l’annuaire du personnel")
    joined = await member(r, ines)
    assert joined is not None
    assert (joined.name, joined.role, joined.active) == ("Inès Garcia", Role.AGENT, True)

    # the link served once: the next person who opens it (or presses again) changes nothing
    tom = r.emulator.user(602, "Tom")
    [used] = plain(await r.say(tom, f"/start s-{found.group(1)}"))
    assert used == INVALID
    assert await member(r, tom) is None


async def test_a_forged_link_is_answered_politely_in_the_persons_language(r: Reclam) -> None:
    before = await invitations(r)
    lea = r.emulator.user(603, "Léa")
    [told] = plain(await r.say(lea, "/start s-" + "A" * 32))
    assert told == INVALID
    sam = r.emulator.user(604, "Sam", language="en")
    [told] = plain(await r.say(sam, "/start s-../../etc/passwd"))
    assert told == (
        "This invitation link is not valid (already used, expired or incomplete). Please ask "
        "a manager of the school for a new one."
    )
    # a forged confirmation button does no better than a forged link
    r.emulator.press_data(r.bot, lea, "i|yes|" + "B" * 32, r.chat(lea).bot_messages()[-1])
    await r.emulator.wait_until(lambda: len(r.texts(lea)) >= 2)
    assert await member(r, lea) is None
    assert await member(r, sam) is None
    assert await invitations(r) == before


async def test_an_expired_link_changes_nothing_even_after_it_was_offered(r: Reclam) -> None:
    made = await invite_staff_member(
        r.deps, Actor.system(), InviteStaffMember("Marc Petit", Role.INSTRUCTOR)
    )
    assert made.expires_at - r.clock.now() == timedelta(days=7)  # the profile's default
    late = r.emulator.user(605, "Marc")
    await r.say(late, f"/start s-{made.token}")  # offered while still valid
    r.clock.advance(timedelta(days=7, seconds=1))
    [told] = plain(await r.press(late, "Oui, rejoindre l’équipe"))
    assert told == INVALID
    [again] = plain(await r.say(late, f"/start s-{made.token}"))
    assert again == INVALID
    assert await member(r, late) is None


async def test_a_non_managers_invite_is_refused_and_reveals_nothing(r: Reclam) -> None:
    before = await invitations(r)
    for text in ("/invite agent Paul Durand", "/inviter", "/invite nonsense"):
        said = await in_group(r, 102, text)  # Sami Benali is an agent
        assert said == "Vous ne pouvez pas faire cela : votre rôle ne le permet pas."
    assert await invitations(r) == before
    usage = await in_group(r, 101, "/invite chef Paul")
    assert usage.startswith("Tapez /inviter RÔLE Prénom Nom")
