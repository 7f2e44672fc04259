"""The outbox: every message to Telegram is written in the transaction that decided it,
then delivered by the sender through a ``BotApi`` that an adapter provides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

ButtonRows = list[list[list[str]]]  # [[ [label, data], … ], …]
#: calls that are worth nothing late: Telegram refuses a button's answer after about 15 s
#: ("query is too old"), so one still queued after this is dropped, never replayed
EPHEMERAL = {"answer_callback": timedelta(seconds=10)}


@dataclass(frozen=True)
class OutboxItem:
    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    status: str = "pending"  # "sending" when found so: under way when a process died


def expired(item: OutboxItem, now: datetime) -> bool:
    """Whether an ephemeral call must not be made: too old (a long wait, a restart), or
    already under way when a process died (it may have been answered: Telegram refuses
    a second answer)."""
    lifetime = EPHEMERAL.get(item.method)
    if lifetime is None:
        return False
    return item.status == "sending" or now - item.created_at > lifetime


class DeliveryError(Exception):
    """Telegram did not take the call."""


class RetryLater(DeliveryError):
    """429 Too Many Requests: try again after ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class TransientFailure(DeliveryError):
    """5xx, a time-out or a lost connection: back off and try again."""


class Unreachable(DeliveryError):
    """403: the user blocked the bot, or the chat is gone."""


class Interrupted(DeliveryError):
    """The sender is stopping: the call was not made."""


class Rejected(DeliveryError):
    """400: Telegram refuses this call as it is; retrying will not help."""


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
