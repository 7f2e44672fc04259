"""The ``reclam`` command line."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from core import wording
from core.domain.enums import Role, Status
from core.domain.errors import DomainError
from core.domain.journal import Actor
from core.i18n import Translator
from core.persistence.engine import create_engine
from core.persistence.migrate import upgrade
from core.reports.timeline import timeline
from core.usecases.add_staff_member import AddStaffMember, add_staff_member
from core.usecases.list_complaints import ALL_STATUSES, list_complaints
from core.usecases.remove_staff_member import RemoveStaffMember, remove_staff_member
from core.usecases.view_complaint import view_complaint
from reclam.bootstrap import App, bootstrap
from reclam.settings import Settings

T = TypeVar("T")
app = typer.Typer(
    help="Reclam: complaint handling for driving schools, on Telegram.", no_args_is_help=True
)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
staff_app = typer.Typer(help="The staff directory.", no_args_is_help=True)
complaints_app = typer.Typer(help="Complaints.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(staff_app, name="staff")
app.add_typer(complaints_app, name="complaints")


def _run(work: Callable[[App, Translator], Awaitable[T]], settings: Settings | None = None) -> T:
    settings = settings or Settings()

    async def main() -> T:
        application = await bootstrap(settings)
        tr = Translator(settings.language, application.deps.profile.timezone)
        try:
            return await work(application, tr)
        except DomainError as error:
            typer.echo(tr.error(error), err=True)
            raise typer.Exit(1) from error
        finally:
            await application.close()

    try:
        return asyncio.run(main())
    except DomainError as error:  # the profile refused at start-up
        typer.echo(Translator(settings.language).error(error), err=True)
        raise typer.Exit(2) from error


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations."""
    settings = Settings()

    async def main() -> None:
        engine = create_engine(settings.database_url)
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(main())
    typer.echo(Translator(settings.language).gettext("The database is up to date."))


@staff_app.command("add")
def staff_add(
    telegram_id: Annotated[int, typer.Option(help="The member's Telegram user id")],
    name: Annotated[str, typer.Option(help="Full name")],
    role: Annotated[Role, typer.Option(help="manager, agent or instructor")],
) -> None:
    """Add a member to the staff directory (or update them)."""

    async def work(application: App, tr: Translator) -> None:
        member = await add_staff_member(
            application.deps, Actor.system(), AddStaffMember(telegram_id, name, role)
        )
        typer.echo(f"{member.name} ({wording.role(tr, member.role)}) #{member.telegram_id}")

    _run(work)


@staff_app.command("list")
def staff_list(
    all_: Annotated[bool, typer.Option("--all", help="Include former staff")] = False,
) -> None:
    """List the staff directory."""

    async def work(application: App, tr: Translator) -> None:
        async with application.deps.uow() as uow:
            members = await uow.staff.list(active_only=not all_)
        for m in members:
            state = "" if m.active else " — " + tr.gettext("inactive")
            typer.echo(f"{m.telegram_id:>12}  {m.name:<30} {wording.role(tr, m.role)}{state}")

    _run(work)


@staff_app.command("remove")
def staff_remove(telegram_id: Annotated[int, typer.Option(help="Telegram user id")]) -> None:
    """Deactivate a staff member (their history is kept)."""

    async def work(application: App, tr: Translator) -> None:
        member = await remove_staff_member(
            application.deps, Actor.system(), RemoveStaffMember(telegram_id)
        )
        typer.echo(tr.gettext("{name} removed from the staff directory.", name=member.name))

    _run(work)


@complaints_app.command("list")
def complaints_list(
    all_: Annotated[bool, typer.Option("--all", help="Closed ones too")] = False,
) -> None:
    """List complaints, the most urgent first."""

    async def work(application: App, tr: Translator) -> None:
        statuses = ALL_STATUSES if all_ else frozenset(s for s in Status if s.is_open)
        for c in await list_complaints(application.deps, Actor.system(), statuses):
            due = c.answer_by or c.acknowledge_by
            priority = c.evaluation.priority.label if c.evaluation else "--"
            typer.echo(
                f"{c.reference}  {priority}  {wording.status(tr, c.status):<16} "
                f"{tr.date(due, 'short') if due else '':<10}  {c.subject}"
            )

    _run(work)


@complaints_app.command("show")
def complaints_show(reference: str) -> None:
    """Show a complaint and its journal as a timeline."""

    async def work(application: App, tr: Translator) -> None:
        found = await view_complaint(application.deps, Actor.system(), reference)
        c = found.complaint
        typer.echo(f"{c.reference} — {c.subject}")
        typer.echo(tr.gettext("Status: {status}", status=wording.status(tr, c.status)))
        if found.client:
            typer.echo(tr.gettext("Client: {name}", name=found.client.display_name))
        typer.echo("")
        for line in timeline(tr, found.journal):
            typer.echo(line)

    _run(work)


@app.command("demo")
def demo(
    database: Annotated[Path, typer.Option(help="SQLite file, recreated")] = Path("demo.db"),
    framework: Annotated[str, typer.Option(help="aiogram or ptb")] = "aiogram",
) -> None:
    """File a complaint in a Telegram chat against the built-in emulator, handle it to the
    end through the use cases, and print the transcript and the timeline."""
    from core.profile import DEMO
    from reclam.demo import run_demo

    if framework not in ("aiogram", "ptb"):
        raise typer.BadParameter("aiogram or ptb", param_hint="--framework")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    reference = asyncio.run(run_demo(database, framework, typer.echo))  # type: ignore[arg-type]
    typer.echo(
        f"\nRECLAM_DATABASE_URL=sqlite:///{database} RECLAM_PROFILE={DEMO} "
        f"reclam complaints show {reference}"
    )


@app.command("run")
def run() -> None:
    """Serve the bot (polling) with the framework chosen by RECLAM_FRAMEWORK."""
    import logging
    import signal

    from bots.service import running_bot

    settings = Settings()
    missing = [
        name
        for name, value in (
            ("RECLAM_BOT_TOKEN", settings.bot_token),
            ("RECLAM_STAFF_CHAT_ID", settings.staff_chat_id),
        )
        if value is None
    ]
    if missing:
        tr = Translator(settings.language)
        typer.echo(tr.gettext("Missing setting(s): {names}", names=", ".join(missing)), err=True)
        raise typer.Exit(2)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )

    async def serve(application: App, tr: Translator) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        assert settings.bot_token is not None
        async with running_bot(
            application.deps, settings.framework, settings.bot_token, settings.telegram_api_url
        ) as running:
            typer.echo(
                tr.gettext(
                    "@{username} is serving ({framework}).",
                    username=running.username,
                    framework=settings.framework,
                )
            )
            await stop.wait()

    _run(serve, settings)


@app.command("emulator")
def emulator(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1")] = 8081,
    token: Annotated[str, typer.Option(help="The bot token it accepts")] = "123456789:EMULATOR",
) -> None:
    """Run the local Telegram Bot API emulator until interrupted."""
    from bots.emulator.people import Emulator

    async def main() -> None:
        async with Emulator(port=port) as running:
            running.bot(token)
            typer.echo(f"RECLAM_TELEGRAM_API_URL={running.base_url} RECLAM_BOT_TOKEN={token}")
            await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


def main() -> None:
    app()
