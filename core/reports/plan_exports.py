"""The improvement plan's writers: XLSX (title row, wrapped cells, printed landscape) and
PDF (landscape, the school's header on every page, a summary, then the table)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date

from babel.numbers import format_percent
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.documents.pdf import FONT, Document
from core.domain.improvement import PlanStatus
from core.i18n import Translator
from core.reports.formats import SheetHeading
from core.usecases.build_improvement_plan import ImprovementPlan

WRAPPED = Alignment(wrap_text=True, vertical="top")
XLSX_WIDTHS = (24, 5, 13, 40, 18, 11, 16, 11, 32, 11, 9, 32, 8, 24)
#: the PDF's relative column widths (the same columns as the spreadsheet)
PDF_SHARES = (1.7, 0.45, 1.1, 3.2, 1.4, 1.0, 1.3, 1.0, 2.6, 1.05, 0.8, 2.4, 0.7, 1.6)


def _cell(sheet: object, value: object) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.alignment = WRAPPED
    if isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    return cell


async def to_xlsx(
    titles: list[str], rows: AsyncIterator[list[list[object]]], heading: SheetHeading
) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet((heading.sheet or heading.title)[:31])
    sheet.freeze_panes = "A3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    title = WriteOnlyCell(
        sheet, value=f"{heading.school} — {heading.title} — {heading.period} — {heading.exported}"
    )
    title.font = Font(bold=True, size=12)
    sheet.append([title])
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="305496")
    header = []
    for name in titles:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill, cell.alignment = bold, fill, WRAPPED
        header.append(cell)
    sheet.append(header)
    async for batch in rows:
        for row in batch:
            sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Pages(Document):
    heading = SheetHeading("", "", "", "")

    def header(self) -> None:
        h = self.heading
        self.set_font(FONT, "B", 11)
        self.cell(0, 6, f"{h.school} — {h.title}", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8)
        self.cell(0, 4.5, f"{h.period} · {h.exported}", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)


def summary(tr: Translator, plan: ImprovementPlan) -> str:
    """The plan in one sentence: how many actions, late, checked, effective."""
    n = plan.counts.get
    share = plan.effective_share
    return " ".join(
        (
            tr.ngettext("{n} action:", "{n} actions:", len(plan.entries)),
            tr.gettext(
                "{late} late, {open} in progress, {done} done awaiting their check "
                "({checks_late} of them late).",
                late=n(PlanStatus.OVERDUE, 0),
                open=n(PlanStatus.OPEN, 0),
                done=n(PlanStatus.TO_REVIEW, 0) + n(PlanStatus.REVIEW_OVERDUE, 0),
                checks_late=n(PlanStatus.REVIEW_OVERDUE, 0),
            ),
            tr.ngettext(
                "{n} checked for effect",
                "{n} checked for effect",
                plan.reviewed,
            ),
            tr.gettext("(effective: {share}).", share=format_percent(share, locale=tr.language))
            if share is not None
            else tr.gettext("(none yet)."),
        )
    )


def _text(tr: Translator, value: object) -> str:
    if isinstance(value, date):
        return tr.date(value, "short")
    return "" if value is None else str(value)


def to_pdf(
    tr: Translator, plan: ImprovementPlan, heading: SheetHeading, rows: list[list[object]]
) -> bytes:
    from core.reports.plan_file import plan_titles

    pdf = _Pages("L")
    pdf.heading = heading
    pdf.set_title(f"{heading.title} — {heading.period}")
    pdf.set_author(heading.school)
    pdf.set_lang(tr.language)
    pdf.set_margins(8, 8, 8)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_page()
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 4.5, summary(tr, plan), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    total = sum(PDF_SHARES)
    widths = tuple(pdf.epw * share / total for share in PDF_SHARES)
    pdf.set_font(FONT, "", 6.5)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        line_height=2.9,
        padding=0.8,
        text_align="LEFT",
        v_align="TOP",
        first_row_as_headings=True,
        repeat_headings=1,
        headings_style=FontFace(emphasis="BOLD", fill_color=(220, 228, 242)),
    ) as table:
        table.row(plan_titles(tr))
        for values in rows:
            table.row([_text(tr, v) for v in values])
    return bytes(pdf.output())
