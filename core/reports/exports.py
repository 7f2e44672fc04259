"""The register as a file: CSV (UTF-8 with a BOM and semicolons, as French spreadsheet
programs expect), XLSX (formatted, with filters and a frozen header) and PDF (landscape,
paginated, the school's header)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.documents.pdf import FONT, Document
from core.domain.profile import SchoolProfile
from core.i18n import Translator

Rows = AsyncIterator[list[list[object]]]
AMOUNT_COLUMN = 15  # "Compensation amount", in euros
XLSX_WIDTHS = (14, 22, 12, 12, 40, 22, 22, 12, 8, 18, 40, 10, 12, 40, 30, 12, 10, 12, 14, 10, 10)
#: the columns that fit a landscape page, and their widths in millimetres
PDF_COLUMNS = (
    (0, 24),
    (1, 28),
    (2, 17),
    (3, 14),
    (4, 34),
    (5, 30),
    (8, 11),
    (7, 17),
    (11, 16),
    (12, 17),
    (15, 16),
    (16, 10),
    (17, 17),
    (19, 12),
    (20, 12),
)


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"

    @property
    def media_type(self) -> str:
        return {
            ExportFormat.CSV: "text/csv",
            ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ExportFormat.PDF: "application/pdf",
        }[self]


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


async def to_xlsx(titles: list[str], rows: Rows, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="305496")
    header = []
    for name in titles:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(header)
    count = 0
    async for batch in rows:
        for row in batch:
            cells = []
            for index, value in enumerate(row):
                if isinstance(value, str):  # control characters a client typed: not in XLSX
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif index == AMOUNT_COLUMN and value is not None:
                    cell.number_format = '#,##0.00 "€"'
                cells.append(cell)
            sheet.append(cells)
            count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Pages(Document):
    heading = ""

    def header(self) -> None:
        self.set_font(FONT, "B", 11)
        self.cell(0, 7, self.heading, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, "", 7)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")


async def to_pdf(
    titles: list[str], rows: Rows, tr: Translator, profile: SchoolProfile, title: str
) -> bytes:
    pdf = _Pages("L")
    pdf.heading = f"{profile.name} — {title}"
    pdf.set_title(title)
    pdf.set_author(profile.name)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font(FONT, "", 6.5)
    widths = tuple(width for _, width in PDF_COLUMNS)
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        line_height=3.2,
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        table.row([titles[i] for i, _ in PDF_COLUMNS])
        async for batch in rows:
            for values in batch:
                table.row([_text(tr, values[i]) for i, _ in PDF_COLUMNS])
    return bytes(pdf.output())
