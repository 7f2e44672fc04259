"""The acknowledgement letter, read back as text: reference, dates, wish and mediator, in
the order of a French business letter."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from core.documents.acknowledgement import LetterFacts, acknowledgement_letter
from core.documents.letter import Signatory
from core.domain.complaint import Complaint
from core.domain.values import DesiredSolution
from core.i18n import Translator
from tests.school import demo_profile

NOV_20 = datetime(2026, 11, 20, 9, tzinfo=UTC)


def text_of(pdf: bytes) -> str:
    """The letter's words, its lines joined (a date may wrap between day and year); a
    no-break space is drawn with the space's glyph, so it reads back as a space."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


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
    assert "Leçon annulée — trois fois… « sans prévenir »" in text  # as typed; no emoji glyph
    assert "https://mediateur.example" in text


def test_the_letter_reads_like_a_french_business_letter() -> None:
    complaint = Complaint("REC-2026-0042", description="Leçon annulée.", received_at=NOV_20)
    facts = LetterFacts(
        complaint,
        "Łucja Nowak",
        datetime(2026, 12, 1, 10, tzinfo=UTC),
        date(2026, 12, 20),
        chat_url="https://t.me/tilleuls_bot",
        postal_address="3 rue des Écoles, 69007 Lyon",
        signatory=Signatory("Sami Benali", "Responsable de votre dossier"),
    )
    text = text_of(acknowledgement_letter(facts, demo_profile(), Translator("fr")))
    in_order = [
        "Auto-école des Tilleuls (démonstration) 12 rue des Tilleuls, 69003 Lyon",
        "Łucja Nowak 3 rue des Écoles 69007 Lyon",
        "Lyon, le 1er décembre 2026",
        "Objet : Accusé de réception de votre réclamation Réf. : REC-2026-0042",
        "Madame, Monsieur,",
        "suivre votre réclamation à tout moment : https://t.me/tilleuls_bot",
        "salutations distinguées.",
        "Sami Benali Responsable de votre dossier Auto-école des Tilleuls",
        "médiateur de la consommation",
    ]
    positions = [text.find(part) for part in in_order]
    assert -1 not in positions, [p for p, at in zip(in_order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    assert "/mycomplaints" not in text


def test_without_a_handler_the_schools_manager_signs() -> None:
    complaint = Complaint("REC-2026-0042", description="Leçon annulée.", received_at=NOV_20)
    facts = LetterFacts(complaint, "Léa Dubois", NOV_20, date(2026, 12, 20))
    text = text_of(acknowledgement_letter(facts, demo_profile(), Translator("fr")))
    assert "Claire Martin Direction Auto-école des Tilleuls" in text
