"""The register as a file: CSV (UTF-8 with a BOM and semicolons, as French spreadsheet
programs expect), XLSX (formatted, with filters and a frozen header) and PDF (landscape,
paginated, the school's header)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain.profile import SchoolProfile
from core.i18n import Translator
from core.reports.formats import SheetHeading
from core.reports.xlsx_stream import write_xlsx

if TYPE_CHECKING:  # the PDF writer is loaded when a PDF is asked for, not with this module
    from fpdf import FPDF

Rows = AsyncIterator[list[list[object]]]
AMOUNT_COLUMN = 15  # "Compensation amount", in euros
XLSX_WIDTHS = (14, 22, 12, 12, 40, 22, 22, 12, 8, 18, 40, 10, 12, 40, 30, 12, 10, 12, 14, 10, 10)
#: the PDF's columns: the register's columns each shows (stacked, one line each), the
#: widest thing it must hold on one line, and its share of the width left once every
#: column fits its words
PDF_COLUMNS: tuple[tuple[tuple[int, ...], str, float], ...] = (
    ((0, 18), "REC-0000-0000", 0),  # reference, status
    ((2, 3, 7), "00/00/0000", 0),  # received on, channel, acknowledged on
    ((1,), "", 1.2),  # client
    ((4,), "", 2.2),  # subject
    ((5, 8), "", 1),  # category, priority
    ((6,), "", 1),  # persons concerned
    ((9,), "", 0.7),  # handler
    ((10,), "", 2),  # actions
    ((11, 12), "00/00/0000", 0),  # decision, decided on
    ((13,), "", 2),  # reasons
    ((14, 15), "", 1.4),  # compensations, their amount
    ((16, 17), "00/00/0000", 0),  # satisfaction, closed on
    ((19, 20), "", 0),  # acknowledged in time, answered in time
)
PDF_TEXT = 6.5  # points: the smallest a register is read at, printed on A4
PDF_PADDING = 0.8


def _text(tr: Translator, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return tr.date(value, "short")
    if isinstance(value, float):
        return tr.number(value)
    return str(value)


def _csv_values(tr: Translator) -> Callable[[list[object]], list[object]]:
    """A row's values as the CSV writes them: dates in ISO, amounts in the reader's
    numbers (each amount formatted once), the rest as they are."""
    number = cache(tr.number)

    def convert(value: object) -> object:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float):
            return number(value)
        return value

    return lambda row: [convert(value) for value in row]


async def to_csv(titles: list[str], rows: Rows, tr: Translator) -> bytes:
    """Written row by row as the batches come, straight to UTF-8."""
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    text.write("\ufeff")
    writer.writerow(titles)
    values = _csv_values(tr)
    async for batch in rows:
        writer.writerows(map(values, batch))
    text.flush()
    content = out.getvalue()
    text.detach()
    return content


async def to_xlsx(titles: list[str], rows: Rows, heading: SheetHeading) -> bytes:
    return await write_xlsx(titles, rows, heading, XLSX_WIDTHS, AMOUNT_COLUMN)


@cache
def _pages() -> Any:
    """The PDF register's page class: landscape pages headed with the school, the title,
    the period and the export date (made on first use: fpdf2 loads only then)."""
    from core.documents.pdf import FONT, Document

    class Pages(Document):
        heading = SheetHeading("", "", "", "")

        def header(self) -> None:
            h = self.heading
            self.set_font(FONT, "B", 11)
            self.cell(0, 6, f"{h.school} — {h.title}", new_x="LMARGIN", new_y="NEXT")
            self.set_font(FONT, "", 8)
            self.cell(0, 4.5, f"{h.period} · {h.exported}", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

    return Pages


def _pdf_cell(tr: Translator, values: list[object], index: int) -> str:
    value = values[index]
    if index == AMOUNT_COLUMN:  # euros, as "45,50 €"; nothing when nothing was offered
        return tr.money(round(value * 100)) if isinstance(value, int | float) and value else ""
    return _text(tr, value)


def _pdf_row(tr: Translator, values: list[object]) -> list[str]:
    return ["\n".join(_pdf_cell(tr, values, i) for i in group) for group, _, _ in PDF_COLUMNS]


def _pdf_widths(pdf: FPDF, headings: list[str]) -> tuple[float, ...]:
    """Each column as wide as its longest heading word (bold) or what it must hold on one
    line, and the width left shared between the text columns: no heading is cut in the
    middle of a word."""
    from core.documents.pdf import FONT

    pdf.set_font(FONT, "B", PDF_TEXT)
    least = [
        max(pdf.get_string_width(w) for w in (sample, *text.split())) + 2 * PDF_PADDING + 0.5
        for text, (_, sample, _) in zip(headings, PDF_COLUMNS, strict=True)
    ]
    spare = max(0.0, pdf.epw - sum(least) - 0.01)
    shares = sum(share for _, _, share in PDF_COLUMNS)
    return tuple(
        w + spare * share / shares for w, (_, _, share) in zip(least, PDF_COLUMNS, strict=True)
    )


async def to_pdf(
    titles: list[str], rows: Rows, tr: Translator, profile: SchoolProfile, heading: SheetHeading
) -> bytes:
    from fpdf.fonts import FontFace

    from core.documents.pdf import FONT

    pdf = _pages()("L")
    pdf.heading = heading
    pdf.set_title(f"{heading.title} — {heading.period}")
    pdf.set_author(profile.name)
    pdf.set_lang(tr.language)
    pdf.set_margins(8, 8, 8)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_page()
    headings = ["\n".join(titles[i] for i in group) for group, _, _ in PDF_COLUMNS]
    widths = _pdf_widths(pdf, headings)
    pdf.set_font(FONT, "", PDF_TEXT)
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        line_height=2.9,
        padding=PDF_PADDING,
        text_align="LEFT",
        v_align="TOP",
        first_row_as_headings=True,
        repeat_headings=1,
        headings_style=FontFace(emphasis="BOLD", fill_color=(220, 228, 242)),
    ) as table:
        table.row(headings)
        async for batch in rows:
            for values in batch:
                table.row(_pdf_row(tr, values))
    return bytes(pdf.output())
