"""The BotApi, written once: aiogram's and python-telegram-bot's ``Bot`` spell every call
the product makes the same way. Each adapter supplies its library's bot, its error
translation, and how its library builds a keyboard, an upload and reply parameters."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from bots.telegram.commands import Menu
from bots.telegram.delivery.bot_api import ButtonRows, GroupFacts

HTML = "HTML"


class SharedCalls:
    bot: Any

    async def translated(self, call: Awaitable[Any]) -> Any:
        """Await ``call``, turning the library's errors into core delivery errors."""
        raise NotImplementedError

    def markup(self, buttons: ButtonRows) -> Any:
        raise NotImplementedError

    def upload(self, content: bytes, filename: str) -> Any:
        raise NotImplementedError

    def reply_parameters(self, message_id: int) -> Any:
        raise NotImplementedError

    async def download_file(self, file_id: str) -> bytes:
        """``getFile``, then the file's download URL, through the library."""
        raise NotImplementedError

    async def fetch_updates(self, offset: int, wait: int) -> list[dict[str, Any]]:
        """One ``getUpdates`` call, answered as raw JSON (see bots/polling.py)."""
        raise NotImplementedError

    async def set_commands(self, menus: list[Menu]) -> None:
        """The command menus, each for its scope; French is also the default language."""
        for menu in menus:
            commands = [self.command(name, text) for name, text in menu.entries()]
            scope = self.scope(menu.chat_id)
            language = None if menu.language == "fr" else menu.language
            await self.translated(
                self.bot.set_my_commands(commands, scope=scope, language_code=language)
            )

    def scope(self, chat_id: int | None) -> Any:
        """Telegram's scope: all private chats (``None``), or that chat."""
        raise NotImplementedError

    def command(self, name: str, description: str) -> Any:
        raise NotImplementedError

    async def get_me(self) -> None:
        """Ask the Bot API who the bot is: whether Telegram answers (readiness)."""
        await self.translated(self.bot.get_me())

    async def set_webhook(self, url: str, secret: str) -> None:
        """Webhook mode: Telegram POSTs each update to ``url`` with ``secret`` in a header
        (the updates it still holds are kept: none is dropped when switching)."""
        await self.translated(self.bot.set_webhook(url=url, secret_token=secret))

    async def delete_webhook(self) -> None:
        """Polling mode: without this, getUpdates is refused while a webhook is set."""
        await self.translated(self.bot.delete_webhook(drop_pending_updates=False))

    def _reply(self, reply_to: int | None) -> Any:
        return self.reply_parameters(reply_to) if reply_to else None

    async def send_message(
        self,
        chat_id: int,
        text: str,
        buttons: ButtonRows,
        thread_id: int | None,
        reply_to: int | None = None,
    ) -> int:
        message = await self.translated(
            self.bot.send_message(
                chat_id,
                text,
                parse_mode=HTML,
                reply_markup=self.markup(buttons),
                message_thread_id=thread_id,
                reply_parameters=self._reply(reply_to),
            )
        )
        return int(message.message_id)

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows
    ) -> None:
        await self.translated(
            self.bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=HTML,
                reply_markup=self.markup(buttons),
            )
        )

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None:
        await self.translated(
            self.bot.answer_callback_query(callback_id, text=text or None, show_alert=alert)
        )

    async def send_document(
        self, chat_id: int, filename: str, content: bytes, caption: str
    ) -> int:
        message = await self.translated(
            self.bot.send_document(
                chat_id, self.upload(content, filename), caption=caption, parse_mode=HTML
            )
        )
        return int(message.message_id)

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
        message = await self.translated(
            send(
                chat_id,
                file_id,
                caption=caption or None,
                message_thread_id=thread_id,
                reply_parameters=self._reply(reply_to),
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

    async def group_facts(self, chat_id: int) -> GroupFacts:
        chat = await self.translated(self.bot.get_chat(chat_id))
        bot_id = int(self.bot.token.split(":", 1)[0])  # a token starts with the bot's id
        member = await self.translated(self.bot.get_chat_member(chat_id, bot_id))
        status = getattr(member.status, "value", member.status)
        return GroupFacts(
            chat_id,
            str(chat.title or ""),
            str(getattr(chat.type, "value", chat.type)),
            bool(chat.is_forum),
            str(status),
            bool(getattr(member, "can_manage_topics", False)) or status == "creator",
        )
