"""``reclam plan export``: the improvement plan as a file, for the quality meeting and the
auditor (every action, confidential complaints' included)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.domain.journal import Actor
from core.domain.periods import parse_period
from core.i18n import Translator
from core.reports.formats import ExportFormat
from core.reports.plan_file import plan_file
from core.usecases.build_improvement_plan import BuildImprovementPlan
from reclam.bootstrap import App
from reclam.running import run_with_app

plan_app = typer.Typer(help="The improvement plan.", no_args_is_help=True)


@plan_app.command("export")
def plan_export(
    output: Annotated[Path, typer.Option(help="The file to write")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv, xlsx or pdf")] = (
        ExportFormat.PDF
    ),
    period: Annotated[
        str | None, typer.Option(help="The actions alive in it: 2026, 2026-11, 2026-09..2026-11")
    ] = None,
) -> None:
    """Export the improvement plan: every action from the complaints and the quality
    meetings, its status, result and effectiveness check."""

    async def work(application: App, tr: Translator) -> None:
        command = BuildImprovementPlan(parse_period(period) if period else None)
        file = await plan_file(application.deps, Actor.system(), command, fmt, tr.language)
        output.write_bytes(file.content)
        typer.echo(tr.gettext("Improvement plan written to {path}.", path=str(output)))

    run_with_app(work)
