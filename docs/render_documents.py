"""Render every document Reclam hands over, for a small school whose clients write their
names in several scripts, and keep each document's first page as a PNG in docs/images/
(the README shows them), and the quality pack's first page of figures; the
acknowledgement of a client who reads Arabic, laid out right to left; the written
procedure and the audit archive's index. Needs pdftoppm
(poppler-utils).

    .venv/bin/python docs/render_documents.py [--pdf-dir /tmp/reclam-documents]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

from core.documents.personal_data import personal_data_pdf
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter, parse_period
from core.i18n import Translator
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.reports.audit_bundle import BuildAuditBundle, audit_bundle
from core.reports.formats import ExportFormat
from core.reports.pack_file import PackFormat, pack_file
from core.reports.register_file import register_file
from core.usecases.export_my_data import export_my_data
from core.usecases.export_register import ExportRegister
from core.usecases.write_procedure import write_procedure
from tests.databases import migrated_engine
from tests.integration.test_documents_in_every_script import (
    NAMES,
    client_files_twice,
    stored_pdfs,
)
from tests.school import School

IMAGES = Path(__file__).resolve().parent / "images"
ARABIC_READER = "محمد العربي"  # a client whose language is Arabic


async def documents(workdir: Path) -> dict[str, bytes]:
    """The school's documents by name: letters, register, pack, a client's data."""
    async with migrated_engine("sqlite", workdir) as engine:
        school = await School.open(SqlUnitOfWorkFactory(engine))
        await school.answered()
        busy = await school.answered()
        await school.plan(busy.reference)
        await school.answer_survey(busy.reference, satisfaction=3)
        for index, name in enumerate(NAMES):
            await client_files_twice(school, index, name)
            school.later(days=1)
        await school.file(category="vehicles", about_instructor=False)
        before = len(await stored_pdfs(school))
        await client_files_twice(school, len(NAMES), ARABIC_READER, language="ar")
        found: dict[str, bytes] = {}
        async with school.deps.uow() as uow:
            client = await uow.clients.by_email("client0@example.org")
            for document_id in (1, 4):  # the first client's acknowledgement and answer
                document = await uow.documents.get(document_id)
                assert document is not None
                found[document.name.split("-")[0]] = document.content
            arabic = await uow.documents.get(before + 1)  # the Arabic reader's acknowledgement
            assert arabic is not None
            found["accuse-ar"] = arabic.content
        assert client is not None
        assert client.id is not None
        data = await export_my_data(school.deps, Actor.client(client.id, client.display_name))
        found["mydata"] = personal_data_pdf(
            data, Translator("fr", school.deps.profile.timezone), school.deps.profile
        )
        march = parse_period("2026-03")
        command = ExportRegister(ComplaintFilter(received=march))
        found["register"] = (
            await register_file(school.deps, school.manager, command, ExportFormat.PDF)
        ).content
        found["quality-pack"] = (
            await pack_file(school.deps, school.manager, march, PackFormat.PDF)
        ).content
        found["procedure"] = (await write_procedure(school.deps, school.manager)).content
        bundle = await audit_bundle(school.deps, school.manager, BuildAuditBundle(march))
        with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
            found["audit-index"] = archive.read("index.pdf")
        return found


def page_png(pdf: Path, png: Path, page: int = 1) -> None:
    stem, number = png.with_suffix(""), str(page)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", number, "-l", number, "-singlefile", pdf, stem],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pdf-dir", type=Path, default=Path(tempfile.gettempdir()) / "reclam")
    args = parser.parse_args()
    args.pdf_dir.mkdir(parents=True, exist_ok=True)
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        found = asyncio.run(documents(Path(workdir)))
    for name, content in found.items():
        pdf = args.pdf_dir / f"{name}.pdf"
        pdf.write_bytes(content)
        page_png(pdf, IMAGES / f"{name}.png")
        print(pdf, IMAGES / f"{name}.png")
    # the pack's cover says little: its first page of figures as well
    page_png(args.pdf_dir / "quality-pack.pdf", IMAGES / "quality-pack-figures.png", 2)


if __name__ == "__main__":
    main()
