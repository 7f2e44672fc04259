"""The register as a file: CSV (UTF-8 with a BOM and semicolons, as French spreadsheet
programs expect), XLSX (formatted, with filters and a frozen header) and PDF (landscape,
paginated, the school's header)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.documents.pdf import FONT, Document
from core.domain.profile import SchoolProfile
from core.i18n import Translator
from core.reports.formats import SheetHeading

WRAPPED = Alignment(wrap_text=True, vertical="top")
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


async def to_csv(titles: list[str], rows: Rows, tr: Translator) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(titles)
    async for batch in rows:
        writer.writerows(
            [value.isoformat() if isinstance(value, date) else _text(tr, value) for value in row]
            for row in batch
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_title(sheet: Any, heading: SheetHeading, columns: int) -> None:
    """The title row: school, title, period and date of export, over the whole width."""
    text = f"{heading.school} — {heading.title} — {heading.period} — {heading.exported}"
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True, size=12)
    sheet.append([cell])
    sheet.merged_cells.ranges.add(f"A1:{get_column_letter(columns)}1")
    sheet.row_dimensions[1].height = 22


def _xlsx_print_setup(sheet: Any) -> None:
    """Printed landscape on A4, fitted to the page width, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"
    sheet.print_options.gridLines = True


def _xlsx_cell(sheet: Any, index: int, value: object) -> WriteOnlyCell:
    if isinstance(value, str):  # control characters a client typed: not in XLSX
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.alignment = WRAPPED
    if isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    elif index == AMOUNT_COLUMN and value is not None:
        cell.number_format = '#,##0.00 "€"'
    return cell


async def to_xlsx(titles: list[str], rows: Rows, heading: SheetHeading) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet((heading.sheet or heading.title)[:31])
    sheet.freeze_panes = "A3"
    _xlsx_print_setup(sheet)
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _xlsx_title(sheet, heading, len(titles))
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="305496")
    header = []
    for name in titles:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill, cell.alignment = bold, fill, WRAPPED
        header.append(cell)
    sheet.append(header)
    count = 0
    async for batch in rows:
        for row in batch:
            sheet.append([_xlsx_cell(sheet, index, value) for index, value in enumerate(row)])
            count += 1
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(titles))}{count + 2}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Pages(Document):
    """Landscape pages headed with the school, the title, the period and the export date."""

    heading = SheetHeading("", "", "", "")

    def header(self) -> None:
        h = self.heading
        self.set_font(FONT, "B", 11)
        self.cell(0, 6, f"{h.school} — {h.title}", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8)
        self.cell(0, 4.5, f"{h.period} · {h.exported}", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)


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
    pdf = _Pages("L")
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
