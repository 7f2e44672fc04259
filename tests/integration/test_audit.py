"""The written procedure and the audit archive, from the command line on a real SQLite
file: the procedure follows the school's profile, and the archive's index names only files
it holds, covers every requirement, and keeps confidential complaints to references."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import re
import sqlite3
import zipfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from core.documents.stored import PROCEDURE_PREFIX
from core.domain.enums import ActionKind, Channel
from core.domain.journal import Actor
from core.domain.values import PersonConcerned
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.profile import DEMO
from core.reports.audit_bundle import REQUIREMENTS
from core.usecases.acknowledge_with_letter import AcknowledgeWithLetter, acknowledge_with_letter
from core.usecases.common import Refused
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.file_complaint import FileComplaint, file_complaint
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.record_complaint import ClientContact, RecordComplaint, record_complaint
from core.usecases.record_meeting import RecordMeeting, record_meeting
from core.usecases.write_procedure import write_procedure as write_procedure_now
from reclam.cli import app
from tests.databases import migrated_engine
from tests.school import START, School

runner = CliRunner()
SECRET = "Le moniteur X m'a parlé de façon humiliante devant témoins."
SECRET_ACTION = "Entretien disciplinaire avec le moniteur concerné"
SPRING = "2026-03..2026-04"  # the complaints' and the meeting's months
#: what the issue asks the index to cover, as the French index names it
REQUIRED = (
    "Qualiopi, indicateur 30",
    "Qualiopi, indicateur 31",
    "Qualiopi, indicateur 32",
    "articles L612-1 et L612-2",
    "article L616-1",
    "ISO 10002, section 8",
    "ISO 10002, section 9",
    "RGPD, limitation de la conservation",
)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def database_env(tmp_path: Path, profile: Path = DEMO) -> dict[str, str]:
    return {
        "RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'reclam.db'}",
        "RECLAM_PROFILE": str(profile),
    }


def write_procedure(tmp_path: Path, profile: Path, output: str) -> tuple[str, str]:
    """What the command said, and the procedure's text."""
    command = ["procedure", "--output", str(tmp_path / output)]
    result = runner.invoke(app, command, env=database_env(tmp_path, profile))
    assert result.exit_code == 0, result.output
    return result.output, flat(pdf_text((tmp_path / output).read_bytes()))


def version_in(said: str) -> str:
    [version] = re.findall(r"version ([0-9a-f]{12})", said)
    return version


def test_the_procedure_is_written_from_the_profile_and_changes_with_it(tmp_path: Path) -> None:
    assert runner.invoke(app, ["db", "upgrade"], env=database_env(tmp_path)).exit_code == 0
    said, text = write_procedure(tmp_path, DEMO, "before.pdf")
    assert "dans un délai de 10 jours calendaires" in text
    assert "Médiateur de la consommation (exemple)" in text
    assert "https://mediateur.example" in text
    assert "P1 : une réponse dans un délai de 2 jours calendaires" in text
    assert "Seuls les responsables décident" in text  # the permission matrix: DECIDE
    assert "Avoir, Leçon(s) offerte(s)" in text  # the compensation catalogue
    version = version_in(said)
    assert f"version {version}" in text

    changed = tmp_path / "changed.toml"
    changed.write_text(
        DEMO.read_text(encoding="utf-8").replace(
            "Médiateur de la consommation (exemple)", "Médiateur des Auto-écoles du Rhône"
        )
        + '\n[deadlines]\nacknowledge_days = 5\nmode = "working"\nholiday_subdivision = "57"\n'
        "answer_days = { P1 = 3, P2 = 7, P3 = 15, P4 = 30 }\n",
        encoding="utf-8",
    )
    said_after, after = write_procedure(tmp_path, changed, "after.pdf")
    assert "dans un délai de 5 jours ouvrés" in after
    assert "hors jours fériés français, y compris ceux du territoire 57" in after
    assert "P1 : une réponse dans un délai de 3 jours ouvrés" in after
    assert "Médiateur des Auto-écoles du Rhône" in after
    assert "Médiateur de la consommation (exemple)" not in after
    assert version_in(said_after) != version

    said_again, again = write_procedure(tmp_path, DEMO, "again.pdf")
    assert version_in(said_again) == version  # the first version, as it was recorded
    assert again == text


