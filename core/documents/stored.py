"""Documents kept for the record and sent to clients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class StoredDocument:
    id: int
    name: str
    media_type: str
    sha256: str
    content: bytes


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
