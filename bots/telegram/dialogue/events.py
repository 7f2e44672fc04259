"""Inbound Telegram updates as neutral events: text, command, button press or file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bots.telegram.commands import canonical
from bots.telegram.delivery.bot_api import GroupFacts
from core.domain.enums import EvidenceKind

GROUPS = frozenset({"group", "supergroup"})


@dataclass(frozen=True)
class Sender:
    telegram_id: int
    first_name: str
    last_name: str = ""
    language_code: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class FileRef:
    file_id: str
    kind: EvidenceKind
    caption: str = ""
    name: str = ""  # what Telegram says of the file: its original name, type and size
    mime_type: str = ""
    size: int | None = None

    def described(self) -> dict[str, Any]:
        """The file as a draft keeps it (the dialogue's JSON state)."""
        return {
            "file_id": self.file_id,
            "kind": self.kind.value,
            "caption": self.caption,
            "name": self.name,
            "mime_type": self.mime_type,
            "size": self.size,
        }


@dataclass(frozen=True)
class Event:
    update_id: int
    chat_id: int
    chat_type: str
    sender: Sender
    thread_id: int | None = None
    text: str = ""
    command: str | None = None
    args: str = ""
    button: str | None = None
    callback_id: str | None = None
    message_id: int | None = None
    file: FileRef | None = None
    unsupported: bool = False
    reply_to: int | None = None

    @property
    def is_private(self) -> bool:
        return self.chat_type == "private"


def _file(message: dict[str, Any]) -> FileRef | None:
    caption = str(message.get("caption") or "")
    if message.get("photo"):
        biggest = message["photo"][-1]
        size = biggest.get("file_size")
        return FileRef(biggest["file_id"], EvidenceKind.PHOTO, caption, "", "image/jpeg", size)
    for key, kind in (
        ("document", EvidenceKind.DOCUMENT),
        ("voice", EvidenceKind.VOICE),
        ("video", EvidenceKind.VIDEO),
        ("audio", EvidenceKind.VOICE),
        ("video_note", EvidenceKind.VIDEO),
    ):
        if part := message.get(key):
            name, mime = str(part.get("file_name") or ""), str(part.get("mime_type") or "")
            size = part.get("file_size") if isinstance(part.get("file_size"), int) else None
            return FileRef(part["file_id"], kind, caption, name, mime, size)
    return None


def _command(text: str, bot_username: str) -> tuple[str | None, str]:
    if not text.startswith("/"):
        return None, ""
    head, *rest = text.split(None, 1)  # a command ends at a space or a line break
    args = rest[0] if rest else ""
    name, _, addressee = head[1:].partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return None, ""
    return canonical(name.lower()), args.strip()


def parse_update(raw: dict[str, Any], bot_username: str = "") -> Event | None:
    """The neutral event of a raw Bot API update, or None for kinds the product ignores."""
    update_id = int(raw["update_id"])
    if query := raw.get("callback_query"):
        message = query.get("message") or {}
        chat = message.get("chat") or {"id": query["from"]["id"], "type": "private"}
        return Event(
            update_id,
            chat["id"],
            chat["type"],
            _sender(query["from"]),
            message.get("message_thread_id"),
            button=str(query.get("data") or ""),
            callback_id=query["id"],
            message_id=message.get("message_id"),
        )
    message = raw.get("message") or raw.get("edited_message")
    if not message or "from" not in message:
        return None
    text = str(message.get("text") or "")
    command, args = _command(text, bot_username)
    file = _file(message)
    unsupported = not text and file is None
    return Event(
        update_id,
        message["chat"]["id"],
        message["chat"]["type"],
        _sender(message["from"]),
        message.get("message_thread_id"),
        text=text,
        command=command,
        args=args,
        message_id=message.get("message_id"),
        file=file,
        unsupported=unsupported,
        reply_to=(message.get("reply_to_message") or {}).get("message_id"),
    )


def _sender(user: dict[str, Any]) -> Sender:
    return Sender(
        int(user["id"]),
        str(user.get("first_name") or ""),
        str(user.get("last_name") or ""),
        user.get("language_code"),
    )


def parse_membership(raw: dict[str, Any]) -> tuple[GroupFacts, str, Sender] | None:
    """A ``my_chat_member`` update about a group: the bot's new place and rights there,
    its status before, and who changed it; None for any other update."""
    change = raw.get("my_chat_member")
    if not isinstance(change, dict) or change.get("chat", {}).get("type") not in GROUPS:
        return None
    chat, new = change["chat"], change.get("new_chat_member") or {}
    status = str(new.get("status") or "left")
    facts = GroupFacts(
        int(chat["id"]),
        str(chat.get("title") or ""),
        str(chat["type"]),
        bool(chat.get("is_forum")),
        status,
        bool(new.get("can_manage_topics")) or status == "creator",
    )
    before = str((change.get("old_chat_member") or {}).get("status") or "left")
    return facts, before, _sender(change["from"])
