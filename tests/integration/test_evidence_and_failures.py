"""On a real database: the school's copies of the clients' files (content-addressed in
the folder, shared when two clients send the same file, erased with each client), and the
managers' alerts and digest of failed deliveries (once a day per complaint, no loop, one
Telegram message whatever the number of failures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.telegram.delivery.evidence import FILES, EvidenceKeeper, FileDownloads
from bots.telegram.delivery.failures import DeliveryFailures
from bots.telegram.scheduling.handlers import WorkHandlers
from core.domain.evidence_file import FileStatus
from core.outbox import ABOUT_FAILURES, OutboxItem
from core.persistence.file_storage import FileStorage
from core.persistence.tables import due_work, outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.scheduling.planner import planner_for
from core.scheduling.ticker import Ticker
from core.usecases.anonymise_client import AnonymiseClient, anonymise_client
from tests.school import School, demo_profile

GROUP = -1001
SAME_PHOTO = b"the same screenshot, sent by two clients"


class TelegramFiles:
    """The Bot API's edge: every file_id downloads to the same bytes."""

    async def download_file(self, file_id: str) -> bytes:  # noqa: ARG002
        return SAME_PHOTO


@pytest.fixture
async def school(engine: AsyncEngine, tmp_path: Path) -> School:
    profile = demo_profile()
    storage = FileStorage(tmp_path / "files")
    listeners = [EvidenceKeeper(profile, GROUP)]
    return await School.open(SqlUnitOfWorkFactory(engine, listeners, storage=storage), profile)


async def download_everything(school: School) -> None:
    downloads = FileDownloads(school.deps.uow, TelegramFiles(), school.clock)  # type: ignore[arg-type]
    async with school.deps.uow() as uow:
        due = await uow.outbox.due(school.clock.now())
    for item in due:
        assert item.channel == FILES
        await downloads.deliver(item)


async def test_a_file_two_clients_sent_stays_until_the_last_of_them_is_erased(
    school: School, tmp_path: Path
) -> None:
    await school.file(by=school.client)
    await school.file(by=school.other_client)
    await download_everything(school)
    async with school.deps.uow() as uow:
        kept = await uow.evidence_files.of_complaints([1, 2])
    assert [k.status for k in kept] == [FileStatus.STORED, FileStatus.STORED]
    assert kept[0].path == kept[1].path  # one copy, named by its digest
    on_disk = tmp_path / "files" / str(kept[0].path)
    assert on_disk.read_bytes() == SAME_PHOTO
    for actor, still_there in ((school.client, True), (school.other_client, False)):
        assert actor.id is not None
        await anonymise_client(school.deps, actor, AnonymiseClient(actor.id, "client_request"))
        assert on_disk.exists() is still_there
    async with school.deps.uow() as uow:
        erased = await uow.evidence_files.of_complaints([1, 2])
    assert {e.status for e in erased} == {FileStatus.ERASED}
    assert {e.sha256 for e in erased} == {kept[0].sha256}  # the record says it existed


async def alerts_planned(school: School) -> list[str]:
    async with school.deps.uow() as uow:
        query = select(due_work.c.key).where(due_work.c.kind == "delivery_failed")
        return list((await uow.session.scalars(query)).all())


async def test_two_failures_of_one_complaint_in_a_day_plan_one_alert_and_an_alert_none(
    school: School,
) -> None:
    complaint = await school.file()
    failures = DeliveryFailures(EvidenceKeeper(school.deps.profile, GROUP))
    now = school.clock.now()
    about = {"reference": complaint.reference, "text": "…"}
    async with school.deps.uow() as uow:
        for item_id in (1, 2):
            item = OutboxItem(item_id, "telegram", "501", "send_message", about, 8, now)
            await failures(uow, item, "Internal Server Error", now)
        alert = {"text": "⚠️", ABOUT_FAILURES: True}
        await failures(
            uow, OutboxItem(3, "telegram", "101", "send_message", alert, 8, now), "", now
        )
        await uow.commit()
    assert await alerts_planned(school) == [f"{complaint.reference}:{now.date().isoformat()}"]
    school.later(days=1)
    async with school.deps.uow() as uow:
        item = OutboxItem(4, "telegram", "501", "send_message", about, 8, now)
        await failures(uow, item, "Internal Server Error", school.clock.now())
        await uow.commit()
    assert len(await alerts_planned(school)) == 2  # the next day, the managers hear again


async def test_the_morning_digest_of_many_failures_fits_in_one_telegram_message(
    school: School,
) -> None:
    failed_at = school.clock.now()
    rows = [
        {
            "channel": "email",
            "recipient": f"client{n}@example.org",
            "method": "send_email",
            "payload": {"reference": f"REC-2026-{n:04d}"},
            "created_at": failed_at,
            "status": "failed",
            "attempts": 8,
            "next_attempt_at": failed_at,
            "sent_at": failed_at,
            "error": "550 mailbox unavailable " * 20,
        }
        for n in range(1, 51)
    ]
    async with school.deps.uow() as uow:
        await uow.session.execute(outbox.insert(), rows)
        await uow.commit()
    school.later(days=1)
    periodic = planner_for(school.deps.profile).periodic
    await Ticker(school.deps, WorkHandlers(GROUP), "test", periodic=periodic).until_idle()
    async with school.deps.uow() as uow:
        query = select(outbox.c.recipient, outbox.c.payload).where(outbox.c.status == "pending")
        sent = [(r, p.get("text", "")) for r, p in (await uow.session.execute(query)).all()]
    digests = [(chat, text) for chat, text in sent if text.startswith("📋")]
    assert [chat for chat, _ in digests] == ["101"]  # the school's manager, in private
    [(_, text)] = digests
    assert text.startswith("📋 50 envois ont échoué le 2 mars 2026\xa0:")
    assert len(text) < 4096
    assert "autres." in text
    assert "reclam outbox failed --retry" in text
    school.later(hours=1)
    await Ticker(school.deps, WorkHandlers(GROUP), "test", periodic=periodic).until_idle()
    async with school.deps.uow() as uow:
        query = select(outbox.c.id).where(outbox.c.status == "pending")
        assert len((await uow.session.scalars(query)).all()) == len(sent)  # once a day
