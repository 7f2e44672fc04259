"""The Bot API calls the product makes, as an adapter's library renders them; and the
calls worth nothing late (button answers)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

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

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows
    ) -> None: ...

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None: ...

    async def download_file(self, file_id: str) -> bytes:
        """A file a user sent: ``getFile``, then its download URL (Telegram hands over
        files of up to 20 MB)."""
        ...