async def test_each_version_of_the_procedure_is_kept_once_from_the_day_it_was_first_written(
    school: School,
) -> None:
    first = await write_procedure_now(school.deps, Actor.system())
    school.later(days=4)
    again = await write_procedure_now(school.deps, Actor.system())
    assert (again.version, again.since, again.new) == (first.version, START.date(), False)
    assert again.content == first.content  # the same inputs, the same text
    deadlines = replace(school.deps.profile.deadlines, acknowledge_days=5)
    changed = replace(school.deps, profile=replace(school.deps.profile, deadlines=deadlines))
    second = await write_procedure_now(changed, Actor.system())
    assert second.new
    assert second.version != first.version
    assert second.since == START.date() + timedelta(days=4)
    async with school.deps.uow() as uow:
        kept = await uow.documents.reports_named(PROCEDURE_PREFIX)
    assert [d.name for d in kept] == [
        f"procedure-{first.version}.pdf",
        f"procedure-{second.version}.pdf",
    ]
    with pytest.raises(Refused):
        await write_procedure_now(school.deps, school.client)


async def a_year_of_complaints(tmp_path: Path) -> None:
    """Complaints acknowledged by letter, one answered and surveyed, a confidential one
    with its action, one received by letter and rejected by post, and a quality meeting
    read by one colleague out of four."""
    async with migrated_engine("sqlite", tmp_path) as engine:
        school = await School.open(SqlUnitOfWorkFactory(engine))
        answered = await school.file()
        await acknowledge_with_letter(
            school.deps, school.agent, AcknowledgeWithLetter(answered.reference)
        )
        await school.evaluate(answered.reference)
        await school.accept(answered.reference)
        await school.plan(answered.reference)
        await school.answer_survey(answered.reference, satisfaction=5)
        second = await school.file(by=school.other_client)
        await acknowledge_with_letter(
            school.deps, school.agent, AcknowledgeWithLetter(second.reference)
        )
        school.later(days=20)
        secret = await file_complaint(
            school.deps,
            school.other_client,
            FileComplaint(
                category="staff_conduct",
                description=SECRET,
                incident_on=school.clock.now().date(),
                incident_place="Leçon",
                persons=(PersonConcerned(school.instructor.id, "Marc Petit"),),
                evidence=(),
                desired_code="apology",
                desired_text="",
            ),
        )
        await acknowledge_with_letter(
            school.deps, school.manager, AcknowledgeWithLetter(secret.reference)
        )
        await evaluate_complaint(
            school.deps, school.manager, EvaluateComplaint(secret.reference, 2, 2, 2)
        )
        assert school.manager.id is not None
        await plan_action(
            school.deps,
            school.manager,
            PlanAction(
                secret.reference,
                ActionKind.CORRECTIVE,
                SECRET_ACTION,
                school.manager.id,
                school.clock.now().date() + timedelta(days=7),
            ),
        )
        by_post = await record_complaint(
            school.deps,
            school.agent,
            RecordComplaint(
                Channel.LETTER,
                school.clock.now().date(),
                ClientContact("Jean Dupont", postal_address="3 rue des Écoles, 69007 Lyon"),
                FileComplaint("billing", "Facturé deux fois.", desired_code="refund"),
            ),
        )
        await acknowledge_with_letter(
            school.deps, school.agent, AcknowledgeWithLetter(by_post.reference)
        )
        await school.evaluate(by_post.reference)
        await school.reject(by_post.reference)  # by post: a decision letter, with the mediator
        assert school.agent.id is not None
        await record_meeting(
            school.deps,
            school.manager,
            RecordMeeting(
                date(2026, 4, 2),
                "Claire Martin, Sami Benali",
                "Les annulations sans prévenir reculent.",
                (("Afficher la règle des 48 h", school.agent.id, date(2026, 4, 30)),),
            ),
        )


def audit(tmp_path: Path, *options: str) -> zipfile.ZipFile:
    output = tmp_path / "audit.zip"
    command = ["audit", "--output", str(output), *(options or ("--year", "2026"))]
    result = runner.invoke(app, command, env=database_env(tmp_path))
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(output)


def text_of(archive: zipfile.ZipFile, name: str) -> str:
    content = archive.read(name)
    if name.endswith(".pdf"):
        return pdf_text(content)
    if name.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
        )
    return content.decode("utf-8-sig")


