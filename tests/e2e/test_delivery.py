"""Delivery that the law relies on: the acknowledgement letter by email, and a client who
blocked the bot still receives the school's decision, by email, while staff are told."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from bots.telegram.identity import account
from core.domain.journal import Actor
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.reject_complaint import RejectComplaint, reject_complaint
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly
from tests.e2e.test_staff_group import cards
from tests.smtp import smtp_server

pytestmark = pytest.mark.e2e
FRAMEWORKS = ["aiogram", "ptb"]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


async def manager(r: Reclam) -> Actor:
    async with r.uow() as uow:
        claire = await uow.staff.by_chat(account(101))
    assert claire is not None
    assert claire.id is not None
    return Actor.staff(claire.id, claire.role, claire.name)


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_client_who_gave_an_email_receives_the_acknowledgement_letter_by_email(
    framework: str, tmp_path: Path
) -> None:
    with smtp_server() as (inbox, mailer):
        async with reclam(
            framework,  # type: ignore[arg-type]
            tmp_path,
            auto_acknowledge=True,
            mailer=mailer,
        ) as r:
            lea = r.emulator.user(501, "Léa", "Dubois")
            ref = await file_quickly(r, lea, email="lea@example.org")
            await r.emulator.wait_until(lambda: bool(inbox.messages))
            [email] = inbox.messages
            assert email["To"] == "lea@example.org"
            assert ref in email["Subject"]
            body = email.get_body(("plain",))
            assert body is not None
            assert f"réclamation {ref}" in body.get_content()
            [attachment] = list(email.iter_attachments())
            assert attachment.get_filename() == f"accuse-reception-{ref}.pdf"
            letter = pdf_text(attachment.get_content())
            assert ref in letter
            assert "https://mediateur.example" in letter


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_client_who_blocked_the_bot_gets_the_decision_by_email_and_staff_are_told(
    framework: str, tmp_path: Path
) -> None:
    with smtp_server() as (inbox, mailer):
        async with reclam(
            framework,  # type: ignore[arg-type]
            tmp_path,
            auto_acknowledge=True,
            mailer=mailer,
            failures_expected=True,
        ) as r:
            lea = r.emulator.user(501, "Léa", "Dubois")
            ref = await file_quickly(r, lea, email="lea@example.org")
            await r.emulator.wait_until(lambda: len(inbox.messages) == 1)  # the letter
            r.emulator.block_bot(lea)
            claire = await manager(r)
            await evaluate_complaint(r.deps, claire, EvaluateComplaint(ref, 2, 2, 2))
            await reject_complaint(
                r.deps, claire, RejectComplaint(ref, "Le tarif appliqué est celui du contrat.")
            )
            await r.emulator.wait_until(lambda: len(inbox.messages) == 2, within=15)
            decision = inbox.messages[1]
            assert ref in decision["Subject"]
            text = decision.get_content()
            assert "Le tarif appliqué est celui du contrat." in text
            assert "Médiateur" in text or "médiateur" in text
            assert "<b>" not in text
            alert = "⚠️ Le client ne peut plus être joint sur Telegram"
            await r.emulator.wait_until(
                lambda: any(alert in m.text for m in r.emulator.transcript(r.staff_group.id))
            )
            async with r.uow() as uow:
                client = await uow.clients.by_chat(account(lea.id))
            assert client is not None
            assert client.reachable is False
            assert cards(r, ref)
            # one alert however many messages failed
            await reject_later_news(r, ref, claire)
            alerts = [m for m in r.emulator.transcript(r.staff_group.id) if alert in m.text]
            assert len(alerts) == 1


async def reject_later_news(r: Reclam, ref: str, claire: Actor) -> None:
    from core.usecases.inform_client import InformClient, inform_client

    await inform_client(r.deps, claire, InformClient(ref, "Nous restons à votre écoute."))
    await r.settled()


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_client_who_unblocks_the_bot_and_writes_again_is_reachable_again(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path, failures_expected=True) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa")
        await file_quickly(r, lea)
        r.emulator.block_bot(lea)
        ref = (await r.complaints_of(lea))[0].reference
        from core.usecases.inform_client import InformClient, inform_client

        await inform_client(r.deps, await manager(r), InformClient(ref, "Bonjour."))
        await r.settled()
        async with r.uow() as uow:
            assert (await uow.clients.by_chat(account(lea.id))).reachable is False  # type: ignore[union-attr]
        r.emulator.telegram.chats[lea.id].blocked_bot = False
        await r.say(lea, "/help")
        await r.settled()
        async with r.uow() as uow:
            assert (await uow.clients.by_chat(account(lea.id))).reachable is True  # type: ignore[union-attr]
