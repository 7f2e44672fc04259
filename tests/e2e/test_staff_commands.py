"""Staff commands in the group: open and overdue complaints, one complaint, a search."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bots.telegram.identity import account
from core.domain.journal import Actor
from core.persistence.tables import journal_events
from core.usecases.acknowledge_complaint import AcknowledgeComplaint, acknowledge_complaint
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly
from tests.e2e.test_staff_group import cards

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["aiogram", "ptb"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    async with reclam(request.param, tmp_path) as running:
        yield running


async def command(r: Reclam, text: str, expect: int = 1) -> list[str]:
    before = len(r.emulator.bot_texts(r.bot, r.staff_group.id))
    r.emulator.send_text(r.bot, r.emulator.telegram.users[102], text, chat=r.staff_group)
    texts = await r.emulator.replies(r.bot, r.staff_group.id, before + expect)
    return texts[before:]


async def test_open_lists_overdue_first_and_overdue_lists_only_those(r: Reclam) -> None:
    lea, tom = r.emulator.user(501, "Léa"), r.emulator.user(502, "Tom")
    late = await file_quickly(r, lea)
    fine = await file_quickly(r, tom, "Véhicules")
    secret = await file_quickly(
        r, r.emulator.user(503, "Zoé"), "Comportement d'un membre du personnel"
    )
    r.clock.advance(timedelta(days=11))
    await acknowledge_complaint(
        r.deps, Actor.system(), AcknowledgeComplaint(fine, "ar.pdf", "ab" * 32)
    )
    [listing] = await command(r, "/open")
    assert listing.startswith("Réclamations ouvertes, les retards d'abord")
    assert listing.index(late) < listing.index(fine)
    assert f"🔴 {late}" in listing
    assert f"🟢 {fine}" in listing
    assert secret not in listing
    [overdue] = await command(r, "/overdue@reclam_bot")
    assert late in overdue
    assert fine not in overdue


async def test_show_gives_the_card_and_the_timeline_and_find_searches(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    await r.emulator.wait_until(lambda: bool(cards(r, ref)))  # the card is published first
    card, story = await command(r, f"/show {ref}", expect=2)
    assert card.startswith(f"{ref} · Facturation et tarifs")
    assert "Réclamation déposée\xa0: Facture envoyée deux fois." in story
    [found] = await command(r, "/find facture")
    assert ref in found
    [nothing] = await command(r, "/find parapluie")
    assert nothing == "Rien ici."


async def test_show_answers_a_confidential_complaint_in_the_group_as_an_unknown_one(
    r: Reclam,
) -> None:
    secret = await file_quickly(
        r, r.emulator.user(503, "Zoé"), "Comportement d'un membre du personnel"
    )
    [answer] = await command(r, f"/show {secret}")
    [unknown] = await command(r, "/show REC-2026-0999")
    # the whole group must not learn that such a complaint exists
    assert answer == f"Aucune réclamation ne porte la référence {secret}."
    assert unknown == "Aucune réclamation ne porte la référence REC-2026-0999."


async def test_managers_run_the_staff_directory_from_the_group_and_others_are_refused(
    r: Reclam,
) -> None:
    async def by(who: int, text: str) -> str:
        before = len(r.emulator.bot_texts(r.bot, r.staff_group.id))
        r.emulator.send_text(r.bot, r.emulator.telegram.users[who], text, chat=r.staff_group)
        return (await r.emulator.replies(r.bot, r.staff_group.id, before + 1))[before]

    listing = await by(101, "/staff")
    assert listing.startswith("Annuaire du personnel")
    assert "Marc Petit — moniteur (#103)" in listing
    assert (
        await by(101, "/staff add 106 agent Inès Moreau")
        == "Inès Moreau fait désormais partie du personnel (agent)."
    )
    assert "Inès Moreau" in await by(101, "/staff")
    assert (
        await by(101, "/staff remove 106")
        == "Inès Moreau ne figure plus dans l’annuaire du personnel."
    )
    refused = await by(102, "/staff add 107 manager Pirate")
    assert refused == "Vous ne pouvez pas faire cela\xa0: votre rôle ne le permet pas."
    async with r.uow() as uow:
        assert await uow.staff.by_chat(account(107)) is None
        refusals = await uow.session.execute(  # type: ignore[attr-defined]
            select(journal_events.c.actor_name).where(journal_events.c.kind == "access_refused")
        )
        assert [name for (name,) in refusals] == ["Sami Benali"], "journaled once"
