"""The school keeps its own copy of every file a client sends: downloaded through getFile,
kept with its SHA-256 digest in the database or in RECLAM_FILES_DIR, retried when the Bot
API fails, listed in /mydata, erased with the client's data. On both adapters."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bots.emulator.limits import Fault
from core.domain.evidence_file import EvidenceFile, FileStatus
from core.persistence.tables import evidence_files
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import reach_category
from tests.e2e.test_personal_data import files as documents_sent

pytestmark = pytest.mark.e2e
FRAMEWORKS = ["aiogram", "ptb"]
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
VOICE = b"OggS voice note " * 700
CONTRACT = b"%PDF-1.4 the signed contract " + b"\x00\xff" * 3000


async def file_with(r: Reclam, user: object, files: list[tuple[str, str, bytes]]) -> str:
    """File a complaint, sending ``files`` (name, kind, content) with the description."""
    await reach_category(r, user)  # type: ignore[arg-type]
    for label in ("Facturation et tarifs", "Aujourd'hui", "Bureau / accueil"):
        await r.press(user, label)  # type: ignore[arg-type]
    await r.press(user, "Personne en particulier")  # type: ignore[arg-type]
    await r.say(user, "Facture envoyée deux fois.")  # type: ignore[arg-type]
    for name, kind, content in files:
        await r.send_file(user, name, kind, content)  # type: ignore[arg-type]
    await r.press(user, "Terminé")  # type: ignore[arg-type]
    await r.press(user, "Un remboursement")  # type: ignore[arg-type]
    sent = await r.press(user, "✅ Envoyer")  # type: ignore[arg-type]
    return sent[0].split("référence ")[1].split(".")[0]


async def records(r: Reclam) -> list[EvidenceFile]:
    async with r.uow() as uow:
        ids = (await uow.session.scalars(select(evidence_files.c.complaint_id))).all()
        return await uow.evidence_files.of_complaints(sorted(set(ids)))


async def stored(r: Reclam, count: int, within: float = 10.0) -> list[EvidenceFile]:
    async def done() -> bool:
        found = await records(r)
        return len(found) == count and all(f.status is not FileStatus.PENDING for f in found)

    for _ in range(int(within / 0.05)):
        if await done():
            break
        await r.running.sender.drain() if r.running else None
    return await records(r)


async def content_of(r: Reclam, record: EvidenceFile) -> bytes | None:
    async with r.uow() as uow:
        return await uow.evidence_files.content(record.id)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("where", ["database", "folder"])
async def test_a_clients_photo_and_document_are_kept_byte_identical_with_their_digest(
    framework: str, where: str, tmp_path: Path
) -> None:
    folder = tmp_path / "files" if where == "folder" else None
    async with reclam(framework, tmp_path, files_dir=folder) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa", "Dubois")
        sent = [("sms.png", "photo", PHOTO), ("contrat.pdf", "document", CONTRACT)]
        await file_with(r, lea, [*sent, ("message.ogg", "voice", VOICE)])
        photo, contract, voice = await stored(r, 3)
        assert {photo.status, contract.status, voice.status} == {FileStatus.STORED}
        assert (voice.kind, voice.mime_type) == ("voice", "audio/ogg")
        assert await content_of(r, voice) == VOICE
        assert photo.sha256 == hashlib.sha256(PHOTO).hexdigest()
        assert contract.sha256 == hashlib.sha256(CONTRACT).hexdigest()
        assert (contract.name, contract.mime_type, contract.size) == (
            "contrat.pdf",
            "application/octet-stream",
            len(CONTRACT),
        )
        assert await content_of(r, photo) == PHOTO
        assert await content_of(r, contract) == CONTRACT
        if folder is not None:  # content-addressed, nothing in the database but the path
            on_disk = folder / contract.sha256[:2] / contract.sha256
            assert on_disk.read_bytes() == CONTRACT
            assert contract.path == f"{contract.sha256[:2]}/{contract.sha256}"
            async with r.uow() as uow:
                blobs = (await uow.session.scalars(select(evidence_files.c.content))).all()
            assert blobs == [None, None, None]
        # the staff thread still shows the file itself, through Telegram's file_id
        await r.settled()
        forwarded = [m for m in r.emulator.transcript(r.staff_group.id) if "document" in m.data]
        assert any(m.data["document"]["file_id"] == contract.file_ref for m in forwarded)


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_getfile_failure_is_retried_and_the_file_is_kept_in_the_end(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        r.emulator.telegram.faults.add(Fault("500", method="getFile", times=2))
        lea = r.emulator.user(501, "Léa", "Dubois")
        await file_with(r, lea, [("contrat.pdf", "document", CONTRACT)])
        for _ in range(6):  # the backoff: 1 s, then 2 s
            await r.settled(within=1.0)
            r.clock.advance(timedelta(seconds=5))
            assert r.running is not None
            await r.running.sender.drain()
        [contract] = await stored(r, 1)
        assert contract.status is FileStatus.STORED
        assert await content_of(r, contract) == CONTRACT
        assert r.emulator.telegram.faults.injected == 2
        assert [m for m, _ in r.emulator.telegram.calls].count("getFile") == 1


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_file_over_20_mb_is_recorded_as_not_downloadable_and_staff_are_told(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa", "Dubois")
        big = b"v" * (20 * 1024 * 1024 + 1)
        await file_with(r, lea, [("dashcam.mp4", "document", big)])
        [video] = await stored(r, 1)
        assert video.status is FileStatus.TOO_LARGE
        assert video.sha256 is None
        assert await content_of(r, video) is None
        assert "getFile" not in [m for m, _ in r.emulator.telegram.calls]
        await r.settled()
        staff = " ".join(r.emulator.bot_texts(r.bot, r.staff_group.id))
        assert "La pièce jointe dashcam.mp4 du client (21\xa0Mo) dépasse les 20\xa0Mo" in staff


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_mydata_lists_the_files_and_the_erasure_deletes_their_content(
    framework: str, tmp_path: Path
) -> None:
    folder = tmp_path / "files"
    async with reclam(framework, tmp_path, files_dir=folder) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa", "Dubois")
        await file_with(r, lea, [("contrat.pdf", "document", CONTRACT)])
        [contract] = await stored(r, 1)
        await r.say(lea, "/mydata", expect=3)
        await r.emulator.wait_until(lambda: {"json", "pdf"} <= set(documents_sent(r, lea.id)))
        data = json.loads(documents_sent(r, lea.id)["json"])
        [listed] = data["complaints"][0]["files"]
        assert listed["sha256"] == hashlib.sha256(CONTRACT).hexdigest()
        assert (listed["name"], listed["size"], listed["status"]) == (
            "contrat.pdf",
            len(CONTRACT),
            "stored",
        )
        await r.say(lea, "/forget")
        await r.press(lea, "Oui, effacer mes données")
        [erased] = await records(r)
        assert erased.status is FileStatus.ERASED
        assert await content_of(r, erased) is None
        assert erased.sha256 == contract.sha256  # the record keeps that it existed
        assert erased.name == ""
        assert not erased.file_ref.startswith("F")
        assert not (folder / contract.sha256[:2] / contract.sha256).exists()


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_download_not_yet_made_survives_a_restart_of_the_bot(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        r.emulator.telegram.faults.add(Fault("502", method="getFile", times=1))
        lea = r.emulator.user(501, "Léa", "Dubois")
        await file_with(r, lea, [("contrat.pdf", "document", CONTRACT)])
        await r.emulator.wait_until(lambda: r.emulator.telegram.faults.injected == 1)
        [waiting] = await records(r)
        assert waiting.status is FileStatus.PENDING  # the job waits for its retry
        await r.restart()  # the process stops (or dies) before the retry
        r.clock.advance(timedelta(seconds=5))
        [contract] = await stored(r, 1)
        assert contract.status is FileStatus.STORED
        assert await content_of(r, contract) == CONTRACT
