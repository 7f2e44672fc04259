"""Where each complaint lives in the staff group: a forum topic, or a card message whose
replies form the thread in a group that is not a forum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass
class StaffThread:
    reference: str
    chat_id: int
    thread_id: int | None = None
    card_message_id: int | None = None
    topic_name: str = ""
    closed: bool = False
    card_digest: str | None = None  # the card's content as last sent (see card_digest())


class StaffThreads(Protocol):
    async def get(self, reference: str, chat_id: int) -> StaffThread | None: ...

    async def save(self, thread: StaffThread) -> None: ...

    async def remember(self, chat_id: int, message_id: int, reference: str) -> None:
        """Record that this bot message in the staff group is about that complaint."""
        ...

    async def by_message(self, chat_id: int, message_id: int) -> str | None: ...

    async def by_topic(self, chat_id: int, thread_id: int) -> str | None: ...


class StaffForms(Protocol):
    async def get(self, chat_id: int, user_id: int) -> dict[str, Any] | None: ...

    async def put(
        self, chat_id: int, user_id: int, state: dict[str, Any], at: datetime
    ) -> None: ...

    async def clear(self, chat_id: int, user_id: int) -> None: ...
