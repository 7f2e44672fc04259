"""``reclam outbox``: the messages and emails that still failed after their retries, and
sending them again once the cause is fixed (a blocked bot unblocked, a mail server back)."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import select, update

from core.i18n import Translator
from core.persistence.tables import outbox
from reclam.bootstrap import App
from reclam.running import run_with_app

outbox_app = typer.Typer(help="The outbox: what could not be delivered.", no_args_is_help=True)


@outbox_app.command("failed")
def outbox_failed(
    retry: Annotated[
        bool, typer.Option("--retry", help="Queue every listed delivery again")
    ] = False,
) -> None:
    """List the deliveries given up after their retries, oldest first (with --retry,
    queue them all again once the cause is fixed)."""

    async def work(application: App, tr: Translator) -> None:
        query = select(outbox).where(outbox.c.status == "failed").order_by(outbox.c.id)
        async with application.engine.connect() as connection:
            rows = (await connection.execute(query)).mappings().all()
        if not rows:
            typer.echo(tr.gettext("No failed delivery."))
        for row in rows:
            when = tr.datetime(row["created_at"], "short")
            about = row["payload"].get("reference") if isinstance(row["payload"], dict) else None
            typer.echo(
                f"#{row['id']:<6} {when}  {row['channel']}:{row['recipient']:<14} "
                f"{row['method']:<14} {about or '—':<12} {(row['error'] or '')[:80]}"
            )
        if retry and rows:
            count = await _queue_again(application, [row["id"] for row in rows])
            typer.echo(_queued(tr, count))

    run_with_app(work)


async def _queue_again(application: App, ids: list[int]) -> int:
    now = application.deps.clock.now()
    statement = (
        update(outbox)
        .where(outbox.c.id.in_(ids), outbox.c.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=now, sent_at=None)
    )
    async with application.engine.begin() as connection:
        return int((await connection.execute(statement)).rowcount)


def _queued(tr: Translator, count: int) -> str:
    return tr.ngettext("{n} delivery queued again.", "{n} deliveries queued again.", count)


@outbox_app.command("retry")
def outbox_retry(
    ids: Annotated[list[int], typer.Argument(help="The failed deliveries' numbers")],
) -> None:
    """Queue failed deliveries again; the running bot sends them within a few seconds."""

    async def work(application: App, tr: Translator) -> None:
        typer.echo(_queued(tr, await _queue_again(application, ids)))

    run_with_app(work)
