"""What the dialogue answers, in neutral form: the adapters render it as Bot API calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bots.telegram.identity import delivery
from bots.telegram.markup import EMPTY, Html, plain
from core.outbox import Delivery

MAX_DATA_BYTES = 64


@dataclass(frozen=True)
class Button:
    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode()) > MAX_DATA_BYTES:  # Telegram refuses longer data
            raise ValueError(f"button data over {MAX_DATA_BYTES} bytes: {self.data!r}")


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Reply:
    """A message (HTML, user text escaped) to send, or to put in place of ``edit_message_id``."""

    chat_id: int
    text: Html
    buttons: Keyboard = ()
    thread_id: int | None = None
    edit_message_id: int | None = None
    reply_to: int | None = None

    def to_outbox(self) -> tuple[str, dict[str, Any]]:
        payload: dict[str, Any] = {
            "chat_id": self.chat_id,
            "text": self.text,
            "buttons": [[[b.label, b.data] for b in row] for row in self.buttons],
            "thread_id": self.thread_id,
        }
        if self.reply_to is not None:
            payload["reply_to"] = self.reply_to
        if self.edit_message_id is not None:
            return "edit_message", payload | {"message_id": self.edit_message_id}
        return "send_message", payload


@dataclass(frozen=True)
class Toast:
    """The answer to a button press (a short notice, or an alert)."""

    chat_id: int
    callback_id: str
    text: str = ""
    alert: bool = False

    def to_outbox(self) -> tuple[str, dict[str, Any]]:
        return "answer_callback", {
            "chat_id": self.chat_id,
            "callback_id": self.callback_id,
            "text": plain(self.text)[:200],  # a button's answer is plain text
            "alert": self.alert,
        }


@dataclass(frozen=True)
class DocumentReply:
    """A file kept in the documents table, sent with a caption."""

    chat_id: int
    document_id: int
    caption: Html = EMPTY

    def to_outbox(self) -> tuple[str, dict[str, Any]]:
        return "send_document", {
            "chat_id": self.chat_id,
            "document_id": self.document_id,
            "caption": self.caption,
        }


def to_delivery(item: Reply | Toast | DocumentReply) -> Delivery:
    """The item queued in its chat's lane of the outbox."""
    return delivery(item.chat_id, *item.to_outbox())


@dataclass
class Replies:
    """Everything one update produces, in order."""

    items: list[Reply | Toast | DocumentReply] = field(default_factory=list)

    def add(self, item: Reply | Toast | DocumentReply) -> None:
        self.items.append(item)


def keyboard(*rows: list[Button] | tuple[Button, ...]) -> Keyboard:
    return tuple(tuple(row) for row in rows if row)
