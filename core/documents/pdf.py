"""The one PDF page every document is written on: DejaVu Sans (the font matplotlib ships,
which covers Latin, Greek, Cyrillic, Vietnamese and Arabic) embedded, with text shaping
(HarfBuzz) so that Arabic letters join and right-to-left text runs the right way. Nothing
is transliterated: a name is printed as its owner writes it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from fontTools.ttLib import TTFont
from fpdf import FPDF

FONT = "DejaVu"
#: fpdf2 style -> the font file matplotlib ships
#: (regular and bold only: each face embedded costs its parsing, and no document uses italics)
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def font_file(style: str = "") -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FILES[style]


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The characters the regular face draws."""
    with TTFont(font_file()) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """``text`` without the characters no embedded face can draw (emoji, mostly): they are
    dropped rather than printed as empty boxes. Letters of every script the school's clients
    write are kept as they are."""
    covered = _covered()
    return "".join(c for c in text if ord(c) in covered or c in "\n\t")


class Document(FPDF):
    """An A4 page (portrait unless told) with the embedded Unicode font, shaped text,
    and page numbers in the footer once there is more than one page."""

    footer_text = ""  # printed at the bottom left of every page, beside the page number
    rtl = False  # written for a reader of a right-to-left language (Arabic)

    def __init__(self, orientation: str = "P", **kwargs: Any) -> None:
        super().__init__(orientation=orientation, format="A4", **kwargs)
        for style in FILES:
            self.add_font(FONT, style, str(font_file(style)))
        self.set_text_shaping(True)
        self.set_font(FONT, "", 10)
        self.alias_nb_pages()

    def right_to_left(self, rtl: bool) -> None:
        """Lay the document out for a reader of a right-to-left language, or not."""
        self.rtl = rtl

    def direct(self, ours: bool = True) -> str:
        """Set the direction of the paragraph written next, and return its alignment.

        Left to right, a paragraph takes its direction from its first letter (an Arabic
        name runs right to left) and is aligned left. Right to left, every paragraph is
        aligned right; the document's own sentences (``ours``) run right to left even when
        they begin with a reference or a number, and what people wrote (a name, the
        client's words, the school's reasons) by its first letter, so that a French
        sentence keeps its full stop at its end and a Latin name inside Arabic reads in
        its place."""
        if not self.rtl:
            return "L"
        self.set_text_shaping(True, direction="rtl" if ours else None)
        return "R"

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(printable(text))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.set_text_color(90, 90, 90)
        if self.footer_text:
            self.cell(0, 5, self.footer_text, align="L")
            self.set_x(self.l_margin)
        self.cell(0, 5, f"{self.page_no()} / {{nb}}", align="R")
        self.set_text_color(0, 0, 0)
