"""The Telegram channel's transport: what each outbox method means as Bot API calls (one,
or several for the staff cards)."""

from __future__ import annotations

from bots.telegram.delivery.bot_api import BotApi
from bots.telegram.delivery.group_binding import GroupBinding
from bots.telegram.delivery.staff_calls import STAFF_METHODS, StaffCalls
from core.outbox import OutboxItem, Rejected
from core.usecases.common import Deps


class TelegramTransport:
    def __init__(self, deps: Deps, api: BotApi) -> None:
        self.uow, self.api = deps.uow, api
        self.staff = StaffCalls(deps.uow, api)
        self.binding = GroupBinding(deps, api)

    async def deliver(self, item: OutboxItem) -> str | None:
        """Make the call; return Telegram's message id when there is one."""
        message_id = await self.call(item)
        return None if message_id is None else str(message_id)

    async def call(self, item: OutboxItem) -> int | None:
        p = item.payload
        if item.method in STAFF_METHODS:
            return await self.staff.call(item.method, p)
        if item.method == "setup_group":
            self.staff.forget(p["chat_id"])  # topics may have been turned on or off since
            return await self.binding.call(p)
        if item.method == "send_message":
            return await self.api.send_message(
                p["chat_id"], p["text"], p["buttons"], p.get("thread_id"), p.get("reply_to")
            )
        if item.method == "edit_message":
            await self.api.edit_message(p["chat_id"], p["message_id"], p["text"], p["buttons"])
            return int(p["message_id"])
        if item.method == "send_document":
            name, _, content = await self._document(p["document_id"])
            return await self.api.send_document(p["chat_id"], name, content, p["caption"])
        if item.method == "answer_callback":
            await self.api.answer_callback(p["callback_id"], p["text"], p["alert"])
            return None
        raise Rejected(f"unknown outbox method {item.method}")

    async def _document(self, document_id: int) -> tuple[str, str, bytes]:
        async with self.uow() as uow:
            document = await uow.documents.get(document_id)
        if document is None:
            raise Rejected(f"document {document_id} is gone")
        return document.name, document.media_type, document.content
