"""The school's own copy of a file a client sent: the evidence record (pure).

The channel's reference (a Telegram ``file_id``) lets staff see the file in the chat; the
school's copy, kept with its SHA-256 digest, is what it shows an auditor and what stays
if the channel forgets the file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class FileStatus(StrEnum):
    PENDING = "pending"  # the channel still has to hand the file over
    STORED = "stored"  # the school holds its copy (content or path, with its digest)
    TOO_LARGE = "too_large"  # the channel cannot hand it over (over its download limit)
    FAILED = "failed"  # given up after the retries
    ERASED = "erased"  # the client's data was erased: the record says it existed


@dataclass(frozen=True)
class EvidenceFile:
    id: int
    complaint_id: int
    channel: str
    file_ref: str  # the channel's reference (a Telegram file_id)
    kind: str
    name: str
    mime_type: str
    size: int | None
    status: FileStatus
    received_at: datetime
    sha256: str | None = None
    path: str | None = None  # in the files folder, when the school keeps files there
    stored_at: datetime | None = None
    error: str | None = None

    def describe(self) -> dict[str, object]:
        """The record as a client's data export and the backups list it."""
        return {
            "kind": self.kind,
            "name": self.name,
            "mime_type": self.mime_type,
            "size": self.size,
            "sha256": self.sha256,
            "status": self.status.value,
            "received_at": self.received_at.isoformat(),
            "stored_at": self.stored_at.isoformat() if self.stored_at else None,
        }
