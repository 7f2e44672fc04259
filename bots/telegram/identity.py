"""Telegram's people in the process's terms: a Telegram user is a chat account on the
``telegram`` network, and the outbox's ``telegram`` channel delivers to their chat."""

from __future__ import annotations

from typing import Any

from core.domain.people import ChatAccount, Client, StaffMember
from core.outbox import Delivery

TELEGRAM = "telegram"


def account(user_id: int) -> ChatAccount:
    """The chat account of a Telegram user (their private chat has the same id)."""
    return ChatAccount(TELEGRAM, user_id)


def telegram_id(person: Client | StaffMember | None) -> int | None:
    """The person's Telegram id, if their chat account is on Telegram."""
    chat = person.chat if person is not None else None
    return chat.user_id if chat is not None and chat.network == TELEGRAM else None


def delivery(chat_id: int, method: str, payload: dict[str, Any]) -> Delivery:
    """A Bot API call, queued in the lane of the chat it goes to."""
    return Delivery(TELEGRAM, str(chat_id), method, payload)
