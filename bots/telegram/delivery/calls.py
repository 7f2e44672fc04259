"""What each outbox method means: a Bot API call (or several, for the staff cards), or
an email."""

from __future__ import annotations

from typing import Any

from bots.telegram.delivery.bot_api import BotApi
from bots.telegram.delivery.staff_calls import STAFF_METHODS, StaffCalls
from core.outbox import Delivery, OutboxItem, Rejected
from core.usecases.ports import Attachment, Mailer, UnitOfWorkFactory

EMAIL = "email"  # the outbox channel of emails: one lane per address


def email_delivery(to: str, subject: str, text: str, document_id: int | None = None) -> Delivery:
    """An email in the outbox (plain text; a kept document attached when there is one)."""
    payload: dict[str, Any] = {"to": to, "subject": subject, "text": text}
    if document_id is not None:
        payload["document_id"] = document_id
    return Delivery(EMAIL, to, "send_email", payload)


class Calls:
    def __init__(self, uow: UnitOfWorkFactory, api: BotApi, mailer: Mailer | None) -> None:
        self.uow, self.api, self.mailer = uow, api, mailer
        self.staff = StaffCalls(uow, api)

    async def call(self, item: OutboxItem) -> int | None:
        """Make the call; return Telegram's message id when there is one."""
        p = item.payload
        if item.method in STAFF_METHODS:
            return await self.staff.call(item.method, p)
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
        if item.method == "send_email":
            await self._email(p)
            return None
        raise Rejected(f"unknown outbox method {item.method}")

    async def _document(self, document_id: int) -> tuple[str, str, bytes]:
        async with self.uow() as uow:
            document = await uow.documents.get(document_id)
        if document is None:
            raise Rejected(f"document {document_id} is gone")
        return document.name, document.media_type, document.content

    async def _email(self, p: dict[str, object]) -> None:
        if self.mailer is None:
            raise Rejected("email is not configured (RECLAM_SMTP_HOST)")
        attachments = []
        if isinstance(p.get("document_id"), int):
            name, media_type, content = await self._document(int(str(p["document_id"])))
            attachments.append(Attachment(name, media_type, content))
        await self.mailer.send(str(p["to"]), str(p["subject"]), str(p["text"]), tuple(attachments))
