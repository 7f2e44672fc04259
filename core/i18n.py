"""Translations with Babel, passed explicitly (nothing is installed globally).

Message ids are English; French is the reference catalogue. The ``.po`` catalogues in
``locales/`` are compiled in memory when first used, so they can never go stale.

Clients read French, English or Arabic; staff read French or English only
(``STAFF_LANGUAGES``). The Arabic catalogue translates every client-facing message (those
written in ``locales.CLIENT_SOURCES``; a test enforces it), and leaves the staff's texts
empty. An empty entry falls back to its message id, which is English: the ids are finished
English sentences, so the fallback is readable, never blank and needs no second catalogue,
and the only texts it can concern are the staff's, which no Arabic reader is shown.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from core.domain.errors import DomainError

DOMAIN = "reclam"
DEFAULT_LANGUAGE = "fr"
#: the languages a staff member may read the interface in (RECLAM_LANGUAGE)
STAFF_LANGUAGES = ("fr", "en")
#: the languages written right to left (documents are laid out accordingly)
RIGHT_TO_LEFT = frozenset({"ar"})
#: Babel's locale for Arabic: plain ``ar``. Its month names are Modern Standard Arabic
#: (يناير … ديسمبر), read in every Arabic-speaking country, where ``ar_DZ`` and ``ar_TN``
#: write the Maghreb's جانفي … and ``ar_MA`` Morocco's دجنبر. Its digits are Latin (Babel
#: formats with the ``latn`` numbering system), the digits every learner in France reads on
#: prices, plates and timetables. The cost: a decimal point (45.50 €) where the Maghreb's
#: locales, like French, write a comma.
ARABIC_LOCALE = "ar"
BABEL_LOCALES = {"ar": ARABIC_LOCALE}
FIRST_OF_MONTH = re.compile(r"\b1 ")
#: Parameters of a domain error that are themselves message ids.
TRANSLATED_PARAMS = ("reason", "what", "doing", "current", "target", "status")


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    root = files("locales")
    return tuple(
        sorted(p.name for p in root.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    )


def pick_language(code: str | None) -> str:
    """A chat's language code (``fr``, ``en-GB``…) to one of ours; French otherwise."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if base in available_languages() else DEFAULT_LANGUAGE


@lru_cache(maxsize=16)
def _translations(language: str) -> NullTranslations:
    po_file = files("locales") / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_file.is_file():
        return NullTranslations()
    with po_file.open("rb") as stream:
        catalog = read_po(stream, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


class Translator:
    """Everything a reader sees, in their language and with their locale's formats."""

    def __init__(self, language: str = DEFAULT_LANGUAGE, timezone: str = "Europe/Paris") -> None:
        self.language = pick_language(language)
        self.locale = BABEL_LOCALES.get(self.language, self.language)
        self.zone = ZoneInfo(timezone)
        self._t = _translations(self.language)

    @property
    def right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT

    def gettext(self, msgid: str, /, **params: Any) -> str:
        text = self._t.gettext(msgid)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text.format(n=n, **params)

    def error(self, error: DomainError) -> str:
        params = {
            k: self._t.gettext(v) if k in TRANSLATED_PARAMS and isinstance(v, str) else v
            for k, v in error.params.items()
        }
        return self.gettext(error.message, **params)

    def date(self, value: date, fmt: str = "long") -> str:
        text = format_date(value, format=fmt, locale=self.locale)
        if self.language == "fr" and fmt in ("medium", "long", "full") and value.day == 1:
            return FIRST_OF_MONTH.sub("1er ", text, count=1)  # French writes "1er déc."
        return text

    def datetime(self, value: datetime, fmt: str = "short") -> str:
        return format_datetime(value, format=fmt, tzinfo=self.zone, locale=self.locale)

    def money(self, cents: int, currency: str = "EUR") -> str:
        return format_currency(Decimal(cents) / 100, currency, locale=self.locale)

    def listing(self, items: Iterable[str]) -> str:
        """Items as a sentence lists them: "a, b et c" in French, "a, b, and c" in English."""
        return format_list(list(items), locale=self.locale)

    def number(self, value: float | int | Decimal) -> str:
        return format_decimal(value, locale=self.locale)