def test_the_audit_archive_holds_every_file_its_index_names_for_every_requirement(
    tmp_path: Path,
) -> None:
    asyncio.run(a_year_of_complaints(tmp_path))
    archive = audit(tmp_path)
    names = set(archive.namelist())
    index = pdf_text(archive.read("index.pdf"))
    named = set(re.findall(r"\b\d\d-[\w.-]+/[\w./-]+\.(?:pdf|csv|xlsx|txt)\b", index))
    assert named
    assert named <= names
    rows = list(csv.reader(io.StringIO(text_of(archive, "index.csv")), delimiter=";"))[1:]
    assert {path for _, _, path in rows} <= names
    for requirement in (
        "Qualiopi, indicateur 30",
        "Qualiopi, indicateur 31",
        "Qualiopi, indicateur 32",
        "L612-1 et L612-2",
        "L616-1",
        "ISO 10002, section 8",
        "ISO 10002, section 9",
        "RGPD",
    ):
        assert requirement in index, requirement
        assert any(requirement in r[0] for r in rows), requirement
    assert len({r[0] for r in rows}) == len(REQUIREMENTS)
    assert sum(1 for n in names if n.startswith("03-")) == 12  # a pack a month
    letters = [n for n in names if n.startswith("07-") and n.endswith(".pdf")]
    assert len(letters) == 4  # three acknowledgements and an answer; not the confidential one
    [answer] = [n for n in letters if "/reponse-" in n]
    assert "Médiateur de la consommation (exemple)" in text_of(archive, answer)  # L616-1
    receipts = text_of(archive, next(n for n in names if "lectures" in n))
    assert "Sami Benali" in receipts
    assert "non lu" in receipts
    surveys = text_of(archive, next(n for n in names if n.startswith("08-")))
    assert "REC-2026-0001" in surveys
    assert ";5;" in surveys
    manifest = text_of(archive, "manifest.csv")
    assert all(name in manifest for name in names - {"manifest.csv"})
    assert text_of(archive, "10-journal/verification.txt").count("Journal intact") == 1
    assert "Journal intact" in flat(index)  # its verdict, on the index's first page


def test_confidential_complaints_are_references_only_unless_a_manager_asks(
    tmp_path: Path,
) -> None:
    asyncio.run(a_year_of_complaints(tmp_path))
    archive = audit(tmp_path, "--period", SPRING)
    everything = "\n".join(text_of(archive, n) for n in archive.namelist())
    assert "REC-2026-0003" in text_of(archive, "index.pdf")
    withheld = next(n for n in archive.namelist() if n.startswith("09-"))
    assert "REC-2026-0003" in text_of(archive, withheld)
    assert "humiliante" not in everything
    assert SECRET_ACTION not in flat(everything)

    asked = ["--include-confidential", "--manager", "Sami Benali"]  # an agent
    command = ["audit", "--period", SPRING, "--output", str(tmp_path / "x.zip"), *asked]
    refused = runner.invoke(app, command, env=database_env(tmp_path))
    assert refused.exit_code == 1
    assert not (tmp_path / "x.zip").exists()
    nobody = runner.invoke(app, command[:-2], env=database_env(tmp_path))  # no --manager
    assert nobody.exit_code == 1
    assert "--manager" in nobody.output
    assert not (tmp_path / "x.zip").exists()

    full = audit(
        tmp_path, "--period", SPRING, "--include-confidential", "--manager", "claire martin"
    )
    everything = "\n".join(text_of(full, n) for n in full.namelist())
    assert "humiliante" in everything
    assert "Claire Martin" in text_of(full, "index.pdf")


def test_an_archive_made_after_the_journal_was_edited_says_so_and_names_the_event(
    tmp_path: Path,
) -> None:
    asyncio.run(a_year_of_complaints(tmp_path))
    with contextlib.closing(sqlite3.connect(tmp_path / "reclam.db")) as connection:
        connection.execute(
            "UPDATE journal_events SET payload = json_set(payload, '$.severity', 1) "
            "WHERE kind = 'evaluated' AND complaint_id = 1"
        )
        connection.commit()
    archive = audit(tmp_path, "--period", "2026-03")
    report = text_of(archive, "10-journal/verification.txt")
    assert report.startswith("Vérification du journal des réclamations")
    assert "Journal altéré\xa0: REC-2026-0001" in report
    assert "Journal altéré" in text_of(archive, "index.pdf")
