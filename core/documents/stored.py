"""Documents kept for the record and sent to clients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

#: the written procedure's versions are kept under this name, then the version
PROCEDURE_PREFIX = "procedure-"


@dataclass(frozen=True)
class StoredDocument:
    id: int
    name: str
    media_type: str
    sha256: str
    content: bytes
    created_at: datetime | None = None
    complaint_id: int | None = None


class Documents(Protocol):
    async def add(
        self,
        reference: str | None,
        name: str,
        media_type: str,
        content: bytes,
        at: datetime,
        client_id: int | None = None,
    ) -> StoredDocument:
        """Keep a document (its SHA-256 computed here): a complaint's (``reference``), a
        report (None), or a client's data export (``client_id``)."""
        ...

    async def get(self, document_id: int) -> StoredDocument | None: ...

    async def reports_named(self, prefix: str) -> list[StoredDocument]:
        """The school's own documents (no complaint, no client) whose name starts with
        ``prefix``, oldest first."""
        ...

    async def of_complaints(self, complaint_ids: list[int]) -> list[StoredDocument]:
        """The letters kept for these complaints, oldest first."""
        ...
