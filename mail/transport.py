"""The email channel's transport: an outbox item to an address becomes one email, with the
kept document attached when there is one."""

from __future__ import annotations

from core.outbox import OutboxItem, Rejected
from core.usecases.ports import Attachment, Mailer, UnitOfWorkFactory


class MailTransport:
    def __init__(self, uow: UnitOfWorkFactory, mailer: Mailer) -> None:
        self.uow, self.mailer = uow, mailer

    async def deliver(self, item: OutboxItem) -> str | None:
        if item.method != "send_email":
            raise Rejected(f"unknown email method {item.method}")
        p = item.payload
        attachments: list[Attachment] = []
        if isinstance(p.get("document_id"), int):
            attachments.append(await self._document(int(p["document_id"])))
        await self.mailer.send(str(p["to"]), str(p["subject"]), str(p["text"]), tuple(attachments))
        return None

    async def _document(self, document_id: int) -> Attachment:
        async with self.uow() as uow:
            document = await uow.documents.get(document_id)
        if document is None:
            raise Rejected(f"document {document_id} is gone")
        return Attachment(document.name, document.media_type, document.content)
