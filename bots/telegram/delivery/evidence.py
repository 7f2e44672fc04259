"""The school keeps its own copy of every file a client sends on Telegram.

At the commit that records the complaint (or the client's addition), each file gets its
evidence record and a download job in the outbox (a lane of its own per complaint, so a
retried download never holds a message back). The job survives a crash or a Bot API error
and is retried; the sender's ``FileDownloads`` transport makes it. A file over the Bot
API's 20 MB download limit is recorded as not downloadable, and staff are told. Staff
still see the file itself in the thread through its ``file_id``."""

from __future__ import annotations

import math
from datetime import datetime

from bots.telegram.delivery.bot_api import BotApi
from bots.telegram.markup import Html, HtmlTranslator
from bots.telegram.staff.chats import tell_staff
from core.domain.complaint import Complaint
from core.domain.event_data import ClientInformationAdded, Filed, event_data
from core.domain.evidence_file import EvidenceFile, FileStatus
from core.domain.journal import JournalEvent
from core.domain.profile import SchoolProfile
from core.domain.values import Evidence
from core.outbox import Delivery, OutboxItem, Rejected, TransientFailure
from core.usecases.ports import ClockPort, UnitOfWork, UnitOfWorkFactory

#: the outbox channel of the downloads (one lane per complaint)
FILES = "telegram_file"
#: the largest file the Bot API lets a bot download (getFile)
MAX_DOWNLOAD = 20 * 1024 * 1024


def _sent_files(events: list[JournalEvent]) -> list[Evidence]:
    found: list[Evidence] = []
    for event in events:
        facts = event_data(event)
        if isinstance(facts, Filed | ClientInformationAdded):
            found += facts.evidence
    return found


def download(reference: str, record: EvidenceFile) -> Delivery:
    payload = {"record_id": record.id, "file_id": record.file_ref, "reference": reference}
    return Delivery(FILES, reference, "download_file", payload)


class EvidenceKeeper:
    """The commit listener that records each file and queues its download."""

    def __init__(
        self, profile: SchoolProfile, staff_chat_id: int | None = None, language: str = "fr"
    ) -> None:
        self.staff_chat_id = staff_chat_id
        self.tr = HtmlTranslator(language, profile.timezone)

    async def __call__(
        self, uow: UnitOfWork, complaint: Complaint, events: list[JournalEvent], now: datetime
    ) -> None:
        if complaint.id is None:
            return
        for evidence in _sent_files(events):
            too_large = evidence.size is not None and evidence.size > MAX_DOWNLOAD
            status = FileStatus.TOO_LARGE if too_large else FileStatus.PENDING
            record = await uow.evidence_files.expect(complaint.id, evidence, FILES, now, status)
            if record.status is FileStatus.TOO_LARGE:
                await self.tell(uow, complaint, self.not_kept(record), now)
            elif record.status is FileStatus.PENDING:
                await uow.outbox.add([download(complaint.reference, record)], now)

    async def tell(self, uow: UnitOfWork, c: Complaint, text: Html, now: datetime) -> None:
        await uow.outbox.add(await tell_staff(uow, c, self.staff_chat_id, text), now)

    def not_kept(self, record: EvidenceFile) -> Html:
        name = record.name or record.kind
        if record.size is None:  # Telegram refused it without saying its size
            return self.tr.gettext(
                "📎 The client's file {name} is larger than the 20 MB Telegram lets a bot "
                "download: the school keeps no copy of it. Ask the client to send it by "
                "email, or in several smaller files.",
                name=name,
            )
        return self.tr.gettext(
            "📎 The client's file {name} ({size} MB) is larger than the 20 MB Telegram lets "
            "a bot download: the school keeps no copy of it. Ask the client to send it by "
            "email, or in several smaller files.",
            name=name,
            size=math.ceil(record.size / 1024 / 1024),
        )

    def not_downloaded(self, record: EvidenceFile) -> Html:
        return self.tr.gettext(
            "📎 The client's file {name} could not be downloaded from Telegram after several "
            "attempts: the school keeps no copy of it yet (<code>reclam outbox failed "
            "--retry</code> tries again).",
            name=record.name or record.kind,
        )


class FileDownloads:
    """The downloads' transport: the file from the Bot API into the school's storage."""

    def __init__(self, uow: UnitOfWorkFactory, api: BotApi, clock: ClockPort) -> None:
        self.uow, self.api, self.clock = uow, api, clock

    async def deliver(self, item: OutboxItem) -> str | None:
        if item.method != "download_file":
            raise Rejected(f"unknown file method {item.method}")
        record_id = int(item.payload["record_id"])
        async with self.uow() as uow:
            record = await uow.evidence_files.get(record_id)
        if record is None or record.status is not FileStatus.PENDING:
            return None  # already kept (a retry after a crash), or erased since
        content = await self.api.download_file(str(item.payload["file_id"]))
        if len(content) > MAX_DOWNLOAD:
            raise Rejected("file is too big")
        try:
            async with self.uow() as uow:
                kept = await uow.evidence_files.store(record_id, content, self.clock.now())
                await uow.commit()
        except OSError as error:  # the files folder is full or not writable: try later
            raise TransientFailure(f"the file could not be kept: {error}") from error
        return kept.sha256 if kept is not None else None
