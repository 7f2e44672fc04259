"""A BotApi that waits for the rate limiter before each call that sends or edits a message."""

from __future__ import annotations

from bots.telegram.commands import Menu
from bots.telegram.delivery.bot_api import BotApi, ButtonRows, GroupFacts
from bots.telegram.delivery.limiter import RateLimiter


class LimitedBotApi:
    def __init__(self, api: BotApi, limiter: RateLimiter) -> None:
        self.api, self.limiter = api, limiter

    async def send_message(
        self,
        chat_id: int,
        text: str,
        buttons: ButtonRows,
        thread_id: int | None,
        reply_to: int | None = None,
    ) -> int:
        await self.limiter.acquire(chat_id)
        return await self.api.send_message(chat_id, text, buttons, thread_id, reply_to)

    async def send_document(
        self, chat_id: int, filename: str, content: bytes, caption: str
    ) -> int:
        await self.limiter.acquire(chat_id)
        return await self.api.send_document(chat_id, filename, content, caption)

    async def send_file(
        self,
        chat_id: int,
        kind: str,
        file_id: str,
        caption: str,
        thread_id: int | None,
        reply_to: int | None = None,
    ) -> int:
        await self.limiter.acquire(chat_id)
        return await self.api.send_file(chat_id, kind, file_id, caption, thread_id, reply_to)

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows
    ) -> None:
        await self.limiter.acquire(chat_id)
        await self.api.edit_message(chat_id, message_id, text, buttons)

    async def create_topic(self, chat_id: int, name: str) -> int:
        return await self.api.create_topic(chat_id, name)

    async def rename_topic(self, chat_id: int, thread_id: int, name: str) -> None:
        await self.api.rename_topic(chat_id, thread_id, name)

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        await self.api.close_topic(chat_id, thread_id)

    async def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        await self.api.reopen_topic(chat_id, thread_id)

    async def is_forum(self, chat_id: int) -> bool:
        return await self.api.is_forum(chat_id)

    async def group_facts(self, chat_id: int) -> GroupFacts:
        return await self.api.group_facts(chat_id)

    async def set_commands(self, menus: list[Menu]) -> None:
        await self.api.set_commands(menus)

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None:
        await self.api.answer_callback(callback_id, text, alert)

    async def download_file(self, file_id: str) -> bytes:
        return await self.api.download_file(file_id)  # not a message: no flood limit
