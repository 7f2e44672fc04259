"""The documented acknowledgement: a PDF letter sent with a message, automatically at
filing (the default) or by hand from the card; its text read back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.domain.enums import Status
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly
from tests.e2e.test_staff_group import card_labels, cards

pytestmark = pytest.mark.e2e


def letter_text(r: Reclam, chat_id: int) -> str:
    [message] = [m for m in r.emulator.transcript(chat_id) if "document" in m.data]
    stored = r.emulator.telegram.files[message.data["document"]["file_id"]]
    assert stored.filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(stored.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_filing_brings_the_acknowledgement_letter_at_once(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path, auto_acknowledge=True) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa", "Dubois")
        ref = await file_quickly(r, lea)
        await r.emulator.wait_until(
            lambda: any("document" in m.data for m in r.emulator.transcript(lea.id))
        )
        assert any(
            t.startswith(f"📬 L'école accuse réception de votre réclamation {ref}")
            for t in r.texts(lea)
        )
        text = letter_text(r, lea.id)
        assert ref in text
        assert "Léa Dubois" in text
        assert "Un remboursement" in text
        assert "https://mediateur.example" in text
        [complaint] = await r.complaints_of(lea)
        assert complaint.status is Status.ACKNOWLEDGED
        assert complaint.acknowledgement is not None
        assert complaint.acknowledgement.document_name == f"accuse-reception-{ref}.pdf"
        assert await r.settled() == {"sent"}


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_staff_acknowledge_by_hand_with_a_personal_word(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa")
        ref = await file_quickly(r, lea)
        await r.emulator.wait_until(lambda: "📬 Accuser réception" in card_labels(r, ref))
        sami = r.emulator.telegram.users[102]
        for label in ("📬 Accuser réception", "✍️ Ajouter un mot personnel"):
            query = r.emulator.press(r.bot, sami, label, chat=r.staff_group)
            await r.emulator.wait_until(lambda q=query: r.emulator.answer_to(q) is not None)
        [card] = cards(r, ref)
        thread = card.data.get("message_thread_id")
        r.emulator.send_text(
            r.bot,
            sami,
            "Nous vous rappelons demain matin.",
            chat=r.staff_group,
            thread_id=thread,
            reply_to=None if thread else card,
        )
        await r.emulator.wait_until(
            lambda: any("document" in m.data for m in r.emulator.transcript(lea.id))
        )
        assert ref in letter_text(r, lea.id)
        assert any(
            t.startswith("📬") and t.endswith("Nous vous rappelons demain matin.")
            for t in r.texts(lea)
        )
        await r.emulator.wait_until(lambda: "🔎 Évaluer" in card_labels(r, ref))
        assert await r.settled() == {"sent"}
