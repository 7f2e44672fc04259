"""What a client's erasure removes from the Telegram channel's tables: their own raw updates
and dialogue state go; staff forms and other updates naming them are rewritten."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from bots.telegram.identity import TELEGRAM
from bots.telegram.store.tables import conversations, inbound_updates, staff_forms
from core.persistence.personal_data_repository import Scrubbing
from core.usecases.ports import Erasure


def _from_user(payload: dict[str, Any], telegram_id: int) -> bool:
    """Whether a raw update was sent by, or in the private chat of, ``telegram_id``."""
    for key in ("message", "edited_message", "callback_query"):
        part = payload.get(key) or {}
        chat = part.get("chat") or (part.get("message") or {}).get("chat") or {}
        if (part.get("from") or {}).get("id") == telegram_id or chat.get("id") == telegram_id:
            return True
    return False


async def erase_telegram_copies(scrubbing: Scrubbing, erasure: Erasure) -> None:
    session = scrubbing.session
    chat = erasure.chat
    telegram_id = chat.user_id if chat is not None and chat.network == TELEGRAM else None
    if telegram_id is not None:
        await session.execute(delete(conversations).where(conversations.c.chat_id == telegram_id))
    forms = select(staff_forms.c.chat_id, staff_forms.c.user_id, staff_forms.c.state)
    for chat_id, user_id, state in (await session.execute(forms)).all():
        where = [staff_forms.c.chat_id == chat_id, staff_forms.c.user_id == user_id]
        await scrubbing.rewrite(staff_forms, where, "state", state)
    query = select(inbound_updates.c.update_id, inbound_updates.c.payload)
    for update_id, payload in (await session.execute(query)).all():
        where = [inbound_updates.c.update_id == update_id]
        if telegram_id is not None and _from_user(payload, telegram_id):
            await session.execute(delete(inbound_updates).where(*where))
        else:
            await scrubbing.rewrite(inbound_updates, where, "payload", payload, "who")
