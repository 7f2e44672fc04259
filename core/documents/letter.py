"""What every letter to a client shares: the school's letterhead, the addressee and the
date, paragraphs, the mediator's block, and the personal link with its QR code. The
standard PDF fonts cover Latin-1 only, so other characters get their closest equivalent
(see ``latin1``)."""

from __future__ import annotations

import unicodedata
from datetime import date

import qrcode
from fpdf import FPDF

from core.domain.profile import SchoolProfile
from core.i18n import Translator

EQUIVALENTS = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "…": "...",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "€": "EUR",
        "\u202f": " ",
        "œ": "oe",
        "Œ": "OE",
    }
)
QR_MODULE_MM = 0.8  # about 3 cm for a link: easy to scan


def latin1(text: str) -> str:
    """The text as the standard PDF fonts can print it."""
    text = unicodedata.normalize("NFC", text.translate(EQUIVALENTS))
    return text.encode("latin-1", "replace").decode("latin-1")


class Letter:
    """A one-page-or-more A4 letter on the school's letterhead."""

    def __init__(self, profile: SchoolProfile, title: str) -> None:
        self.profile = profile
        self.pdf = FPDF(format="A4")
        self.pdf.set_title(latin1(title))
        self.pdf.set_author(latin1(profile.name))
        self.pdf.add_page()
        self.pdf.set_margins(20, 20, 20)

    def line(self, text: str, size: int = 11, style: str = "", gap: float = 6) -> None:
        self.pdf.set_font("helvetica", style, size)
        self.pdf.multi_cell(0, gap, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def heading(self, tr: Translator, addressee: str, day: date, subject: str) -> None:
        """The letterhead, the addressee, the date and the subject."""
        self.line(self.profile.name, 14, "B", 7)
        for detail in (
            self.profile.address,
            self.profile.phone,
            self.profile.email,
            self.profile.website,
        ):
            if detail:
                self.line(detail, 9, "", 5)
        self.pdf.ln(6)
        self.line(tr.gettext("To: {name}", name=addressee))
        self.line(tr.gettext("Date: {date}", date=tr.date(day)))
        self.pdf.ln(4)
        self.line(subject, 13, "B", 7)
        self.pdf.ln(2)

    def paragraphs(self, *texts: str) -> None:
        for text in texts:
            self.line(text)
            self.pdf.ln(2)

    def mediator(self, tr: Translator) -> None:
        """The consumer mediator's name, address and website (Code de la consommation)."""
        if self.profile.mediator is None:
            return
        self.pdf.ln(2)
        self.line(
            tr.gettext(
                "If our answer does not satisfy you, you may refer the matter, free of "
                "charge, to the consumer mediator:"
            ),
            10,
            "B",
        )
        self.line(self.profile.mediator.block(), 10)

    def join_link(self, url: str) -> None:
        """The personal link, printed, and its QR code drawn module by module."""
        pdf = self.pdf
        pdf.set_font("helvetica", "", 9)
        pdf.multi_cell(0, 5, url, new_x="LMARGIN", new_y="NEXT")
        code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
        code.add_data(url)
        code.make(fit=True)
        modules = code.get_matrix()
        left, top = pdf.get_x(), pdf.get_y() + 2
        pdf.set_fill_color(0, 0, 0)
        for row, cells in enumerate(modules):
            for column, dark in enumerate(cells):
                if dark:
                    x, y = left + column * QR_MODULE_MM, top + row * QR_MODULE_MM
                    pdf.rect(x, y, QR_MODULE_MM, QR_MODULE_MM, style="F")
        pdf.set_y(top + len(modules) * QR_MODULE_MM + 4)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
