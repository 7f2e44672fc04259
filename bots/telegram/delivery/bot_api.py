"""The Bot API calls the product makes, as an adapter's library renders them; and the
calls worth nothing late (button answers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bots.telegram.commands import Menu
from core.outbox import OutboxItem

ButtonRows = list[list[list[str]]]  # [[ [label, data], … ], …]
#: calls that are worth nothing late: Telegram refuses a button's answer after about 15 s
#: ("query is too old"), so one still queued after this is dropped, never replayed
EPHEMERAL = {"answer_callback": timedelta(seconds=10)}


def expired(item: OutboxItem, now: datetime) -> bool:
    """Whether an ephemeral call must not be made: too old (a long wait, a restart), or
    already under way when a process died (it may have been answered: Telegram refuses
    a second answer)."""
    lifetime = EPHEMERAL.get(item.method)
    if lifetime is None:
        return False
    return item.status == "sending" or now - item.created_at > lifetime


#: the statuses of a member who is in the group
PRESENT = frozenset({"creator", "administrator", "member", "restricted"})


@dataclass(frozen=True)
class GroupFacts:
    """What Telegram says of a group and of the bot's place in it (getChat, getChatMember)."""

    chat_id: int
    title: str
    type: str  # group, supergroup
    is_forum: bool
    status: str  # the bot's: creator, administrator, member, restricted, left, kicked
    can_manage_topics: bool = False

    @property
    def administrator(self) -> bool:
        return self.status in ("administrator", "creator")

    @property
    def present(self) -> bool:
        return self.status in PRESENT

    @property
    def serving(self) -> bool:
        """Whether the bot has what the staff group needs of it (topics may be off)."""
        return self.administrator and (self.can_manage_topics or not self.is_forum)

    @property
    def topics(self) -> bool:
        """Whether the bot may open a forum topic for each complaint."""
        return self.is_forum and self.administrator and self.can_manage_topics


class BotApi(Protocol):
    """The Bot API calls the product makes, rendered by an adapter's library."""

    async def send_message(
        self,
        chat_id: int,
        text: str,
        buttons: ButtonRows,
        thread_id: int | None,
        reply_to: int | None = None,
    ) -> int:
        """Send an HTML message (in a forum topic, or as a reply); return its message id."""
        ...

    async def send_document(
        self, chat_id: int, filename: str, content: bytes, caption: str
    ) -> int:
        """Send a file (multipart upload) with an HTML caption; return the message id."""
        ...

    async def send_file(
        self,
        chat_id: int,
        kind: str,
        file_id: str,
        caption: str,
        thread_id: int | None,
        reply_to: int | None = None,
    ) -> int:
        """Send again a file Telegram already holds (photo, document, voice, video)."""
        ...

    async def create_topic(self, chat_id: int, name: str) -> int:
        """Create a forum topic; return its thread id."""
        ...

    async def rename_topic(self, chat_id: int, thread_id: int, name: str) -> None: ...

    async def close_topic(self, chat_id: int, thread_id: int) -> None: ...

    async def reopen_topic(self, chat_id: int, thread_id: int) -> None: ...

    async def is_forum(self, chat_id: int) -> bool: ...

    async def group_facts(self, chat_id: int) -> GroupFacts:
        """The group (getChat) and the bot's status and rights in it (getChatMember)."""
        ...

    async def set_commands(self, menus: list[Menu]) -> None: ...

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows
    ) -> None: ...

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None: ...

    async def download_file(self, file_id: str) -> bytes:
        """A file a user sent: ``getFile``, then its download URL (Telegram hands over
        files of up to 20 MB)."""
        ...
