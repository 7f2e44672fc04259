"""The register's formats and what heads its pages: light, for the command line and the
bot to name a format without loading the PDF and spreadsheet writers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class SheetHeading:
    """What the top of every page of an export says: whose, what, when."""

    school: str
    title: str  # "Complaints register"
    period: str  # in words: "March 2026", "from … to …"
    exported: str  # "Exported on 6 December 2026 at 14:05"
    sheet: str = ""  # the spreadsheet's tab


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
