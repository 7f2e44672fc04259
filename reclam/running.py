"""Run a command's work against a bootstrapped application, with clear errors."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer

from core.domain.errors import DomainError
from core.i18n import Translator
from reclam.bootstrap import App, bootstrap
from reclam.settings import Settings

T = TypeVar("T")


def run_with_app(
    work: Callable[[App, Translator], Awaitable[T]],
    settings: Settings | None = None,
    refusal_code: int = 1,
) -> T:
    """Run ``work``; a refusal (a domain error) is one line on standard error and exits
    with ``refusal_code``, after the transaction was rolled back."""
    settings = settings or Settings()

    async def main() -> T:
        application = await bootstrap(settings)
        tr = Translator(settings.language, application.deps.profile.timezone)
        try:
            return await work(application, tr)
        except DomainError as error:
            typer.echo(tr.error(error), err=True)
            raise typer.Exit(refusal_code) from error
        finally:
            await application.close()

    try:
        return asyncio.run(main())
    except DomainError as error:  # the profile refused at start-up
        typer.echo(Translator(settings.language).error(error), err=True)
        raise typer.Exit(2) from error
