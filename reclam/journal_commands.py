"""``reclam journal``: check that the complaints journal was not rewritten (``verify``:
exit code 0 when intact, 1 naming the first event that is not as recorded), and anchor it
now (``anchor``: the scheduled work does it each night)."""

from __future__ import annotations

from typing import Annotated

import typer

from core.i18n import Translator
from core.reports.journal_report import finding_line, verdict
from core.usecases.anchor_journal import anchor_journal
from core.usecases.verify_journal import verify_journal
from reclam.bootstrap import App
from reclam.running import run_with_app

journal_app = typer.Typer(help="The complaints journal and its seal.", no_args_is_help=True)


@journal_app.command("verify")
def journal_verify(
    reference: Annotated[
        str | None, typer.Option("--reference", help="Check only this complaint's events")
    ] = None,
) -> None:
    """Recompute the journal's chains and anchors: exit code 0 when intact, 1 otherwise."""

    async def work(application: App, tr: Translator) -> bool:
        report = await verify_journal(application.deps.uow, reference)
        typer.echo(verdict(tr, report), err=not report.intact)
        for finding in report.findings[1:]:
            typer.echo(finding_line(tr, finding), err=True)
        return report.intact

    if not run_with_app(work):
        raise typer.Exit(1)


@journal_app.command("anchor")
def journal_anchor() -> None:
    """Anchor every complaint's last event now, and print the anchor to keep outside."""

    async def work(application: App, tr: Translator) -> None:
        anchor = await anchor_journal(application.deps)
        typer.echo(
            tr.gettext(
                "Journal anchored on {date}: sha256 {hash}",
                date=tr.datetime(anchor.created_at, "short"),
                hash=anchor.hash,
            )
        )

    run_with_app(work)
