"""Every reader-facing string goes through gettext, and French is complete."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from core.domain.enums import Status
from core.domain.errors import IllegalTransition
from core.domain.lifecycle import TransitionFacts, transition
from core.i18n import Translator, pick_language

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "gettext": None, "ngettext": (1, 2)}


def source_messages() -> set[str]:
    found: set[str] = set()
    for package in ("core", "bots", "reclam"):
        for _, _, message, _, _ in extract_from_dir(
            ROOT / package, [("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(language: str) -> dict[str, object]:
    with (ROOT / "locales" / language / "LC_MESSAGES" / "reclam.po").open("rb") as stream:
        return {
            (m.id if isinstance(m.id, str) else m.id[0]): m.string
            for m in read_po(stream)
            if m.id and not m.fuzzy
        }


def test_the_french_catalogue_translates_every_message_of_the_code() -> None:
    french = catalogue("fr")
    untranslated = sorted(
        m
        for m in source_messages()
        if not french.get(m) or (isinstance(french[m], tuple) and not all(french[m]))  # type: ignore[arg-type]
    )
    assert untranslated == []


def test_the_english_catalogue_knows_every_message_of_the_code() -> None:
    assert source_messages() <= set(catalogue("en"))


def test_telegram_language_codes_pick_a_catalogue_and_default_to_french() -> None:
    assert pick_language("en-GB") == "en"
    assert pick_language("fr") == "fr"
    assert pick_language("de") == "fr"
    assert pick_language(None) == "fr"


def test_a_refusal_reads_in_the_readers_language_reason_and_stages_included() -> None:
    try:
        transition(Status.RECEIVED, Status.ACKNOWLEDGED, TransitionFacts())
    except IllegalTransition as error:
        french = Translator("fr").error(error)
        english = Translator("en").error(error)
    assert french == (
        "Impossible à ce stade du traitement (réclamation «\xa0reçue\xa0»)\xa0: "
        "un accusé de réception doit d'abord être produit."
    )
    assert english == (
        "A complaint that is received cannot become acknowledged: "
        "an acknowledgement document must be produced first."
    )


def test_money_dates_and_times_follow_the_readers_locale() -> None:
    fr, en = Translator("fr"), Translator("en")
    assert fr.money(4550) == "45,50\xa0€"
    assert en.money(4550) == "€45.50"
    assert fr.date(date(2026, 11, 25)) == "25 novembre 2026"
    assert en.date(date(2026, 11, 25)) == "November 25, 2026"
    assert fr.datetime(datetime(2026, 7, 1, 8, 30, tzinfo=UTC)) == "01/07/2026 10:30"


def test_plurals_follow_the_language() -> None:
    fr = Translator("fr")
    assert fr.ngettext("{n} extra lesson", "{n} extra lessons", 1) == "1 leçon offerte"
    assert fr.ngettext("{n} extra lesson", "{n} extra lessons", 3) == "3 leçons offertes"


def _french_texts() -> list[str]:
    with (ROOT / "locales" / "fr" / "LC_MESSAGES" / "reclam.po").open("rb") as stream:
        texts = []
        for m in read_po(stream):
            if m.id and not m.fuzzy:
                texts += list(m.string) if isinstance(m.string, tuple) else [m.string]
        return texts


def test_french_puts_a_no_break_space_before_high_punctuation_and_inside_quotes() -> None:
    """A regular space before « ; : ? ! » or after « lets Telegram or a PDF push the sign
    alone onto the next line; French typography asks for a no-break space there."""
    wrong = [
        text
        for text in _french_texts()
        if any(f" {sign}" in text for sign in ";:?!»") or "« " in text
    ]
    assert wrong == []
