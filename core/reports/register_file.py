"""The register as a named file in the format asked for."""

from __future__ import annotations

from dataclasses import dataclass

from core import wording
from core.domain.journal import Actor
from core.i18n import Translator
from core.reports.formats import ExportFormat, SheetHeading
from core.reports.register import titles
from core.usecases.common import Deps
from core.usecases.export_register import ExportRegister, register_rows


@dataclass(frozen=True)
class ReportFile:
    name: str
    media_type: str
    content: bytes


async def register_file(
    deps: Deps, actor: Actor, command: ExportRegister, fmt: ExportFormat
) -> ReportFile:
    tr = Translator(command.language, deps.profile.timezone)
    period = command.filter.received
    suffix = period.label if period else tr.gettext("all")
    heading = SheetHeading(
        deps.profile.name,
        tr.gettext("Complaints register"),
        wording.period(tr, period) if period else tr.gettext("All complaints"),
        wording.exported_on(tr, deps.clock.now()),
        tr.gettext("Register"),
    )
    rows = register_rows(deps, actor, command)
    from core.reports.exports import to_csv, to_pdf, to_xlsx  # the writers: only when asked

    if fmt is ExportFormat.CSV:
        content = await to_csv(titles(tr), rows, tr)
    elif fmt is ExportFormat.XLSX:
        content = await to_xlsx(titles(tr), rows, heading)
    else:
        content = await to_pdf(titles(tr), rows, tr, deps.profile, heading)
    stem = tr.gettext("register")
    name = f"{stem}-{suffix}.{fmt.value}".replace("..", "_")
    return ReportFile(name, fmt.media_type, content)
