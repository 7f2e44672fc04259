"""The staff form a member has open in a chat: its state between two of their messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bots.telegram.dialogue.events import Event
from bots.telegram.store.store import telegram_store
from bots.telegram.store.thread_repository import SqlStaffForms
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class FormSlot:
    forms: SqlStaffForms
    chat_id: int
    user_id: int

    async def get(self) -> dict[str, Any] | None:
        return await self.forms.get(self.chat_id, self.user_id)

    async def put(self, state: dict[str, Any], at: datetime) -> None:
        await self.forms.put(self.chat_id, self.user_id, state, at)

    async def clear(self) -> None:
        await self.forms.clear(self.chat_id, self.user_id)


def form_slot(uow: UnitOfWork, event: Event) -> FormSlot:
    """The form the sender of ``event`` has open in its chat."""
    return FormSlot(telegram_store(uow).forms, event.chat_id, event.sender.telegram_id)
