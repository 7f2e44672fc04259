"""The aiogram 3 adapter: updates in as raw JSON to the engine; BotApi calls out."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, ClassVar

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods.base import Response, TelegramMethod
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
)
from aiohttp import ClientError

from bots.shared_calls import SharedCalls
from bots.telegram.delivery.bot_api import ButtonRows
from core.outbox import Rejected, RetryLater, TransientFailure, Unreachable


class _Session(AiohttpSession):
    """aiogram reads each answer into ``Response[the method's result]``, a generic pydantic
    model that pydantic caches only weakly: once the collector drops it, the next call of
    that method builds it again (about 5 ms, over a tenth of the pipeline's time in a
    profile of 20 filing clients). The session keeps each one it has used alive."""

    def __init__(self, api: TelegramAPIServer, timeout: float) -> None:
        super().__init__(api=api, timeout=timeout)
        self._responses: dict[Any, Any] = {}

    def check_response(
        self, bot: Bot, method: TelegramMethod[Any], status_code: int, content: str
    ) -> Response[Any]:
        returning = method.__returning__
        if returning not in self._responses:
            self._responses[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


def make_bot(token: str, api_url: str, timeout: float = 60.0) -> Bot:
    session = _Session(api=TelegramAPIServer.from_base(api_url), timeout=timeout)
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode="HTML"))


def _markup(buttons: ButtonRows) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


async def _translated(call: Awaitable[Any]) -> Any:
    try:
        return await call
    except TelegramRetryAfter as error:
        raise RetryLater(error.retry_after) from error
    except TelegramForbiddenError as error:
        raise Unreachable(error.message) from error
    except TelegramBadRequest as error:
        if "message is not modified" in error.message or "TOPIC_NOT_MODIFIED" in error.message:
            return None
        if "chat not found" in error.message:
            raise Unreachable(error.message) from error
        raise Rejected(error.message) from error
    except (TelegramServerError, TelegramNetworkError, TimeoutError) as error:
        raise TransientFailure(str(error)) from error
    except ClientDecodeError as error:
        if isinstance(error.data, str):  # not JSON: a proxy's error page, say
            raise TransientFailure(f"not a Bot API answer: {error.data[:200]!r}") from error
        raise Rejected(f"an answer the library cannot read: {error}") from error


class GetRawUpdates(TelegramMethod[list[dict[str, Any]]]):
    """``getUpdates`` answered as raw JSON: aiogram does not parse the updates, so an
    update of a newer Bot API than the installed aiogram cannot stop the bot."""

    __returning__: ClassVar[Any] = list[dict[str, Any]]
    __api_method__: ClassVar[str] = "getUpdates"

    offset: int | None = None
    timeout: int | None = None


class AiogramBotApi(SharedCalls):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def translated(self, call: Awaitable[Any]) -> Any:
        return await _translated(call)

    def markup(self, buttons: ButtonRows) -> InlineKeyboardMarkup | None:
        return _markup(buttons)

    def upload(self, content: bytes, filename: str) -> Any:
        return BufferedInputFile(content, filename=filename)

    def reply_parameters(self, message_id: int) -> ReplyParameters:
        return ReplyParameters(message_id=message_id)

    def command(self, name: str, description: str) -> BotCommand:
        return BotCommand(command=name, description=description)

    def scope(self, chat_id: int | None) -> BotCommandScopeAllPrivateChats | BotCommandScopeChat:
        if chat_id is None:
            return BotCommandScopeAllPrivateChats()
        return BotCommandScopeChat(chat_id=chat_id)

    async def download_file(self, file_id: str) -> bytes:
        file = await self.translated(self.bot.get_file(file_id))
        if not file.file_path:
            raise Rejected("getFile gave no file path")
        try:
            buffer = await self.translated(self.bot.download_file(file.file_path))
        except (ClientError, TelegramNetworkError) as error:
            raise TransientFailure(f"download failed: {error}") from error
        return bytes(buffer.getvalue())

    async def fetch_updates(self, offset: int, wait: int) -> list[dict[str, Any]]:
        method = GetRawUpdates(offset=offset or None, timeout=wait)
        updates: list[dict[str, Any]] = await self.translated(
            self.bot(method, request_timeout=wait + 10)
        )
        return updates
