"""The python-telegram-bot 22 adapter: updates in as raw JSON to the engine; BotApi out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, ContextTypes, TypeHandler
from telegram.request import HTTPXRequest

from bots.shared_calls import SharedCalls
from core.delivery.outbox import ButtonRows, Rejected, RetryLater, TransientFailure, Unreachable


def _markup(buttons: ButtonRows) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


async def _translated(call: Awaitable[Any]) -> Any:
    try:
        return await call
    except RetryAfter as error:
        wait = error.retry_after
        raise RetryLater(
            wait.total_seconds() if isinstance(wait, dt.timedelta) else wait
        ) from error
    except Forbidden as error:
        raise Unreachable(error.message) from error
    except BadRequest as error:
        if "not modified" in error.message.lower():
            return None
        if "chat not found" in error.message.lower():
            raise Unreachable(error.message) from error
        raise Rejected(error.message) from error
    except (TimedOut, NetworkError) as error:
        raise TransientFailure(error.message) from error


class PtbBotApi(SharedCalls):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def translated(self, call: Awaitable[Any]) -> Any:
        return await _translated(call)

    def markup(self, buttons: ButtonRows) -> InlineKeyboardMarkup | None:
        return _markup(buttons)

    def upload(self, content: bytes, filename: str) -> Any:
        return InputFile(content, filename=filename)

    def reply_parameters(self, message_id: int) -> ReplyParameters:
        return ReplyParameters(message_id)


def make_bot(token: str, api_url: str, timeout: float = 5.0) -> Bot:
    """A bare Bot (no polling application), for sending only."""
    request = HTTPXRequest(read_timeout=timeout, write_timeout=timeout, connect_timeout=timeout)
    return Bot(
        token, base_url=f"{api_url}/bot", base_file_url=f"{api_url}/file/bot", request=request
    )


def make_application(
    token: str, api_url: str, receive: Callable[[dict[str, Any]], Awaitable[None]]
) -> Application:  # type: ignore[type-arg]
    """An application that hands every update, as raw JSON, to ``receive``; nothing else."""
    application = (
        Application.builder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .concurrent_updates(True)
        .build()
    )

    async def intake(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await receive(update.to_dict())

    application.add_handler(TypeHandler(Update, intake))
    return application
