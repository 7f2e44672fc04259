"""The commands that serve Telegram: the demo, the bot itself and the emulator."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from core.i18n import Translator
from reclam.bootstrap import App
from reclam.running import run_with_app
from reclam.settings import Settings

if TYPE_CHECKING:
    from bots.service import Running
    from core.persistence.advisory import SessionLock


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


def settings_to_serve() -> Settings:
    """The settings ``reclam run`` needs, or one line per problem and exit code 2."""
    try:
        settings = Settings()
    except ValidationError as invalid:
        tr = Translator(os.environ.get("RECLAM_LANGUAGE", "fr"))
        for error in invalid.errors():
            name = "RECLAM_" + "_".join(str(part) for part in error["loc"]).upper()
            reason = error["msg"].removeprefix("Value error, ")
            line = tr.gettext("Invalid setting {name}: {reason}", name=name, reason=reason)
            typer.echo(line, err=True)
        raise typer.Exit(2) from invalid
    webhook = settings.webhook_url is not None
    required = (
        ("RECLAM_BOT_TOKEN", settings.bot_token),
        ("RECLAM_WEBHOOK_SECRET", settings.webhook_secret if webhook else ""),
        ("RECLAM_HTTP_PORT", settings.http_port if webhook else 0),
    )
    missing = [name for name, value in required if value is None]
    if missing:
        tr = Translator(settings.language)
        typer.echo(tr.gettext("Missing setting(s): {names}", names=", ".join(missing)), err=True)
        raise typer.Exit(2)
    return settings


def run() -> None:
    """Serve the bot (polling) with the framework chosen by RECLAM_FRAMEWORK."""
    import gc
    import signal

    from bots.service import ServeOptions, running_bot
    from reclam.bootstrap import rate_limits, transports
    from reclam.logs import configure_logging
    from reclam.single import AlreadyServed, alone_on

    settings = settings_to_serve()
    configure_logging(settings.log_level, settings.log_format, settings.log_libraries_level)

    async def serve(application: App, tr: Translator) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        assert settings.bot_token is not None
        options = ServeOptions(
            rate_limits(settings),
            transports(settings, application.deps),
            settings.language,
            settings.tick_seconds,
            webhook=(settings.webhook_url, settings.webhook_secret or "")
            if settings.webhook_url
            else None,
            outbox_leader=outbox_leader(application),
        )
        async with (
            running_bot(
                application.deps,
                settings.framework,
                settings.bot_token,
                settings.telegram_api_url,
                settings.staff_chat_id,
                options,
            ) as running,
            http_side(settings, application, running),
        ):
            # what start-up built lives as long as the process: out of the collector's
            # way, so that its full passes stay short while clients are served
            gc.collect()
            gc.freeze()
            typer.echo(
                tr.gettext(
                    "@{username} is serving ({framework}).",
                    username=running.username,
                    framework=settings.framework,
                )
            )
            await stop.wait()

    try:
        with alone_on(settings.database_url):
            checked_at_start(settings)
            run_with_app(serve, settings)
    except AlreadyServed as served:
        message = Translator(settings.language).gettext(
            "Another reclam run already serves the SQLite database {path}: SQLite takes one "
            "process at a time (use PostgreSQL to run several).",
            path=str(served.path),
        )
        typer.echo(message, err=True)
        raise typer.Exit(2) from served


#: the advisory lock (PostgreSQL's two-key form) of the replica that drains the outbox:
#: ``outb`` in ASCII, then 0
OUTBOX_LOCK = (0x6F757462, 0)


def outbox_leader(application: App) -> SessionLock | None:
    """On PostgreSQL, where replicas may share the database, the lock whose holder alone
    sends; SQLite serves a single process, which sends."""
    from core.persistence.advisory import SessionLock

    if application.engine.dialect.name != "postgresql":
        return None
    return SessionLock(application.engine, *OUTBOX_LOCK)


def checked_at_start(settings: Settings) -> None:
    """reclam doctor's checks: a fatal problem is its one line and exit code 2; the others
    go to the log as warnings."""
    import logging

    from reclam.doctor import start_checks

    fatal, others = asyncio.run(start_checks(settings))
    if fatal is not None:
        typer.echo(fatal.text, err=True)
        raise typer.Exit(2)
    for check in others:
        logging.getLogger("reclam.doctor").warning("%s", check.text)


@contextlib.asynccontextmanager
async def http_side(settings: Settings, application: App, running: Running) -> AsyncIterator[None]:
    """/healthz, /readyz and /metrics on RECLAM_HTTP_HOST:RECLAM_HTTP_PORT, when a port is
    set."""
    if settings.http_port is None:
        yield
        return
    from reclam.http.health import BotApiProbe, Readiness
    from reclam.http.server import HttpServer, serving_http

    readiness = Readiness(
        application.engine,
        application.deps.clock,
        BotApiProbe(running.api.get_me),
        settings.ready_outbox_lag_seconds,
    )
    server = HttpServer(readiness, running.alive)
    app = server.application()
    if settings.webhook_url:
        from urllib.parse import urlsplit

        from bots.webhook import WebhookReceiver

        receiver = WebhookReceiver(running.engine, settings.webhook_secret or "")
        app.router.add_post(urlsplit(settings.webhook_url).path or "/", receiver)
    async with serving_http(app, settings.http_host, settings.http_port):
        yield


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
