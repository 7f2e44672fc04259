"""The python-telegram-bot 22 adapter: updates in as raw JSON to the engine; BotApi out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    ReplyParameters,
)
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import BaseRequest, HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter  # how PTB encodes values

from bots.shared_calls import SharedCalls
from bots.telegram.delivery.bot_api import ButtonRows
from core.outbox import Rejected, RetryLater, TransientFailure, Unreachable


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
    except TelegramError as error:  # e.g. "Invalid server response": not JSON
        raise TransientFailure(error.message) from error


class PtbBotApi(SharedCalls):
    def __init__(self, bot: Bot, polling: BaseRequest | None = None) -> None:
        self.bot = bot
        self.polling = polling or HTTPXRequest()

    async def translated(self, call: Awaitable[Any]) -> Any:
        return await _translated(call)

    def markup(self, buttons: ButtonRows) -> InlineKeyboardMarkup | None:
        return _markup(buttons)

    def upload(self, content: bytes, filename: str) -> Any:
        return InputFile(content, filename=filename)

    def reply_parameters(self, message_id: int) -> ReplyParameters:
        return ReplyParameters(message_id)

    def command(self, name: str, description: str) -> BotCommand:
        return BotCommand(name, description)

    def scope(self, chat_id: int | None) -> BotCommandScopeAllPrivateChats | BotCommandScopeChat:
        if chat_id is None:
            return BotCommandScopeAllPrivateChats()
        return BotCommandScopeChat(chat_id)

    async def download_file(self, file_id: str) -> bytes:
        file = await self.translated(self.bot.get_file(file_id))
        if not file.file_path:
            raise Rejected("getFile gave no file path")
        return bytes(await self.translated(file.download_as_bytearray()))

    async def fetch_updates(self, offset: int, wait: int) -> list[dict[str, Any]]:
        """``getUpdates`` as raw JSON, through the bot's own polling connection: PTB does
        not parse the updates, so an update of a newer Bot API than the installed PTB
        cannot stop the bot."""
        values = {"offset": offset, "timeout": wait} if offset else {"timeout": wait}
        data = RequestData([RequestParameter.from_input(k, v) for k, v in values.items()])
        updates = await self.translated(
            self.polling.post(f"{self.bot.base_url}/getUpdates", data, read_timeout=wait + 10)
        )
        return [u for u in updates if isinstance(u, dict)] if isinstance(updates, list) else []


def make_bot(
    token: str, api_url: str, timeout: float = 5.0, polling: BaseRequest | None = None
) -> Bot:
    """A bare Bot: no polling application (Reclam polls itself, see bots/polling.py).
    Long polling has a connection of its own, so it never holds up a message."""
    request = HTTPXRequest(
        connection_pool_size=64,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
    )
    return Bot(
        token,
        base_url=f"{api_url}/bot",
        base_file_url=f"{api_url}/file/bot",
        request=request,
        get_updates_request=polling or HTTPXRequest(connect_timeout=timeout),
    )
