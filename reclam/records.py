"""The command line's records: the register, the quality-meeting pack, clients' personal
data, and the scheduled work."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bots.telegram.identity import account
from core.domain.enums import Status
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter, parse_period
from core.i18n import Translator
from core.reports.formats import ExportFormat
from core.reports.pack_file import PackFormat, pack_file
from core.reports.register_file import register_file
from core.usecases.export_register import ExportRegister
from reclam.bootstrap import App
from reclam.running import run_with_app
from reclam.settings import Settings

register_app = typer.Typer(help="The complaints register.", no_args_is_help=True)
clients_app = typer.Typer(help="Clients' personal data.", no_args_is_help=True)


@register_app.command("export")
def register_export(
    output: Annotated[Path, typer.Option(help="The file to write")],
    period: Annotated[str | None, typer.Option(help="2026-11, 2026-09..2026-11…")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv, xlsx or pdf")] = (
        ExportFormat.XLSX
    ),
    status: Annotated[list[Status] | None, typer.Option(help="Only these statuses")] = None,
    category: Annotated[str | None, typer.Option(help="A category code")] = None,
    instructor: Annotated[
        int | None, typer.Option(help="A person concerned, by Telegram id")
    ] = None,
) -> None:
    """Export the complaints register (every complaint, confidential ones included)."""

    async def work(application: App, tr: Translator) -> None:
        deps = application.deps
        staff_id = None
        if instructor is not None:
            async with deps.uow() as uow:
                member = await uow.staff.by_chat(account(instructor))
            staff_id = member.id if member else -1
        f = ComplaintFilter(
            parse_period(period) if period else None,
            frozenset(status) if status else None,
            category,
            staff_id,
        )
        command = ExportRegister(f, tr.language)
        file = await register_file(deps, Actor.system(), command, fmt)
        output.write_bytes(file.content)
        typer.echo(tr.gettext("Register written to {path}.", path=str(output)))

    run_with_app(work)


def report(
    period: Annotated[str, typer.Option(help="2026-11, 2026-09..2026-11…")],
    output: Annotated[Path, typer.Option(help="The file to write")],
    fmt: Annotated[PackFormat, typer.Option("--format", help="pdf, json or csv")] = (
        PackFormat.PDF
    ),
) -> None:
    """Build the quality-meeting pack for a period."""

    async def work(application: App, tr: Translator) -> None:
        file = await pack_file(
            application.deps, Actor.system(), parse_period(period), fmt, tr.language
        )
        output.write_bytes(file.content)
        typer.echo(tr.gettext("Quality meeting pack written to {path}.", path=str(output)))

    run_with_app(work)


@clients_app.command("erase")
def clients_erase(reference: str) -> None:
    """Erase the personal data of the client of complaint REFERENCE (all their complaints
    must be closed or withdrawn); the register keeps anonymous rows."""
    from bots.telegram.staff.data_commands import client_of
    from core.usecases.anonymise_client import AnonymiseClient, anonymise_client

    async def work(application: App, tr: Translator) -> None:
        deps = application.deps
        command = AnonymiseClient(await client_of(deps, reference.upper()), "manager")
        count = await anonymise_client(deps, Actor.system(), command)
        typer.echo(
            tr.ngettext(
                "The client's personal data is erased ({n} complaint kept, anonymised).",
                "The client's personal data is erased ({n} complaints kept, anonymised).",
                count,
            )
        )

    run_with_app(work)


def tick(
    batch: Annotated[int, typer.Option(help="Items claimed at a time")] = 100,
) -> None:
    """Do the scheduled work that is due now (reminders, escalations, survey time-outs),
    then return; for cron, or to catch up. `reclam run` ticks by itself."""
    from bots.telegram.scheduling.handlers import WorkHandlers
    from core.scheduling.planner import planner_for
    from core.scheduling.ticker import Ticker

    settings = Settings()

    async def work(application: App, tr: Translator) -> None:
        deps = application.deps
        handler = WorkHandlers(settings.staff_chat_id, settings.language)
        ticker = Ticker(deps, handler, batch=batch, periodic=planner_for(deps.profile).periodic)
        done = await ticker.until_idle()
        typer.echo(tr.ngettext("{n} scheduled item done.", "{n} scheduled items done.", done))

    run_with_app(work, settings)
