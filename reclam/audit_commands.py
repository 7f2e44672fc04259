"""``reclam procedure`` and ``reclam audit``: the written procedure, and the archive the
school hands its auditor."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.domain.errors import N_, InvalidInput, NotFound
from core.domain.journal import Actor
from core.domain.periods import Period, parse_period
from core.i18n import Translator
from core.usecases.common import Deps
from core.usecases.write_procedure import write_procedure
from reclam.bootstrap import App
from reclam.running import run_with_app


def procedure(
    output: Annotated[Path, typer.Option(help="The PDF file to write")],
    language: Annotated[str, typer.Option(help="fr (the school's) or en")] = "fr",
) -> None:
    """Write the school's complaint procedure from its profile and the software's rules;
    each new version is kept with its date."""

    async def work(application: App, tr: Translator) -> None:
        written = await write_procedure(application.deps, Actor.system(), language)
        output.write_bytes(written.content)
        typer.echo(
            tr.gettext(
                "Procedure version {version} of {date} written to {path}.",
                version=written.version,
                date=tr.date(written.since),
                path=str(output),
            )
        )

    run_with_app(work)


def _period(year: int | None, period: str | None) -> Period:
    if (year is None) == (period is None):
        raise InvalidInput(N_("Give either --year or --period."))
    return parse_period(str(year) if year is not None else str(period))


async def _manager(deps: Deps, name: str | None) -> Actor:
    """The staff member the command acts for: the one named, checked against the staff
    directory (the core decides what their role allows); the system when none is named."""
    if name is None:
        return Actor.system()
    async with deps.uow() as uow:
        members = await uow.staff.list(active_only=True)
    wanted = " ".join(name.split()).casefold()
    found = [m for m in members if m.id and " ".join(m.name.split()).casefold() == wanted]
    if len(found) != 1:
        raise NotFound(N_("No current staff member is named {name}."), name=name)
    member = found[0]
    assert member.id is not None
    return Actor.staff(member.id, member.role, member.name)


def audit(  # noqa: PLR0913  (the command's options)
    output: Annotated[Path, typer.Option(help="The zip file to write")],
    year: Annotated[int | None, typer.Option(help="The year: 2026")] = None,
    period: Annotated[
        str | None, typer.Option(help="Or a period: 2026-09..2026-11, 2026-01-01..2026-06-30")
    ] = None,
    include_confidential: Annotated[
        bool,
        typer.Option(
            "--include-confidential",
            help="Hand over the confidential complaints in full (a manager only: --manager)",
        ),
    ] = False,
    manager: Annotated[
        str | None, typer.Option(help="The manager who hands it over, as in the staff directory")
    ] = None,
    language: Annotated[str, typer.Option(help="fr (the school's) or en")] = "fr",
) -> None:
    """Write the audit archive: an index PDF mapping each requirement (Qualiopi 30-32,
    L612-1/L612-2, L616-1, ISO 10002 §8-9, GDPR retention) to its evidence, and the
    evidence: procedure, register, packs, plan, meetings, letters, surveys."""
    from core.reports.audit_bundle import BuildAuditBundle, audit_bundle

    async def work(application: App, tr: Translator) -> None:
        deps = application.deps
        command = BuildAuditBundle(_period(year, period), language, include_confidential)
        if include_confidential and manager is None:
            raise InvalidInput(
                N_("--include-confidential needs --manager: the manager who hands them over.")
            )
        actor = await _manager(deps, manager)
        file = await audit_bundle(deps, actor, command)
        output.write_bytes(file.content)
        typer.echo(tr.gettext("Audit archive written to {path}.", path=str(output)))

    run_with_app(work)
