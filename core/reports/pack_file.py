"""The quality-meeting pack as a named file."""

from __future__ import annotations

from enum import StrEnum

from core.domain.journal import Actor
from core.domain.periods import Period
from core.i18n import Translator
from core.reports.register_file import ReportFile
from core.usecases.build_quality_pack import build_quality_pack
from core.usecases.common import Deps


class PackFormat(StrEnum):
    PDF = "pdf"
    JSON = "json"
    CSV = "csv"


MEDIA = {
    PackFormat.PDF: "application/pdf",
    PackFormat.JSON: "application/json",
    PackFormat.CSV: "text/csv",
}


async def pack_file(
    deps: Deps, actor: Actor, period: Period, fmt: PackFormat, language: str = "fr"
) -> ReportFile:
    tr = Translator(language, deps.profile.timezone)
    figures = await build_quality_pack(deps, actor, period, language)
    from core.reports.pack_files import to_csv, to_json, to_pdf  # charts: only when asked

    if fmt is PackFormat.PDF:
        content = to_pdf(figures, tr, deps.profile, deps.calendar.local_date(deps.clock.now()))
    elif fmt is PackFormat.JSON:
        content = to_json(figures)
    else:
        content = to_csv(figures, tr)
    stem = tr.gettext("quality-pack")
    name = f"{stem}-{period.label}.{fmt.value}".replace("..", "_")
    return ReportFile(name, MEDIA[fmt], content)
