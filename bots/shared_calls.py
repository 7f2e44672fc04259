"""Bot API calls that aiogram's and python-telegram-bot's ``Bot`` spell the same way:
forum topics and files sent again by id. Each adapter supplies its library's bot, its
error translation and its way to build reply parameters."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any


class SharedCalls:
    bot: Any

    async def translated(self, call: Awaitable[Any]) -> Any:
        raise NotImplementedError

    def reply_parameters(self, message_id: int) -> Any:
        raise NotImplementedError

    async def send_file(
        self,
        chat_id: int,
        kind: str,
        file_id: str,
        caption: str,
        thread_id: int | None,
        reply_to: int | None = None,
    ) -> int:
        send = {
            "photo": self.bot.send_photo,
            "voice": self.bot.send_voice,
            "video": self.bot.send_video,
        }.get(kind, self.bot.send_document)
        reply = self.reply_parameters(reply_to) if reply_to else None
        message = await self.translated(
            send(
                chat_id,
                file_id,
                caption=caption or None,
                message_thread_id=thread_id,
                reply_parameters=reply,
            )
        )
        return int(message.message_id)

    async def create_topic(self, chat_id: int, name: str) -> int:
        topic = await self.translated(self.bot.create_forum_topic(chat_id, name))
        return int(topic.message_thread_id)

    async def rename_topic(self, chat_id: int, thread_id: int, name: str) -> None:
        await self.translated(self.bot.edit_forum_topic(chat_id, thread_id, name=name))

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        await self.translated(self.bot.close_forum_topic(chat_id, thread_id))

    async def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        await self.translated(self.bot.reopen_forum_topic(chat_id, thread_id))

    async def is_forum(self, chat_id: int) -> bool:
        chat = await self.translated(self.bot.get_chat(chat_id))
        return bool(chat.is_forum)
