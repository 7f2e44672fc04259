"""A complaint taken by phone or received by letter follows the same process: its card in
the staff group, and its client told of every step on the channels they have (email; or
staff asked to post the letter or call)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from core.domain.enums import Channel
from core.domain.journal import Actor
from core.usecases.acknowledge_with_letter import AcknowledgeWithLetter, acknowledge_with_letter
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.file_complaint import FileComplaint
from core.usecases.inform_client import InformClient, inform_client
from core.usecases.record_complaint import ClientContact, RecordComplaint, record_complaint
from core.usecases.reject_complaint import RejectComplaint, reject_complaint
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_delivery import manager, pdf_text
from tests.e2e.test_staff_group import cards
from tests.smtp import smtp_server

pytestmark = pytest.mark.e2e
FRAMEWORKS = ["aiogram", "ptb"]


async def taken_by_phone(r: Reclam, contact: ClientContact, channel: Channel) -> str:
    boss = await manager(r)
    received = r.deps.calendar.local_date(r.clock.now()) - timedelta(days=2)
    complaint = FileComplaint("billing", "Facturé deux fois.", desired_text="Un remboursement")
    command = RecordComplaint(channel, received, contact, complaint)
    return (await record_complaint(r.deps, boss, command)).reference


MARIE_BY_POST = ClientContact("Marie Curie", postal_address="3 rue des Écoles, 75005 Paris")


async def acknowledged(r: Reclam, reference: str) -> None:
    """A manager acknowledges the complaint with its letter."""
    await acknowledge_with_letter(r.deps, await manager(r), AcknowledgeWithLetter(reference))


async def rejected(r: Reclam, reference: str, reasons: str) -> None:
    """Acknowledged, evaluated, then rejected with ``reasons``."""
    boss = await manager(r)
    await acknowledged(r, reference)
    await evaluate_complaint(r.deps, boss, EvaluateComplaint(reference, 1, 1, 1))
    await reject_complaint(r.deps, boss, RejectComplaint(reference, reasons))


async def settle(r: Reclam) -> None:
    assert r.running is not None
    await r.running.sender.drain()


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_client_with_only_an_email_is_told_every_step_by_email(
    framework: Any, tmp_path: Path
) -> None:
    with smtp_server() as (inbox, mailer):
        async with reclam(framework, tmp_path, mailer=mailer) as r:
            contact = ClientContact("Jean Dupont", email="jean@example.org")
            ref = await taken_by_phone(r, contact, Channel.PHONE)
            await settle(r)
            assert cards(r, ref), "the complaint has its card in the staff group"
            boss: Actor = await manager(r)
            await acknowledge_with_letter(r.deps, boss, AcknowledgeWithLetter(ref))
            await inform_client(r.deps, boss, InformClient(ref, "Nous vérifions la facture."))
            await evaluate_complaint(r.deps, boss, EvaluateComplaint(ref, 1, 1, 1))
            reasons = "La leçon a bien eu lieu & a été facturée une fois."
            await reject_complaint(r.deps, boss, RejectComplaint(ref, reasons))
            await settle(r)
            await r.emulator.wait_until(lambda: len(inbox.messages) >= 4)
            letter, news, examined, decision = inbox.messages
            assert ref in examined["Subject"]
            assert {m["To"] for m in inbox.messages} == {"jean@example.org"}
            [attachment] = list(letter.iter_attachments())
            assert ref in pdf_text(attachment.get_content())
            assert "Nous vérifions la facture." in news.get_body(("plain",)).get_content()
            text = decision.get_body(("plain",)).get_content()
            assert reasons in text  # plain text: no HTML entity left
            assert "https://mediateur.example" in text
            [answer] = list(decision.iter_attachments())
            assert answer.get_filename() == f"reponse-{ref}.pdf"
            written = pdf_text(answer.get_content())
            assert "Nos motifs" in written
            assert "https://mediateur.example" in written


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_client_with_only_a_postal_address_gets_letters_staff_are_asked_to_post(
    framework: Any, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:
        ref = await taken_by_phone(r, MARIE_BY_POST, Channel.LETTER)
        await acknowledged(r, ref)
        await settle(r)
        group = r.staff_group.id
        texts = r.emulator.bot_texts(r.bot, group)
        [ask] = [t for t in texts if t.startswith("📮")]
        assert "3 rue des Écoles, 75005 Paris" in ask
        assert ref in ask
        documents = [m for m in r.emulator.transcript(group) if "document" in m.data]
        assert [d.data["caption"] for d in documents] == [f"Le courrier à poster pour {ref}"]
        assert "Marie Curie" in pdf_text(
            r.emulator.telegram.files[documents[0].data["document"]["file_id"]].content
        )
        assert await ack_deadline_runs(r, ref), "until the letter is posted"
        sami = r.emulator.telegram.users[102]
        query = r.emulator.press(r.bot, sami, "📮 Courrier posté", chat=r.staff_group)
        await r.emulator.wait_until(lambda: r.emulator.answer_to(query) is not None)
        journal = await r.eventually_journal(ref, "letter_posted")
        [posted] = [e for e in journal if e.kind.value == "letter_posted"]
        assert posted.actor.name == "Sami Benali"
        assert not await ack_deadline_runs(r, ref)
        again = r.emulator.press(r.bot, sami, "📮 Courrier posté", chat=r.staff_group)
        await r.emulator.wait_until(lambda: r.emulator.answer_to(again) is not None)
        answer = r.emulator.answer_to(again)
        assert answer is not None
        assert "déjà noté comme posté" in answer["text"]


async def ack_deadline_runs(r: Reclam, reference: str) -> bool:
    """Whether the deadline to acknowledge still runs (the planner keeps its reminders)."""
    async with r.uow() as uow:
        complaint = await uow.complaints.get(reference)
    assert complaint is not None
    return complaint.acknowledgement_pending


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_client_with_only_a_phone_number_staff_are_asked_to_call(
    framework: Any, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:
        contact = ClientContact("Paul Martin", phone="06 11 22 33 44")
        ref = await taken_by_phone(r, contact, Channel.DESK)
        boss = await manager(r)
        await inform_client(r.deps, boss, InformClient(ref, "Le moniteur sera changé."))
        await settle(r)
        [ask] = [t for t in r.emulator.bot_texts(r.bot, r.staff_group.id) if t.startswith("📞")]
        assert "06 11 22 33 44" in ask
        assert "Le moniteur sera changé." in ask


def personal_link(text: str) -> str:
    [link] = re.findall(r"https://t\.me/reclam_bot\?start=(j-[A-Za-z0-9_-]+)", text)
    return link


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_an_email_client_opens_the_personal_link_and_follows_the_complaint_in_telegram(
    framework: Any, tmp_path: Path
) -> None:
    with smtp_server() as (inbox, mailer):
        async with reclam(framework, tmp_path, mailer=mailer) as r:
            ref = await taken_by_phone(
                r, ClientContact("Jean", email="jean@ex.org"), Channel.EMAIL
            )
            boss = await manager(r)
            await acknowledge_with_letter(r.deps, boss, AcknowledgeWithLetter(ref))
            await settle(r)
            await r.emulator.wait_until(lambda: bool(inbox.messages))
            [letter] = inbox.messages
            start = personal_link(letter.get_body(("plain",)).get_content())
            [attachment] = list(letter.iter_attachments())
            assert start in pdf_text(attachment.get_content()).replace("\n", "")
            jean = r.emulator.user(601, "Jean")
            [offer] = await r.say(jean, f"/start {start}")
            assert "lien personnel" in offer
            [done] = await r.press(jean, "Oui, la suivre ici")
            assert done.startswith(f"C'est fait\u00a0: vous suivez maintenant {ref} ici.")
            await inform_client(r.deps, boss, InformClient(ref, "Nous vérifions la facture."))
            await settle(r)
            await r.emulator.wait_until(lambda: "Nous vérifions" in r.texts(jean)[-1])
            assert len(inbox.messages) == 1, "the news came to the chat, not by email"
            await r.eventually_journal(ref, "client_joined_chat")
            # the link served once: opened again, from any account, it changes nothing
            intruder = r.emulator.user(602, "Intrus")
            await r.say(intruder, f"/start {start}")
            [refused] = await r.press(intruder, "Oui, la suivre ici")
            assert refused.startswith("Ce lien n'est plus valable.")
            assert await r.complaints_of(intruder) == []


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_forged_personal_link_is_refused_politely_and_changes_nothing(
    framework: Any, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:
        ref = await taken_by_phone(r, ClientContact("Paul", phone="06 11 22 33 44"), Channel.DESK)
        forger = r.emulator.user(603, "Faussaire")
        await r.say(forger, "/start j-" + "A" * 32)
        [refused] = await r.press(forger, "Oui, la suivre ici")
        assert refused.startswith("Ce lien n'est plus valable.")
        assert await r.complaints_of(forger) == []
        async with r.uow() as uow:
            complaint = await uow.complaints.get(ref)
            assert complaint is not None
            client = await uow.clients.get(complaint.client_id)
        assert client is not None
        assert client.chat is None


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_client_who_joins_after_the_decision_is_asked_the_survey_in_the_chat(
    framework: Any, tmp_path: Path
) -> None:
    with smtp_server() as (inbox, mailer):
        async with reclam(framework, tmp_path, mailer=mailer) as r:
            contact = ClientContact("Jean", email="jean@ex.org")
            ref = await taken_by_phone(r, contact, Channel.EMAIL)
            await rejected(r, ref, "Facture exacte.")
            await settle(r)
            await r.emulator.wait_until(lambda: len(inbox.messages) >= 3)
            decision = inbox.messages[-1].get_body(("plain",)).get_content()
            assert "donner votre avis sur son traitement" in decision
            jean = r.emulator.user(601, "Jean")
            await r.say(jean, f"/start {personal_link(decision)}")
            await r.press(jean, "Oui, la suivre ici", expect=2)
            assert r.texts(jean)[-1].startswith("📝 Votre avis sur le traitement de " + ref)
            assert "Oui" in r.buttons(jean)


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_postal_client_s_answer_is_a_letter_staff_post_and_the_journal_keeps_it(
    framework: Any, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:
        ref = await taken_by_phone(r, MARIE_BY_POST, Channel.LETTER)
        await rejected(r, ref, "La leçon a eu lieu.")
        await settle(r)
        group = r.staff_group.id
        letters = [m for m in r.emulator.transcript(group) if "document" in m.data]
        assert len(letters) == 2  # the acknowledgement, then the answer
        answer = r.emulator.telegram.files[letters[1].data["document"]["file_id"]].content
        assert "https://mediateur.example" in pdf_text(answer)
        sami = r.emulator.telegram.users[102]
        asks = [m for m in r.emulator.transcript(group) if "📮 Courrier posté" in str(m.buttons)]
        assert len(asks) == 2  # posting is asked for both letters
        for ask in asks:
            [button] = ask.buttons
            query = r.emulator.press_data(r.bot, sami, button["callback_data"], ask)
            await r.emulator.wait_until(lambda q=query: r.emulator.answer_to(q) is not None)
        async with r.uow() as uow:
            journal = await uow.complaints.journal(ref)
        posted = [e.payload["what"] for e in journal if e.kind.value == "letter_posted"]
        assert posted == ["acknowledgement", "answer"]
