"""Documents the school produced (acknowledgement letters…), kept for the record."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import RowMapping, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.documents.stored import StoredDocument
from core.persistence.tables import complaints, documents


class SqlDocuments:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        reference: str | None,
        name: str,
        media_type: str,
        content: bytes,
        at: datetime,
        client_id: int | None = None,
    ) -> StoredDocument:
        """Keep a document: a complaint's (``reference``), a report (None), or a client's
        data export (``client_id``)."""
        complaint_id = None
        if reference is not None:
            complaint_id = await self._session.scalar(
                select(complaints.c.id).where(complaints.c.reference == reference)
            )
        document_id: int = await self._session.scalar(
            insert(documents)
            .values(
                complaint_id=complaint_id,
                client_id=client_id,
                name=name,
                media_type=media_type,
                sha256=(sha256 := hashlib.sha256(content).hexdigest()),
                content=content,
                created_at=at,
            )
            .returning(documents.c.id)
        )
        return StoredDocument(document_id, name, media_type, sha256, content, at, complaint_id)

    async def get(self, document_id: int) -> StoredDocument | None:
        row = (
            (await self._session.execute(select(documents).where(documents.c.id == document_id)))
            .mappings()
            .first()
        )
        return None if row is None else _stored(row)

    async def reports_named(self, prefix: str) -> list[StoredDocument]:
        query = (
            select(documents)
            .where(
                documents.c.complaint_id.is_(None),
                documents.c.client_id.is_(None),
                documents.c.name.startswith(prefix, autoescape=True),
            )
            .order_by(documents.c.created_at, documents.c.id)
        )
        return [_stored(row) for row in (await self._session.execute(query)).mappings()]

    async def of_complaints(self, complaint_ids: list[int]) -> list[StoredDocument]:
        query = (
            select(documents)
            .where(documents.c.complaint_id.in_(complaint_ids))
            .order_by(documents.c.created_at, documents.c.id)
        )
        return [_stored(row) for row in (await self._session.execute(query)).mappings()]


def _stored(row: RowMapping) -> StoredDocument:
    return StoredDocument(
        row["id"],
        row["name"],
        row["media_type"],
        row["sha256"],
        row["content"],
        row["created_at"],
        row["complaint_id"],
    )
