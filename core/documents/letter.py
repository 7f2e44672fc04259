"""What every letter to a client shares, laid out as a French business letter: the
school's block (sender) at the top left, the client's block (recipient) on the right,
place and date, the subject with the reference, the salutation, the body, the closing
formula and the signatory; the mediator's block where the law asks for it; the personal
link with its QR code; page numbers once the letter runs over a page.

For a reader of Arabic the letter reads right to left: every paragraph is aligned right
and the date and the signatory change sides; the school's letterhead and the recipient's
block stay where a French window envelope and the post expect them, in the school's
own words (its name and address are French data, not ours to translate)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import qrcode

from core.documents.pdf import FONT, Document
from core.domain.profile import SchoolProfile
from core.i18n import Translator

QR_MODULE_MM = 0.8  # about 3 cm for a link: easy to scan
RECIPIENT_X = 110  # the recipient's block, as in a window envelope
TEXT = 10.5


@dataclass(frozen=True)
class Addressee:
    name: str
    address: str | None = None  # postal address, on several lines or with commas


@dataclass(frozen=True)
class Signatory:
    name: str  # a person's name, or "" when the school signs as a whole
    title: str  # their role, in the reader's language


class _LetterPages(Document):
    """Page numbers only when the letter runs over more than one page."""

    broke = False

    @property
    def accept_page_break(self) -> bool:
        self.broke = True
        return bool(self.auto_page_break)

    def footer(self) -> None:
        if self.broke:
            super().footer()


class Letter:
    """An A4 letter on the school's letterhead, one page or more."""

    def __init__(self, profile: SchoolProfile, title: str, tr: Translator) -> None:
        self.profile = profile
        self.tr = tr
        self.pdf = _LetterPages()
        self.pdf.set_title(title)
        self.pdf.set_author(profile.name)
        self.pdf.set_lang(tr.language)
        self.pdf.right_to_left(tr.right_to_left)
        self.pdf.set_margins(22, 18, 22)
        self.pdf.set_auto_page_break(auto=True, margin=20)
        self.pdf.add_page()

    def line(
        self,
        text: str,
        size: float = TEXT,
        style: str = "",
        gap: float = 5.5,
        ours: bool = True,
    ) -> None:
        """A paragraph: one of the letter's own sentences (``ours``), or what someone wrote."""
        align = self.pdf.direct(ours)
        self.pdf.set_font(FONT, style, size)
        self.pdf.multi_cell(0, gap, text, new_x="LMARGIN", new_y="NEXT", align=align)

    def _block_line(self, text: str, size: float, style: str, gap: float) -> None:
        """A line of the letterhead or the address, left-aligned as the envelope wants."""
        self.pdf.set_text_shaping(True)  # each line by its first letter
        self.pdf.set_font(FONT, style, size)
        self.pdf.multi_cell(0, gap, text, new_x="LEFT", new_y="NEXT", align="L")

    def letterhead(self) -> None:
        """The school's block alone (a document that is not a letter: the procedure)."""
        self._sender()

    def _sender(self) -> None:
        p = self.profile
        self.pdf.set_x(self.pdf.l_margin)
        self._block_line(p.name, 13, "B", 6.5)
        for detail in (p.address, p.phone, p.email, p.website):
            if detail:
                self._block_line(detail, 9, "", 4.5)

    def _recipient(self, addressee: Addressee, top: float) -> float:
        pdf = self.pdf
        pdf.set_xy(RECIPIENT_X, top)
        lines = [addressee.name]
        if addressee.address:
            lines += [x.strip() for x in addressee.address.replace(",", "\n").splitlines()]
        for index, text in enumerate(x for x in lines if x):
            pdf.set_x(RECIPIENT_X)
            self._block_line(text, TEXT, "B" if index == 0 else "", 5.5)
        return pdf.get_y()

    def heading(self, addressee: Addressee, day: date, subject: str, reference: str) -> None:
        """Sender, recipient, place and date, subject and reference, salutation."""
        tr, pdf = self.tr, self.pdf
        self._sender()
        bottom = max(pdf.get_y(), self._recipient(addressee, 48))
        pdf.set_y(bottom + 8)
        place = self.profile.place
        dated = tr.date(day)
        self._dated(tr.gettext("{place}, {date}", place=place, date=dated) if place else dated)
        pdf.ln(6)
        self.line(tr.gettext("Subject: {subject}", subject=subject), TEXT, "B")
        self.line(tr.gettext("Reference: {reference}", reference=reference), 9.5)
        pdf.ln(6)
        self.line(tr.gettext("Dear Sir or Madam,"))
        pdf.ln(2)

    def _dated(self, text: str) -> None:
        """Place and date, on the side opposite the reading's start (right in French)."""
        pdf = self.pdf
        pdf.direct()
        pdf.set_font(FONT, "", TEXT)
        align = "L" if pdf.rtl else "R"
        pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT", align=align)

    def paragraphs(self, *texts: str, ours: bool = True) -> None:
        for text in texts:
            self.line(text, ours=ours)
            self.pdf.ln(2.5)

    def quoted(self, *texts: str) -> None:
        """Paragraphs someone wrote (the client's complaint, the school's reasons)."""
        self.paragraphs(*texts, ours=False)

    def section(self, title: str) -> None:
        self.pdf.ln(1)
        self.line(title, TEXT, "B")
        self.pdf.ln(1)

    def bullets(self, *items: str) -> None:
        for item in items:
            self.line(f"•  {item}")
        self.pdf.ln(2.5)

    def closing(self, signatory: Signatory) -> None:
        """The closing formula and the signatory: name, role, school."""
        tr, pdf = self.tr, self.pdf
        self.paragraphs(
            tr.gettext("We remain at your disposal for any question."),
            tr.gettext("Yours faithfully."),
        )
        pdf.ln(4)
        # right of the page in French; on the left, aligned right, in Arabic
        left, width = (pdf.l_margin, RECIPIENT_X - pdf.l_margin) if pdf.rtl else (RECIPIENT_X, 0)
        for text, style, ours in (
            (signatory.name, "B", False),
            (signatory.title, "", True),
            (self.profile.name, "", False),
        ):
            if text:
                pdf.set_x(left)
                align = pdf.direct(ours)
                pdf.set_font(FONT, style, TEXT)
                pdf.multi_cell(width, 5.5, text, new_x="LEFT", new_y="NEXT", align=align)
        pdf.set_x(pdf.l_margin)
        pdf.ln(4)

    def mediator(self) -> None:
        """The consumer mediator's name, address and website (Code de la consommation,
        L612-1 and L616-1), framed so that the client finds it."""
        mediator = self.profile.mediator
        if mediator is None:
            return
        pdf = self.pdf
        pdf.ln(2)
        pdf.set_draw_color(120, 120, 120)
        top = pdf.get_y()
        pdf.set_y(top + 2)
        pdf.set_left_margin(pdf.l_margin + 3)
        self.line(
            self.tr.gettext(
                "If our answer does not satisfy you, you may refer the matter, free of "
                "charge, to the consumer mediator:"
            ),
            9.5,
            "B",
            5,
        )
        self.line(mediator.block(), 9.5, "", 5, ours=False)
        pdf.set_left_margin(pdf.l_margin - 3)
        bottom = pdf.get_y() + 2
        pdf.rect(pdf.l_margin, top, pdf.epw, bottom - top)
        pdf.set_y(bottom + 3)

    def join_link(self, url: str) -> None:
        """The personal link, printed, and its QR code drawn module by module."""
        pdf = self.pdf
        pdf.set_text_shaping(True)
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(0, 5, url, new_x="LMARGIN", new_y="NEXT", align="R" if pdf.rtl else "L")
        code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
        code.add_data(url)
        code.make(fit=True)
        modules = code.get_matrix()
        size = len(modules) * QR_MODULE_MM
        if pdf.get_y() + size + 6 > pdf.page_break_trigger:
            pdf.add_page()
            pdf.broke = True
        left = pdf.w - pdf.r_margin - size if pdf.rtl else pdf.l_margin  # where reading starts
        top = pdf.get_y() + 2
        pdf.set_fill_color(0, 0, 0)
        for row, cells in enumerate(modules):
            for column, dark in enumerate(cells):
                if dark:
                    x, y = left + column * QR_MODULE_MM, top + row * QR_MODULE_MM
                    pdf.rect(x, y, QR_MODULE_MM, QR_MODULE_MM, style="F")
        pdf.set_y(top + size + 4)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
