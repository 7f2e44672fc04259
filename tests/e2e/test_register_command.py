"""/register in the staff group sends the register as a file; confidential complaints are
only in a manager's private copy."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from babel.dates import format_date

from bots.emulator.world import Chat
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly

pytestmark = pytest.mark.e2e


def documents(r: Reclam, chat: Chat | int) -> list[bytes]:
    chat_id = chat if isinstance(chat, int) else chat.id
    return [
        r.emulator.telegram.files[m.data["document"]["file_id"]].content
        for m in r.emulator.transcript(chat_id)
        if "document" in m.data
    ]


def references(content: bytes) -> set[str]:
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    return {row["Référence"] for row in rows}


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_the_register_arrives_as_a_file_and_the_group_copy_hides_confidential_ones(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        lea, tom = r.emulator.user(501, "Léa"), r.emulator.user(502, "Tom")
        public = await file_quickly(r, lea)
        secret = await file_quickly(r, tom, category="Comportement d'un membre du personnel")
        claire = r.emulator.telegram.users[101]
        r.emulator.send_text(r.bot, claire, "/register csv", chat=r.staff_group)
        await r.emulator.wait_until(lambda: bool(documents(r, r.staff_group)))
        assert references(documents(r, r.staff_group)[0]) == {public}
        r.emulator.send_text(r.bot, claire, "/register csv")  # her private chat
        await r.emulator.wait_until(lambda: bool(documents(r, claire.id)))
        assert references(documents(r, claire.id)[0]) == {public, secret}
        marc = r.emulator.telegram.users[103]  # an instructor
        before = len(r.emulator.transcript(r.staff_group.id))
        r.emulator.send_text(r.bot, marc, "/register csv", chat=r.staff_group)
        await r.emulator.wait_until(
            lambda: len(r.emulator.transcript(r.staff_group.id)) >= before + 2
        )
        refusal = r.emulator.transcript(r.staff_group.id)[-1].text
        assert refusal.startswith("Vous ne pouvez pas faire cela")
        assert len(documents(r, r.staff_group)) == 1


async def test_report_sends_the_quality_pack_as_a_pdf(tmp_path: Path) -> None:
    async with reclam("aiogram", tmp_path) as r:
        lea = r.emulator.user(501, "Léa")
        await file_quickly(r, lea)
        sami = r.emulator.telegram.users[102]
        period = r.deps.calendar.local_date(r.clock.now()).strftime("%Y-%m")
        r.emulator.send_text(r.bot, sami, f"/report {period}", chat=r.staff_group)
        await r.emulator.wait_until(lambda: bool(documents(r, r.staff_group)))
        from pypdf import PdfReader

        [pack] = documents(r, r.staff_group)
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pack)).pages)
        month = format_date(r.clock.now(), "LLLL y", locale="fr")
        assert f"Dossier de la réunion qualité — {month}" in text
        assert "Réclamations reçues 1" in text
