"""The register as an XLSX workbook, written as a stream: each row becomes its XML at once
and goes into the compressed sheet, with one of five styles by reference (title, heading,
text, date, amount). The same sheet openpyxl's write-only mode made, without building a
styled cell object per value: 100,000 complaints are two million cells."""

from __future__ import annotations

import re
import zipfile
from collections.abc import AsyncIterator
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

from core.reports.formats import SheetHeading

#: control characters a client typed: not allowed in XLSX (as openpyxl's ILLEGAL_CHARACTERS_RE)
ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
EPOCH = date(1899, 12, 30)  # day 0 of spreadsheets' 1900 date system
TITLE, HEADING, TEXT, DAY, AMOUNT = range(1, 6)  # the cell styles, as numbered in STYLES
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
BOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_WRAP = '<alignment vertical="top" wrapText="1"/>'
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/>'
    '<numFmt numFmtId="165" formatCode="#,##0.00 &quot;€&quot;"/></numFmts>'
    '<fonts count="3"><font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
    '<scheme val="minor"/></font>'
    '<font><b val="1"/><sz val="12"/></font><font><b val="1"/><color rgb="00FFFFFF"/></font>'
    '</fonts><fills count="3"><fill><patternFill/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00305496"/></patternFill></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="2" fillId="2" borderId="0" applyAlignment="1" xfId="0">'
    f"{_WRAP}</xf>"
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1" xfId="0">{_WRAP}</xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1" '
    f'applyAlignment="1" xfId="0">{_WRAP}</xf>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" applyNumberFormat="1" '
    f'applyAlignment="1" xfId="0">{_WRAP}</xf>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    return escape(ILLEGAL.sub("", value))


class _Cells:
    """Each value as its cell's XML, in the style its type and column call for."""

    def __init__(self, columns: int, amount_column: int) -> None:
        self.letters = [column_letter(i) for i in range(1, columns + 1)]
        self.amount = amount_column

    def cell(self, ref: str, value: object, style: int) -> str:
        if value is None:
            return f'<c r="{ref}" s="{style}"/>'
        if value == "":  # as openpyxl writes an empty text
            return f'<c r="{ref}" s="{style}" t="inlineStr"/>'
        if isinstance(value, str):
            return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{_text(value)}</t></is></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, date):
            return f'<c r="{ref}" s="{DAY}" t="n"><v>{(value - EPOCH).days}</v></c>'
        return f'<c r="{ref}" s="{style}" t="n"><v>{value}</v></c>'

    def row(self, number: int, values: list[object]) -> str:
        cells = "".join(
            self.cell(
                f"{letter}{number}",
                value,
                AMOUNT if index == self.amount and value is not None else TEXT,
            )
            for index, (letter, value) in enumerate(zip(self.letters, values, strict=False))
        )
        return f'<row r="{number}">{cells}</row>'


def _sheet_start(heading: SheetHeading, titles: list[str], widths: tuple[int, ...]) -> str:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    text = f"{heading.school} — {heading.title} — {heading.period} — {heading.exported}"
    head = "".join(
        f'<c r="{column_letter(i)}2" s="{HEADING}" t="inlineStr"><is><t>{_text(t)}</t></is></c>'
        for i, t in enumerate(titles, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        f'<row r="1"><c r="A1" s="{TITLE}" t="inlineStr">'
        f"<is><t>{_text(text)}</t></is></c></row>"
        f'<row r="2">{head}</row>'
    )


def _sheet_end(columns: int, last_row: int) -> str:
    last = column_letter(columns)
    return (
        f'</sheetData><autoFilter ref="A2:{last}{last_row}"/>'
        f'<mergeCells count="1"><mergeCell ref="A1:{last}1"/></mergeCells>'
        '<printOptions gridLines="1"/>'
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        '<pageSetup orientation="landscape" paperSize="9" fitToHeight="0" fitToWidth="1"/>'
        "</worksheet>"
    )


def _workbook(sheet: str, columns: int, last_row: int) -> str:
    name = quoteattr(sheet)
    quoted = "'" + sheet.replace("'", "''") + "'"
    last = column_letter(columns)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f'<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets><definedNames>'
        '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{escape(quoted)}!$A$2:${last}${last_row}</definedName>"
        f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{escape(quoted)}!$2:$2'
        "</definedName></definedNames></workbook>"
    )


async def write_xlsx(
    titles: list[str],
    rows: AsyncIterator[list[list[object]]],
    heading: SheetHeading,
    widths: tuple[int, ...],
    amount_column: int,
) -> bytes:
    """The workbook: a title row over the whole width, the heading row (kept on screen and
    on every printed page), then a row per value list, wrapped; dates as dates, the
    amount in euros; filters over the table; landscape A4, fitted to the page width."""
    out = BytesIO()
    cells = _Cells(len(titles), amount_column)
    number = 2
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/_rels/workbook.xml.rels", BOOK_RELS)
        book.writestr("xl/styles.xml", STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet_start(heading, titles, widths).encode())
            async for batch in rows:
                lines = []
                for values in batch:
                    number += 1
                    lines.append(cells.row(number, values))
                sheet.write("".join(lines).encode())
            sheet.write(_sheet_end(len(titles), number).encode())
        name = (heading.sheet or heading.title)[:31]
        book.writestr("xl/workbook.xml", _workbook(name, len(titles), number))
    return out.getvalue()
