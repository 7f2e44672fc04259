"""The documented acknowledgement (accusé de réception): a PDF letter on the school's
letterhead, in the client's language. The standard PDF fonts cover Latin-1 only, so other
characters are written with their closest equivalent."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import qrcode
from fpdf import FPDF

from core.domain.complaint import Complaint
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


def latin1(text: str) -> str:
    """The text as the standard PDF fonts can print it."""
    text = unicodedata.normalize("NFC", text.translate(EQUIVALENTS))
    return text.encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class LetterFacts:
    complaint: Complaint
    client_name: str
    acknowledged_at: datetime
    answer_by: date
    in_chat: bool = True  # the client follows it in the chat already
    join_url: str | None = None  # their personal link to follow it there


def _following(facts: LetterFacts, tr: Translator) -> str:
    """How the client is kept informed, and how to follow the complaint in the chat."""
    if facts.in_chat:
        return tr.gettext(
            "We keep you informed of each step in your Telegram conversation with the "
            "school; you can follow your complaint there at any time with /mycomplaints."
        )
    if facts.join_url:
        return tr.gettext(
            "We keep you informed of each step by email or by post. You may also follow "
            "your complaint on Telegram: open this personal link, or scan the code below "
            "with your phone."
        )
    return tr.gettext("We keep you informed of each step by email or by post.")


def _join_link(pdf: FPDF, url: str) -> None:
    """The personal link, printed, and its QR code drawn module by module."""
    pdf.set_font("helvetica", "", 9)
    pdf.multi_cell(0, 5, url, new_x="LMARGIN", new_y="NEXT")
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    modules = code.get_matrix()
    size = 0.8  # mm per module: about 3 cm for a link, easy to scan
    left, top = pdf.get_x(), pdf.get_y() + 2
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(modules):
        for column, dark in enumerate(cells):
            if dark:
                pdf.rect(left + column * size, top + row * size, size, size, style="F")
    pdf.set_y(top + len(modules) * size + 4)


def acknowledgement_letter(facts: LetterFacts, profile: SchoolProfile, tr: Translator) -> bytes:
    c = facts.complaint
    assert c.received_at is not None
    pdf = FPDF(format="A4")
    pdf.set_title(
        latin1(tr.gettext("Acknowledgement of complaint {reference}", reference=c.reference))
    )
    pdf.set_author(latin1(profile.name))
    pdf.add_page()
    pdf.set_margins(20, 20, 20)

    def line(text: str, size: int = 11, style: str = "", gap: float = 6) -> None:
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(0, gap, latin1(text), new_x="LMARGIN", new_y="NEXT")

    line(profile.name, 14, "B", 7)
    for detail in (profile.address, profile.phone, profile.email, profile.website):
        if detail:
            line(detail, 9, "", 5)
    pdf.ln(6)
    line(tr.gettext("To: {name}", name=facts.client_name))
    line(tr.gettext("Date: {date}", date=tr.date(facts.acknowledged_at.date())))
    pdf.ln(4)
    line(
        tr.gettext("Acknowledgement of your complaint {reference}", reference=c.reference),
        13,
        "B",
        7,
    )
    pdf.ln(2)
    desired = profile.desired_solution(c.desired.code or "")
    wish = " - ".join(
        x for x in (desired.label.in_language(tr.language) if desired else "", c.desired.text) if x
    )
    for paragraph in (
        tr.gettext(
            "We received your complaint on {date}. It is recorded under the reference "
            "{reference}.",
            date=tr.date(c.received_at.date()),
            reference=c.reference,
        ),
        tr.gettext("Your complaint: {summary}", summary=c.description[:1200]),
        tr.gettext("The solution you would like: {wish}", wish=wish or "-"),
        tr.gettext(
            "We will examine it and answer you, with our reasons, by {date} at the latest.",
            date=tr.date(facts.answer_by),
        ),
        _following(facts, tr),
    ):
        line(paragraph)
        pdf.ln(2)
    if facts.join_url:
        _join_link(pdf, facts.join_url)
    if profile.mediator is not None:
        pdf.ln(2)
        line(
            tr.gettext(
                "If our answer does not satisfy you, you may refer the matter, free of "
                "charge, to the consumer mediator:"
            ),
            10,
            "B",
        )
        line(profile.mediator.block(), 10)
    return bytes(pdf.output())
