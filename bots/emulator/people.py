"""The test-side API: people who write, send files and press buttons, and what they read."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import Callable
from types import TracebackType

from bots.emulator.html import visible_text
from bots.emulator.server import EmulatorServer
from bots.emulator.telegram import Telegram
from bots.emulator.world import BotState, Chat, Json, Message, User, chat_member

DEFAULT_TOKEN = "123456789:EMULATOR-TOKEN"


class Emulator:
    """A local Telegram: start it, point a bot at ``base_url``, and play the people."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.telegram = Telegram()
        self.server = EmulatorServer(self.telegram, host, port)

    async def __aenter__(self) -> Emulator:
        await self.server.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.server.stop()

    @property
    def base_url(self) -> str:
        return self.server.base_url

    # -- the cast -----------------------------------------------------------------------

    def bot(self, token: str = DEFAULT_TOKEN, username: str = "reclam_bot") -> BotState:
        return self.telegram.bots.get(token) or self.telegram.add_bot(token, username)

    def user(
        self, user_id: int, first_name: str, last_name: str = "", language: str = "fr"
    ) -> User:
        return self.telegram.add_user(user_id, first_name, last_name, language)

    def group(self, title: str, bot: BotState, members: list[User], forum: bool = True) -> Chat:
        statuses = {u.id: "member" for u in members} | {bot.user.id: "administrator"}
        return self.telegram.add_group(title, forum, statuses)

    def new_group(self, title: str, members: list[User], forum: bool = True) -> Chat:
        """A group the bot is not in yet (someone adds it with ``set_bot_status``)."""
        return self.telegram.add_group(title, forum, {u.id: "member" for u in members})

    def set_bot_status(
        self,
        bot: BotState,
        chat: Chat,
        by: User,
        status: str,
        rights_off: frozenset[str] = frozenset(),
    ) -> Json:
        """Someone adds, promotes, demotes or removes the bot: Telegram changes its place in
        the group and tells the bot with a ``my_chat_member`` update."""
        before = chat_member(chat, bot.user)
        chat.members[bot.user.id] = status
        chat.rights_off[bot.user.id] = set(rights_off)
        change = {
            "chat": chat.to_json(self.telegram.users),
            "from": by.to_json(),
            "date": int(time.time()),
            "old_chat_member": before,
            "new_chat_member": chat_member(chat, bot.user),
        }
        return bot.push("my_chat_member", change)

    def block_bot(self, user: User) -> None:
        self.telegram.chats[user.id].blocked_bot = True

    # -- what people do -----------------------------------------------------------------

    def post(
        self, bot: BotState, user: User, chat: Chat | None, fields: Json, thread_id: int | None
    ) -> Json:
        chat = chat or self.telegram.chats[user.id]
        message = self.telegram.store(chat, user, fields, thread_id)
        bot.push("message", message.data)
        return message.data

    def send_text(
        self,
        bot: BotState,
        user: User,
        text: str,
        chat: Chat | None = None,
        thread_id: int | None = None,
        reply_to: Message | None = None,
    ) -> Json:
        fields: Json = {"text": text}
        if reply_to is not None:
            fields["reply_to_message"] = self.telegram.replied(
                reply_to.chat_id, reply_to.message_id
            )
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.post(bot, user, chat, fields, thread_id)

    def send_file(  # noqa: PLR0913  (a person's action, as a test spells it out)
        self,
        bot: BotState,
        user: User,
        content: bytes,
        filename: str,
        kind: str = "document",
        caption: str = "",
        chat: Chat | None = None,
        mime_type: str = "application/octet-stream",
    ) -> Json:
        stored = self.telegram.keep_file(content, filename, mime_type)
        described = self.telegram.file_json(stored)
        shapes: dict[str, Json] = {
            "photo": {"photo": [described | {"width": 800, "height": 600}]},
            "voice": {"voice": described | {"duration": 3, "mime_type": "audio/ogg"}},
        }
        document = {"document": described | {"file_name": filename, "mime_type": mime_type}}
        fields: Json = shapes.get(kind, document)
        if caption:
            fields["caption"] = caption
        return self.post(bot, user, chat, fields, None)

    def press(self, bot: BotState, user: User, label: str, chat: Chat | None = None) -> str:
        """Press the button labelled ``label`` on the bot's latest message that has it."""
        chat = chat or self.telegram.chats[user.id]
        for message in reversed(self.transcript(chat.id)):
            if message.sender_id != bot.user.id:
                continue
            for button in message.buttons:
                if button["text"] == label and "callback_data" in button:
                    return self.press_data(bot, user, button["callback_data"], message)
        labels = [b["text"] for m in self.transcript(chat.id) for b in m.buttons]
        raise LookupError(f"no button {label!r} in chat {chat.id}; buttons: {labels}")

    def press_data(self, bot: BotState, user: User, data: str, message: Message) -> str:
        """Send a callback query with any data: a forged or stale button press."""
        query_id = secrets.token_hex(8)
        query = {
            "id": query_id,
            "from": user.to_json(),
            "chat_instance": str(message.chat_id),
            "message": message.data,
            "data": data,
        }
        self.telegram.callbacks[query_id] = dict(query) | {"pressed_at": time.monotonic()}
        bot.push("callback_query", query)
        return query_id

    def push_raw(self, bot: BotState, kind: str, payload: Json) -> Json:
        """Queue an update of any kind, as is: what a library may not know how to parse."""
        return bot.push(kind, payload)

    def invalid_calls(self) -> list[tuple[str, int, str]]:
        """The calls the emulator refused as Telegram would (faults the test injected and
        flood-limit 429s excluded)."""
        return [r for r in self.telegram.refused if r[1] != 429]

    # -- what people read ---------------------------------------------------------------

    def transcript(self, chat_id: int, thread_id: int | None = None) -> list[Message]:
        return self.telegram.transcript(chat_id, thread_id)

    def bot_texts(self, bot: BotState, chat_id: int, thread_id: int | None = None) -> list[str]:
        return [
            visible_text(m.text) if m.data.get("parse_mode") else m.text
            for m in self.transcript(chat_id, thread_id)
            if m.sender_id == bot.user.id and m.text
        ]

    def answer_to(self, query_id: str) -> Json | None:
        return self.telegram.callbacks.get(query_id, {}).get("answer")

    async def wait_until(self, condition: Callable[[], bool], within: float = 10.0) -> None:
        """Wait, without polling, until ``condition`` holds after something happened."""
        deadline = time.monotonic() + within
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the emulator waited in vain")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.telegram.changed.wait(), remaining)

    async def replies(
        self,
        bot: BotState,
        chat_id: int,
        count: int,
        within: float = 10.0,
        thread_id: int | None = None,
    ) -> list[str]:
        """Wait until the bot has written ``count`` messages in the chat; return their texts."""
        await self.wait_until(
            lambda: len(self.bot_texts(bot, chat_id, thread_id)) >= count, within
        )
        return self.bot_texts(bot, chat_id, thread_id)
