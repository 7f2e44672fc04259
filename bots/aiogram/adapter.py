"""The aiogram 3 adapter: updates in as raw JSON to the engine; BotApi calls out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
    TelegramObject,
    Update,
)

from bots.shared_calls import SharedCalls
from core.delivery.outbox import ButtonRows, Rejected, RetryLater, TransientFailure, Unreachable


def make_bot(token: str, api_url: str, timeout: float = 60.0) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url), timeout=timeout)
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


def make_dispatcher(receive: Callable[[dict[str, Any]], Awaitable[None]]) -> Dispatcher:
    """A dispatcher that hands every update, as raw JSON, to ``receive``; nothing else."""
    dispatcher = Dispatcher()

    async def intake(handler: Any, update: TelegramObject, data: dict[str, Any]) -> None:
        assert isinstance(update, Update)
        await receive(update.model_dump(mode="json", exclude_none=True, by_alias=True))

    dispatcher.update.outer_middleware(intake)
    return dispatcher
