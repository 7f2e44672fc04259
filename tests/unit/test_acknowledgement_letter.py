"""The acknowledgement letter, read back as text: reference, dates, wish and mediator."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from core.documents.acknowledgement import LetterFacts, acknowledgement_letter
from core.documents.letter import latin1
from core.domain.complaint import Complaint
from core.domain.values import DesiredSolution
from core.i18n import Translator
from tests.school import demo_profile


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_letter_names_the_reference_dates_wish_and_mediator() -> None:
    complaint = Complaint(
        "REC-2026-0042",
        description="Leçon annulée — trois fois… « sans prévenir » 🙁",
        desired=DesiredSolution("replacement_lesson", ""),
        received_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
    )
    facts = LetterFacts(
        complaint, "Léa Dubois", datetime(2026, 11, 20, 10, tzinfo=UTC), date(2026, 12, 20)
    )
    text = text_of(acknowledgement_letter(facts, demo_profile(), Translator("fr")))
    assert "Auto-école des Tilleuls (démonstration)" in text
    assert "REC-2026-0042" in text
    assert "20 novembre 2026" in text
    assert "20 décembre 2026" in text
    assert "Une leçon de remplacement" in text
    assert "Léa Dubois" in text
    assert "Leçon annulée - trois fois... « sans prévenir » ?" in text
    assert "https://mediateur.example" in text


def test_characters_the_pdf_fonts_lack_get_their_closest_equivalent() -> None:
    assert latin1("45 € — l’avoir…") == "45 EUR - l'avoir..."
