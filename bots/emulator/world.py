"""The emulated Telegram world: users, chats, forum topics, messages, files, updates."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass
class User:
    id: int
    first_name: str
    last_name: str = ""
    username: str = ""
    language_code: str = "fr"
    is_bot: bool = False

    def to_json(self) -> Json:
        data: Json = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass
class Chat:
    id: int
    type: str  # private, group, supergroup
    title: str = ""
    is_forum: bool = False
    members: dict[int, str] = field(default_factory=dict)  # user id -> status
    #: an administrator's rights that are off (every other right is on), by user id
    rights_off: dict[int, set[str]] = field(default_factory=dict)
    blocked_bot: bool = False
    next_message_id: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    next_topic_id: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    def to_json(self, users: dict[int, User]) -> Json:
        data: Json = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = users[self.id].first_name
        else:
            data["title"] = self.title
            if self.is_forum:
                data["is_forum"] = True
        return data


#: the statuses of a user who is in the group
PRESENT = frozenset({"creator", "administrator", "member", "restricted"})
#: an administrator's rights, as getChatMember lists them for a supergroup
ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_send_welcome_messages",
    "can_pin_messages",
    "can_manage_topics",
)


def chat_member(chat: Chat, user: User) -> Json:
    """The ChatMember object Telegram gives for ``user`` in ``chat``."""
    status = "member" if chat.type == "private" else chat.members.get(user.id, "left")
    member: Json = {"status": status, "user": user.to_json()}
    if status == "administrator":
        off = chat.rights_off.get(user.id, set())
        member |= {"can_be_edited": False, "is_anonymous": False}
        member |= {right: right not in off for right in ADMIN_RIGHTS}
        if chat.type != "supergroup":  # pins and topics are a supergroup's rights
            del member["can_pin_messages"], member["can_manage_topics"]
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0  # for ever
    return member


@dataclass
class Topic:
    chat_id: int
    thread_id: int
    name: str
    closed: bool = False


@dataclass
class Message:
    """A message as stored: the JSON Telegram would return, plus bookkeeping."""

    chat_id: int
    message_id: int
    sender_id: int
    data: Json
    deleted: bool = False

    @property
    def text(self) -> str:
        return str(self.data.get("text") or self.data.get("caption") or "")

    @property
    def buttons(self) -> list[Json]:
        markup = self.data.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    filename: str
    mime_type: str

    @property
    def path(self) -> str:
        return f"documents/{self.file_unique_id}_{self.filename}"


@dataclass
class BotState:
    """One bot token: its identity, update queue and webhook."""

    user: User
    token: str
    updates: list[Json] = field(default_factory=list)
    next_update_id: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    confirmed_offset: int = 0
    webhook_url: str = ""
    webhook_secret: str = ""
    #: the command menus as set: (scope, language) -> commands; the scope as Telegram
    #: names it ("default", "all_private_chats", "chat:<id>"), the language "" by default
    menus: dict[tuple[str, str], list[Json]] = field(default_factory=dict)
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)

    def push(self, kind: str, payload: Json) -> Json:
        update = {"update_id": next(self.next_update_id), kind: payload}
        self.updates.append(update)
        self.wakeup.set()
        return update

    def pending(self, offset: int) -> list[Json]:
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        return list(self.updates)


def now() -> int:
    return int(time.time())
