"""The evidence records: what each client sent, and the school's copy once it has it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.evidence_file import EvidenceFile, FileStatus
from core.domain.values import Evidence
from core.persistence.file_storage import FileStorage
from core.persistence.tables import complaints, evidence_files

COLUMNS = [c for c in evidence_files.c if c.name != "content"]


def _record(row: Any) -> EvidenceFile:
    return EvidenceFile(
        row["id"],
        row["complaint_id"],
        row["channel"],
        row["file_ref"],
        row["kind"],
        row["name"],
        row["mime_type"],
        row["size"],
        FileStatus(row["status"]),
        row["received_at"],
        row["sha256"],
        row["path"],
        row["stored_at"],
        row["error"],
    )


class SqlEvidenceFiles:
    def __init__(self, session: AsyncSession, storage: FileStorage) -> None:
        self._session, self.storage = session, storage
        self.deleted_after_commit: list[str] = []  # folder files no record needs any more

    async def expect(
        self, complaint_id: int, evidence: Evidence, channel: str, at: datetime, status: FileStatus
    ) -> EvidenceFile:
        """Record a file the client sent (its copy still to come, or not downloadable)."""
        found = await self._one(
            evidence_files.c.complaint_id == complaint_id,
            evidence_files.c.file_ref == evidence.file_id,
        )
        if found is not None:
            return found
        values = {
            "complaint_id": complaint_id,
            "channel": channel,
            "file_ref": evidence.file_id,
            "kind": evidence.kind.value,
            "name": evidence.name[:255],
            "mime_type": evidence.mime_type[:127],
            "size": evidence.size,
            "status": status.value,
            "received_at": at,
        }
        new_id = await self._session.scalar(
            insert(evidence_files).values(values).returning(evidence_files.c.id)
        )
        found = await self.get(int(new_id or 0))
        assert found is not None
        return found

    async def get(self, record_id: int) -> EvidenceFile | None:
        return await self._one(evidence_files.c.id == record_id)

    async def _one(self, *where: Any) -> EvidenceFile | None:
        row = (await self._session.execute(select(*COLUMNS).where(*where))).mappings().first()
        return _record(row) if row is not None else None

    async def store(self, record_id: int, content: bytes, at: datetime) -> EvidenceFile | None:
        """Keep the school's copy (a second call with the same content changes nothing)."""
        record = await self.get(record_id)
        if record is None or record.status is not FileStatus.PENDING:
            return record
        kept = self.storage.keep(content)
        await self._session.execute(
            update(evidence_files)
            .where(evidence_files.c.id == record_id)
            .values(
                status=FileStatus.STORED.value,
                sha256=kept.sha256,
                size=kept.size,
                content=kept.content,
                path=kept.path,
                stored_at=at,
                error=None,
            )
        )
        return await self.get(record_id)

    async def mark(self, record_id: int, status: FileStatus, error: str) -> None:
        """A file given up (or found too large): it stays listed, without a copy."""
        await self._session.execute(
            update(evidence_files)
            .where(evidence_files.c.id == record_id, evidence_files.c.status == "pending")
            .values(status=status.value, error=error[:1000])
        )

    async def of_complaints(self, complaint_ids: list[int]) -> list[EvidenceFile]:
        query = (
            select(*COLUMNS)
            .where(evidence_files.c.complaint_id.in_(complaint_ids))
            .order_by(evidence_files.c.id)
        )
        return [_record(r) for r in (await self._session.execute(query)).mappings()]

    async def content(self, record_id: int) -> bytes | None:
        row = (
            await self._session.execute(
                select(evidence_files.c.content, evidence_files.c.path).where(
                    evidence_files.c.id == record_id
                )
            )
        ).first()
        return self.storage.read(row[0], row[1]) if row is not None else None

    async def erase_of_client(self, client_id: int, at: datetime) -> int:
        """The client's files go (their content, their names); each record keeps that a
        file existed, of what kind, with its digest. Return how many were erased."""
        theirs = select(complaints.c.id).where(complaints.c.client_id == client_id)
        where = [evidence_files.c.complaint_id.in_(theirs), evidence_files.c.erased_at.is_(None)]
        paths = await self._session.scalars(select(evidence_files.c.path).where(*where))
        candidates = {p for p in paths if p}
        erased = await self._session.execute(
            update(evidence_files)
            .where(*where)
            .values(
                status=FileStatus.ERASED.value,
                content=None,
                path=None,
                name="",
                file_ref=literal("erased:") + cast(evidence_files.c.id, String),
                erased_at=at,
            )
            .execution_options(synchronize_session=False)
        )
        for path in sorted(candidates):
            if not await self._still_used(path):
                self.deleted_after_commit.append(path)
        return int(erased.rowcount)  # type: ignore[attr-defined]

    async def _still_used(self, path: str) -> bool:
        count = await self._session.scalar(
            select(func.count()).select_from(evidence_files).where(evidence_files.c.path == path)
        )
        return bool(count)

    def forget_deleted(self) -> None:
        """After the commit: delete the folder files no record names any more."""
        for path in self.deleted_after_commit:
            self.storage.delete(path)
        self.deleted_after_commit.clear()
