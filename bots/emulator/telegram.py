"""The emulated Telegram: every bot, user, chat, message and file, in memory."""

from __future__ import annotations

import asyncio
import itertools
import secrets
from dataclasses import dataclass, field
from typing import Any

from bots.emulator.limits import Faults, FloodLimits
from bots.emulator.validation import ApiError, bad_request
from bots.emulator.world import (
    PRESENT,
    BotState,
    Chat,
    Json,
    Message,
    StoredFile,
    Topic,
    User,
    now,
)


@dataclass
class Telegram:
    bots: dict[str, BotState] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    chats: dict[int, Chat] = field(default_factory=dict)
    topics: dict[tuple[int, int], Topic] = field(default_factory=dict)
    messages: dict[tuple[int, int], Message] = field(default_factory=dict)
    #: each chat's messages in the order sent (their ids grow): a chat is read without
    #: going through every other chat's messages
    by_chat: dict[int, list[Message]] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    callbacks: dict[str, Json] = field(default_factory=dict)  # id -> query (+ "answer")
    limits: FloodLimits = field(default_factory=FloodLimits)
    faults: Faults = field(default_factory=Faults)
    calls: list[tuple[str, Json]] = field(default_factory=list)
    refused: list[tuple[str, int, str]] = field(default_factory=list)  # method, code, why
    callback_lifetime: float = 15.0  # seconds a callback query may still be answered
    group_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def notify(self) -> None:
        """Wake whoever waits for something to happen in the world."""
        self.changed.set()
        self.changed = asyncio.Event()

    # -- people and places ------------------------------------------------------------

    def add_bot(self, token: str, username: str = "reclam_bot", name: str = "Reclam") -> BotState:
        bot_id = int(token.split(":", 1)[0])
        user = User(bot_id, name, username=username, is_bot=True)
        self.users[bot_id] = user
        self.bots[token] = BotState(user, token)
        return self.bots[token]

    def add_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str = "",
        language_code: str = "fr",
        username: str = "",
    ) -> User:
        user = User(user_id, first_name, last_name, username, language_code)
        self.users[user_id] = user
        self.chats.setdefault(user_id, Chat(user_id, "private"))
        return user

    def add_group(self, title: str, forum: bool, members: dict[int, str]) -> Chat:
        chat_id = -1_001_000_000_000 - next(self.group_ids)
        chat = Chat(chat_id, "supergroup", title, is_forum=forum, members=dict(members))
        self.chats[chat_id] = chat
        return chat

    def chat(self, chat_id: Any) -> Chat:
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def reachable(self, chat: Chat, bot: BotState) -> None:
        if chat.type == "private" and chat.blocked_bot:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.type != "private" and chat.members.get(bot.user.id) == "kicked":
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
        if chat.type != "private" and chat.members.get(bot.user.id) not in PRESENT:
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")

    def target(self, bot: BotState, p: Json) -> tuple[Chat, int | None]:
        """The chat (and forum topic) a sending method aims at, if the bot may write there."""
        chat = self.chat(p["chat_id"])
        self.reachable(chat, bot)
        thread = p.get("message_thread_id")
        topic = self.topics.get((chat.id, thread)) if thread is not None else None
        if topic is not None and topic.closed and chat.members.get(bot.user.id) != "administrator":
            raise bad_request("TOPIC_CLOSED")  # administrators may still write in a closed topic
        return chat, thread

    # -- messages -----------------------------------------------------------------------

    def store(
        self, chat: Chat, sender: User, fields: Json, thread_id: int | None = None
    ) -> Message:
        message_id = next(chat.next_message_id)
        data: Json = {
            "message_id": message_id,
            "date": now(),
            "chat": chat.to_json(self.users),
            "from": sender.to_json(),
            **fields,
        }
        if thread_id is not None and chat.is_forum:
            if (chat.id, thread_id) not in self.topics:
                raise bad_request("message thread not found")
            data["message_thread_id"] = thread_id
            data["is_topic_message"] = True
        message = Message(chat.id, message_id, sender.id, data)
        self.messages[(chat.id, message_id)] = message
        self.by_chat.setdefault(chat.id, []).append(message)
        self.notify()
        return message

    def message(self, chat_id: int, message_id: int) -> Message:
        found = self.messages.get((chat_id, message_id))
        if found is None or found.deleted:
            raise bad_request("message to edit not found")
        return found

    def replied(self, chat_id: int, message_id: int) -> Json:
        """The message being replied to, as Telegram nests it (one level deep)."""
        found = self.messages.get((chat_id, message_id))
        if found is None or found.deleted:
            raise bad_request("message to be replied not found")
        return {k: v for k, v in found.data.items() if k != "reply_to_message"}

    def transcript(self, chat_id: int, thread_id: int | None = None) -> list[Message]:
        found = [m for m in self.by_chat.get(chat_id, ()) if not m.deleted]
        if thread_id is not None:
            found = [m for m in found if m.data.get("message_thread_id") == thread_id]
        return found

    # -- files --------------------------------------------------------------------------

    def keep_file(self, content: bytes, filename: str, mime_type: str) -> StoredFile:
        unique = secrets.token_hex(6)
        stored = StoredFile(f"F{secrets.token_urlsafe(24)}", unique, content, filename, mime_type)
        self.files[stored.file_id] = stored
        return stored

    def file_json(self, stored: StoredFile) -> Json:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
