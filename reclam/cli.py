"""The ``reclam`` command line."""

from __future__ import annotations

import asyncio
from typing import Annotated, TypeVar

import typer

from bots.telegram.identity import account
from bots.telegram.identity import telegram_id as telegram_id_of
from core import wording
from core.domain.enums import Role, Status
from core.domain.journal import Actor
from core.i18n import Translator
from core.persistence.engine import create_engine
from core.reports.timeline import timeline
from core.usecases.add_staff_member import AddStaffMember, add_staff_member
from core.usecases.invite_staff_member import InviteStaffMember, invite_staff_member
from core.usecases.list_complaints import ALL_STATUSES, list_complaints
from core.usecases.remove_staff_member import RemoveStaffMember, remove_staff_member
from core.usecases.view_complaint import view_complaint
from reclam import (
    audit_commands,
    backup_commands,
    journal_commands,
    outbox_commands,
    plan_commands,
    recording,
    records,
    serving,
    setup_school,
)
from reclam.bootstrap import App
from reclam.migrate import upgrade
from reclam.running import run_with_app
from reclam.settings import Settings
from reclam.setup_errors import told

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
            application.deps, Actor.system(), AddStaffMember(account(telegram_id), name, role)
        )
        typer.echo(f"{member.name} ({wording.role(tr, member.role)}) #{telegram_id_of(member)}")

    run_with_app(work)


@staff_app.command("invite")
def staff_invite(
    role: Annotated[Role, typer.Option(help="manager, agent or instructor")],
    name: Annotated[str, typer.Option(help="First and last name, as the staff will see it")],
) -> None:
    """Print a colleague's personal link: opened in Telegram, it registers them with this
    role and name (once, within the profile's invitation_days)."""
    from reclam.bot_identity import bot_username
    from reclam.invitations import invitation_lines

    settings = Settings()
    username = asyncio.run(bot_username(settings))

    async def work(application: App, tr: Translator) -> None:
        invitation = await invite_staff_member(
            application.deps, Actor.system(), InviteStaffMember(name, role)
        )
        for line in invitation_lines(tr, application.deps, invitation, username):
            typer.echo(line)

    run_with_app(work, settings)


@staff_app.command("list")
def staff_list(
    all_: Annotated[bool, typer.Option("--all", help="Include former staff")] = False,
) -> None:
    """List the staff directory."""

    async def work(application: App, tr: Translator) -> None:
        async with application.deps.uow() as uow:
            members = await uow.staff.list(active_only=not all_)
        if not members:
            typer.echo(tr.gettext("Nobody is in the staff directory yet."))
        for m in members:
            state = "" if m.active else " — " + tr.gettext("inactive")
            typer.echo(
                f"{telegram_id_of(m) or '':>12}  {m.name:<30} {wording.role(tr, m.role)}{state}"
            )

    run_with_app(work)


@staff_app.command("remove")
def staff_remove(telegram_id: Annotated[int, typer.Option(help="Telegram user id")]) -> None:
    """Deactivate a staff member (their history is kept)."""

    async def work(application: App, tr: Translator) -> None:
        member = await remove_staff_member(
            application.deps, Actor.system(), RemoveStaffMember(account(telegram_id))
        )
        typer.echo(tr.gettext("{name} removed from the staff directory.", name=member.name))

    run_with_app(work)


@complaints_app.command("list")
def complaints_list(
    all_: Annotated[bool, typer.Option("--all", help="Closed ones too")] = False,
) -> None:
    """List complaints, the most urgent first."""

    async def work(application: App, tr: Translator) -> None:
        statuses = ALL_STATUSES if all_ else frozenset(s for s in Status if s.is_open)
        found = await list_complaints(application.deps, Actor.system(), statuses)
        if not found:
            typer.echo(
                tr.gettext("No complaint yet.") if all_ else tr.gettext("No open complaint.")
            )
        for c in found:
            due = c.answer_by or c.acknowledge_by
            priority = c.evaluation.priority.label if c.evaluation else "--"
            typer.echo(
                f"{c.reference}  {priority}  {wording.status(tr, c.status):<16} "
                f"{tr.date(due, 'short') if due else '':<10}  {c.subject}"
            )

    run_with_app(work)


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

    run_with_app(work)


complaints_app.command("record")(recording.record)
app.add_typer(records.register_app, name="register")
app.add_typer(records.clients_app, name="clients")
app.add_typer(outbox_commands.outbox_app, name="outbox")
app.add_typer(plan_commands.plan_app, name="plan")
app.add_typer(journal_commands.journal_app, name="journal")
app.command("report")(records.report)
app.command("tick")(records.tick)
app.command("procedure")(audit_commands.procedure)
app.command("audit")(audit_commands.audit)
app.command("demo")(serving.demo)
app.command("run")(serving.run)
app.command("emulator")(serving.emulator)
app.command("init")(setup_school.init)
app.command("backup")(backup_commands.backup)
app.command("restore")(backup_commands.restore)


@app.command("doctor")
def doctor() -> None:
    """Check everything reclam run needs: one line each, exit code 0 when all is right."""
    from reclam.doctor import all_checks

    checks = asyncio.run(all_checks(Settings()))
    for check in checks:
        typer.echo(check.line())
    if not all(check.ok for check in checks):
        raise typer.Exit(2)


def main() -> None:
    told(app)
