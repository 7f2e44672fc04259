"""Every reader-facing string goes through gettext, and French is complete."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from core.domain.enums import Status
from core.domain.errors import IllegalTransition
from core.domain.lifecycle import TransitionFacts, transition
from core.i18n import ARABIC_LOCALE, STAFF_LANGUAGES, Translator, pick_language
from locales import CLIENT_SOURCES
from reclam.settings import Settings

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


def test_french_writes_the_first_of_the_month_as_1er_in_words_not_in_figures() -> None:
    fr, en = Translator("fr"), Translator("en")
    assert fr.date(date(2026, 12, 1)) == "1er décembre 2026"
    assert fr.date(date(2026, 12, 1), "medium") == "1er déc. 2026"
    assert fr.date(date(2026, 12, 11), "medium") == "11 déc. 2026"
    assert fr.date(date(2026, 12, 1), "short") == "01/12/2026"
    assert en.date(date(2026, 12, 1), "medium") == "Dec 1, 2026"


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


# -- Arabic, for clients --------------------------------------------------------------

PLACEHOLDER = re.compile(r"{(\w*)")
TAG = re.compile(r"</?\w+>")


def client_messages() -> dict[str, tuple[str, ...]]:
    """Every client-facing message id (singular), with its ids (one, or two for plurals)."""
    found: dict[str, tuple[str, ...]] = {}
    for package in ("core", "bots"):
        for filename, _, message, _, _ in extract_from_dir(
            ROOT / package, [("**.py", "python")], keywords=KEYWORDS
        ):
            path = f"{package}/{filename}"
            if any(path == s or (s.endswith("/") and path.startswith(s)) for s in CLIENT_SOURCES):
                ids = (message,) if isinstance(message, str) else tuple(message)
                found[ids[0]] = ids
    return found


@lru_cache(maxsize=1)
def arabic_catalogue() -> Catalog:
    with (ROOT / "locales" / "ar" / "LC_MESSAGES" / "reclam.po").open("rb") as stream:
        return read_po(stream, locale="ar")


def test_the_client_facing_sources_exist_and_hold_messages() -> None:
    for source in CLIENT_SOURCES:
        assert (ROOT / source).exists(), source
    messages = client_messages()
    assert "Choose your language:" in messages  # the dialogue
    assert "Our answer to your complaint" in messages  # the letters
    assert "Your personal data — {school}" in messages  # /mydata
    assert "<b>Open complaints</b>, overdue first" not in messages  # a staff text


def test_the_arabic_catalogue_translates_every_client_facing_message() -> None:
    arabic = catalogue("ar")
    untranslated = sorted(
        m
        for m in client_messages()
        if not arabic.get(m) or (isinstance(arabic[m], tuple) and not all(arabic[m]))  # type: ignore[arg-type]
    )
    assert untranslated == []


def test_arabic_has_six_plural_forms_and_every_plural_message_all_six() -> None:
    catalog = arabic_catalogue()
    assert catalog.num_plurals == 6
    plurals = [ids for ids in client_messages().values() if len(ids) == 2]
    assert plurals
    for singular, _ in plurals:
        forms = catalog[singular].string
        assert isinstance(forms, tuple)
        assert len(forms) == 6
        assert all(forms), singular


def _fields(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_arabic_translation_keeps_the_placeholders_and_tags_of_its_message() -> None:
    """Forms 0, 1 and 2 stand for exactly zero, one and two: they may spell the number out
    (ملفان, "two files") instead of printing {n}, and take no other placeholder."""
    catalog = arabic_catalogue()
    wrong = []
    for singular, ids in client_messages().items():
        expected = set().union(*(_fields(i) for i in ids))
        strings = catalog[singular].string
        forms = strings if isinstance(strings, tuple) else (strings,)
        for index, form in enumerate(forms):
            exact = len(ids) == 2 and index <= 2
            fields_ok = _fields(form) <= expected if exact else _fields(form) == expected
            tags_ok = sorted(TAG.findall(form)) == sorted(TAG.findall(ids[0]))
            if not (fields_ok and tags_ok):
                wrong.append((singular, index, form))
    assert wrong == []


def arabic_form(n: int) -> int:
    """CLDR's plural rule for Arabic, written out independently of the catalogue's."""
    if n in (0, 1, 2):
        return n
    if 3 <= n % 100 <= 10:
        return 3
    if 11 <= n % 100 <= 99:
        return 4
    return 5


@given(st.integers(min_value=0, max_value=10**6))
def test_an_arabic_count_takes_the_form_arabic_grammar_asks(n: int) -> None:
    forms = arabic_catalogue()["{n} file"].string
    text = Translator("ar").ngettext("{n} file", "{n} files", n)
    assert text == forms[arabic_form(n)].format(n=n)
    assert (str(n) in text) == (n > 2)  # zero, one and two are said in words


def test_telegram_language_code_ar_picks_arabic() -> None:
    assert pick_language("ar") == "ar"
    assert pick_language("ar-SA") == "ar"
    assert Translator("ar").right_to_left
    assert not Translator("fr").right_to_left


def test_arabic_dates_and_money_are_formatted_by_babel_with_latin_digits() -> None:
    ar = Translator("ar")
    assert ar.locale == ARABIC_LOCALE
    assert ar.date(date(2026, 12, 1)) == "1 ديسمبر 2026"
    assert ar.money(4550) == "\u200f45.50\xa0€"
    assert ar.number(1234.5) == "1,234.5"
    assert ar.datetime(datetime(2026, 7, 1, 8, 30, tzinfo=UTC)).endswith("10:30 ص")
    assert ar.ngettext("{n} extra lesson", "{n} extra lessons", 2) == "درسان إضافيان مجانًا"


def test_staff_texts_stay_french_or_english() -> None:
    """The staff's interface language is French or English; Arabic is refused at start."""
    assert STAFF_LANGUAGES == ("fr", "en")
    assert Settings(language="en").language == "en"
    with pytest.raises(ValidationError):
        Settings(language="ar")


def test_a_staff_text_read_in_arabic_falls_back_to_english() -> None:
    """Staff texts have no Arabic entry: their English id is the fallback, never blank."""
    staff_only = "<b>Open complaints</b>, overdue first"
    assert staff_only in source_messages()
    assert Translator("ar").gettext(staff_only) == staff_only


def test_a_list_in_a_sentence_reads_as_each_language_writes_it() -> None:
    items = ["1 leçon offerte", "des excuses écrites", "un avoir"]
    assert Translator("fr").listing(items) == "1 leçon offerte, des excuses écrites et un avoir"
    assert Translator("en").listing(items[:2]) == "1 leçon offerte and des excuses écrites"
    assert Translator("fr").listing(items[:1]) == "1 leçon offerte"
