"""Setup mistakes told in one sentence that says how to fix them, in the school's
language, with exit code 2: a malformed setting, a database that cannot be reached or
opened, a bot token Telegram refuses, Telegram out of reach. Real bugs keep their
traceback (in the log)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TypeVar

import typer
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, OperationalError

from bots.service import BotRefused, TelegramUnreachable
from core.i18n import Translator
from reclam.bootstrap import FilesFolderUnusable

log = logging.getLogger(__name__)
T = TypeVar("T")


def _language() -> str:
    return os.environ.get("RECLAM_LANGUAGE", "fr") or "fr"


def _setting(error: ValidationError, tr: Translator) -> str:
    first = error.errors()[0]
    name = "RECLAM_" + str(first["loc"][0]).upper() if first.get("loc") else "RECLAM_…"
    return tr.gettext(
        "The setting {name} is not valid ({value}): correct it in the .env file or the "
        "environment.",
        name=name,
        value=repr(first.get("input", ""))[:60],
    )


def _database(error: Exception, tr: Translator) -> str:
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:160]
    return tr.gettext(
        "The database cannot be reached or opened ({reason}): check RECLAM_DATABASE_URL, "
        "that the server is running and that the folder exists and is writable.",
        reason=reason,
    )


class SetupMistake(Exception):
    """A setup mistake a command found itself, told as it is (one sentence)."""


def token_refused(tr: Translator) -> str:
    return tr.gettext(
        "Telegram refuses the bot token (RECLAM_BOT_TOKEN): copy it again from "
        "@BotFather (/mybots, API Token)."
    )


def telegram_unreachable(tr: Translator, url: str) -> str:
    return tr.gettext(
        "Telegram cannot be reached at {url}: check the network, or RECLAM_TELEGRAM_API_URL.",
        url=url,
    )


def _explained(error: Exception, tr: Translator) -> str | None:
    """The sentence for a setup mistake; None for anything else (a bug)."""
    if isinstance(error, SetupMistake):
        return str(error)
    if isinstance(error, ValidationError):
        return _setting(error, tr)
    if isinstance(error, FilesFolderUnusable):
        return tr.gettext(
            "The files folder {folder} (RECLAM_FILES_DIR) cannot be created or written in: "
            "create it and let the user Reclam runs as write there.",
            folder=error.folder,
        )
    if isinstance(error, OperationalError | DBAPIError | ConnectionRefusedError):
        return _database(error, tr)
    if isinstance(error, OSError) and error.errno is not None:
        return _database(error, tr)
    if isinstance(error, BotRefused):
        return token_refused(tr)
    if isinstance(error, TelegramUnreachable):
        return telegram_unreachable(tr, error.url)
    return None


def told(command: Callable[[], T]) -> T:
    """Run the command line; a setup mistake is one line on standard error, exit code 2."""
    try:
        return command()
    except Exception as error:
        sentence = _explained(error, Translator(_language()))
        if sentence is None:
            raise
        log.debug("setup error", exc_info=error)
        typer.echo(sentence, err=True)
        raise SystemExit(2) from error
