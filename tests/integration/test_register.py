"""The complaints register exported as CSV, XLSX and PDF, read back and compared with
the database; confidential complaints only in a manager's own export."""

from __future__ import annotations

import csv
import gc
import io
from dataclasses import replace
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.domain.enums import ActionKind, Channel, CompensationKind, Status
from core.domain.errors import NotAuthorised
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter, parse_period
from core.domain.values import Action, Compensation, PersonConcerned
from core.i18n import Translator
from core.reports.formats import ExportFormat
from core.reports.register import RegisterContext, register_row, titles
from core.reports.register_file import register_file
from core.usecases.export_register import ExportRegister, register_rows
from core.usecases.file_complaint import FileComplaint, file_complaint
from tests.school import School


async def busy_school(school: School) -> dict[str, str]:
    """An accepted and closed complaint, a rejected one, an open one and a confidential one."""
    accepted = await school.answered()
    await school.answer_survey(accepted.reference, satisfaction=4)
    rejected = (await school.file(category="billing", about_instructor=False)).reference
    await school.acknowledge(rejected)
    await school.evaluate(rejected)
    await school.reject(rejected)
    still_open = (await school.file(category="vehicles", about_instructor=False)).reference
    secret = (await school.file(category="staff_conduct")).reference
    return {
        "accepted": accepted.reference,
        "rejected": rejected,
        "open": still_open,
        "confidential": secret,
    }


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheet programs look for
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


async def test_the_csv_register_holds_a_row_per_complaint_matching_the_database(
    school: School,
) -> None:
    refs = await busy_school(school)
    command = ExportRegister(ComplaintFilter(received=parse_period("2026-03")))
    file = await register_file(school.deps, school.manager, command, ExportFormat.CSV)
    assert file.name == "registre-2026-03.csv"
    rows = {row["Référence"]: row for row in read_csv(file.content)}
    assert set(rows) == set(refs.values())
    accepted = rows[refs["accepted"]]
    async with school.deps.uow() as uow:
        stored = await uow.complaints.get(refs["accepted"])
    assert stored is not None
    assert accepted["Client"] == "Léa Dubois"
    assert accepted["Reçue le"] == "2026-03-02"
    assert accepted["Sujet"] == stored.subject
    assert accepted["Catégorie"] == "Planning et annulations de leçons"
    assert accepted["Personnes concernées"] == "Marc Petit"
    assert accepted["Décision"] == "acceptée"
    assert accepted["Compensations"] == "un avoir de 45,00\xa0€"
    assert accepted["Montant des compensations"] == "45"
    assert accepted["Satisfaction"] == "4"
    assert accepted["Statut"] == "clôturée"
    assert accepted["Réception accusée dans le délai"] == "oui"
    assert accepted["Réponse envoyée dans le délai"] == "oui"
    assert rows[refs["rejected"]]["Décision"] == "refusée"
    assert rows[refs["open"]]["Décision"] == ""


async def test_an_agents_export_never_holds_a_confidential_complaint(school: School) -> None:
    refs = await busy_school(school)
    command = ExportRegister(ComplaintFilter())
    agent = await register_file(school.deps, school.agent, command, ExportFormat.CSV)
    assert refs["confidential"] not in {r["Référence"] for r in read_csv(agent.content)}
    manager = await register_file(school.deps, school.manager, command, ExportFormat.CSV)
    assert refs["confidential"] in {r["Référence"] for r in read_csv(manager.content)}
    shared = ExportRegister(ComplaintFilter(), shared=True)
    group = await register_file(school.deps, school.manager, shared, ExportFormat.CSV)
    assert refs["confidential"] not in {r["Référence"] for r in read_csv(group.content)}


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_an_instructor_may_not_export_the_register_and_no_file_is_left_open(
    school: School, fmt: ExportFormat
) -> None:
    with pytest.raises(NotAuthorised):
        await register_file(school.deps, school.instructor, ExportRegister(ComplaintFilter()), fmt)
    gc.collect()  # a writer opened before the refusal would complain here (an error, in tests)


async def test_filters_by_status_category_and_instructor_narrow_the_register(
    school: School,
) -> None:
    refs = await busy_school(school)

    async def refs_of(f: ComplaintFilter) -> set[str]:
        file = await register_file(
            school.deps, school.manager, ExportRegister(f), ExportFormat.CSV
        )
        return {r["Référence"] for r in read_csv(file.content)}

    assert await refs_of(ComplaintFilter(statuses=frozenset({Status.CLOSED}))) == {
        refs["accepted"]
    }
    assert await refs_of(ComplaintFilter(category="billing")) == {refs["rejected"]}
    assert await refs_of(ComplaintFilter(staff_id=school.instructor.id)) == {
        refs["accepted"],
        refs["confidential"],
    }
    assert await refs_of(ComplaintFilter(received=parse_period("2026-04"))) == set()


async def test_the_xlsx_register_is_formatted_with_a_title_filters_and_print_set_up(
    school: School,
) -> None:
    refs = await busy_school(school)
    command = ExportRegister(ComplaintFilter())
    file = await register_file(school.deps, school.manager, command, ExportFormat.XLSX)
    sheet = load_workbook(io.BytesIO(file.content)).active
    assert sheet is not None
    title = sheet["A1"].value
    assert school.deps.profile.name in title
    assert "Toutes les réclamations" in title
    assert "Exporté le 2 mars 2026" in title
    assert "A1:U1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:U6"
    assert sheet["A2"].value == "Référence"
    assert sheet["A2"].font.bold
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"
    row = {sheet.cell(2, col).value: sheet.cell(3, col) for col in range(1, 22)}
    assert row["Référence"].value == refs["accepted"]
    assert row["Canal"].value == "Telegram"
    assert row["Reçue le"].is_date
    assert row["Sujet"].alignment.wrap_text
    assert row["Montant des compensations"].value == 45
    assert row["Montant des compensations"].number_format == '#,##0.00 "€"'


async def test_the_pdf_register_is_landscape_with_the_schools_header(school: School) -> None:
    refs = await busy_school(school)
    command = ExportRegister(ComplaintFilter(received=parse_period("2026-03")))
    file = await register_file(school.deps, school.manager, command, ExportFormat.PDF)
    reader = PdfReader(io.BytesIO(file.content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert school.deps.profile.name in text
    assert "Registre des réclamations\nmars 2026 · Exporté le 2 mars 2026 à 10:00" in text
    assert "1 / 1" in text  # the page number
    for reference in refs.values():
        assert reference in text


async def test_the_pdf_register_carries_every_column_and_an_open_complaints_status(
    school: School,
) -> None:
    refs = await busy_school(school)
    command = ExportRegister(ComplaintFilter(received=parse_period("2026-03")))
    file = await register_file(school.deps, school.manager, command, ExportFormat.PDF)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(file.content)).pages)
    words = " ".join(text.split())  # a heading may wrap between its words, never inside one
    for heading in titles(Translator("fr")):
        assert heading in words
    row = next(line for line in text.splitlines() if line.startswith(refs["open"]))
    assert row.split() == [refs["open"]]  # the reference, and below it the status
    after = text.split(refs["open"], 1)[1]
    assert after.split("\n")[1].startswith("reçue")
    assert "45,00 €" in words  # the amount of the accepted complaint's credit note
    assert "acceptée" in words
    assert "refusée" in words
    assert "Annulation pour météo dangereuse." in words  # the reasons


async def test_control_characters_a_client_typed_do_not_break_the_xlsx_register(
    school: School,
) -> None:
    await file_complaint(
        school.deps,
        school.client,
        FileComplaint(
            category="planning",
            description="\x1b[31mAnnulée\x07 trois fois\u202e",
            desired_text="Un avoir\x00",
        ),
    )
    command = ExportRegister(ComplaintFilter())
    file = await register_file(school.deps, school.manager, command, ExportFormat.XLSX)
    sheet = load_workbook(io.BytesIO(file.content)).active
    assert sheet is not None
    assert sheet["E3"].value == "[31mAnnulée trois fois\u202e"  # the subject, cleaned


async def varied_school(school: School) -> None:
    """The busy school, and a complaint with everything a row can fold: a person from the
    directory and one described in words, two actions (one done), three compensations, a
    handler, an acknowledgement posted by letter but not yet sent, long reasons."""
    await busy_school(school)
    varied = await school.answered()
    await school.plan(varied.reference)
    assert school.instructor.id is not None
    assert school.manager.id is not None
    async with school.deps.uow() as uow:
        c = await uow.complaints.get(varied.reference)
        assert c is not None
        assert c.decision
        assert c.acknowledgement
        assert c.received_at
        c.persons = (
            PersonConcerned(school.instructor.id, "ancien nom"),
            PersonConcerned(None, "le moniteur du samedi"),
        )
        later = c.received_at + timedelta(days=2)
        c.actions = [
            *c.actions,
            Action(
                2,
                ActionKind.IMPROVEMENT,
                "Revoir le planning; le samedi",
                1,
                later.date(),
                later,
                result="fait",
                done_at=later,
            ),
        ]
        c.decision = replace(
            c.decision,
            reasons="Une raison très longue. " * 12,
            compensations=(
                Compensation(CompensationKind.CREDIT_NOTE, 4550),
                Compensation(CompensationKind.EXTRA_LESSON, quantity=2, description="le soir"),
                Compensation(CompensationKind.APOLOGY),
            ),
        )
        c.acknowledgement = replace(c.acknowledgement, by_post=True, posted_at=None)
        c.handler_id, c.channel = school.manager.id, Channel.PHONE
        await uow.complaints.save(c)
        await uow.commit()
    late = await school.answered()  # acknowledged on time, answered late
    school.later(days=40)
    await school.answer_survey(late.reference, satisfaction=2)


async def rows_from_aggregates(school: School, actor: Actor, command: ExportRegister) -> list:
    """The register as it was built before the projection: from whole complaints."""
    tr = Translator(command.language, school.deps.profile.timezone)
    async with school.deps.uow() as uow:
        staff = {m.id: m.name for m in await uow.staff.list(active_only=False) if m.id}
        found = [
            c async for b in uow.complaints.matching(command.filter, "Europe/Paris") for c in b
        ]
        names = await uow.clients.names(sorted({c.client_id for c in found}))
    shown = [c for c in found if not c.confidential or (actor.is_manager and not command.shared)]
    ctx = RegisterContext(school.deps.profile, school.deps.calendar, tr, names, staff)
    return [register_row(c, ctx) for c in shown]


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_the_projection_gives_the_rows_the_whole_complaints_give(
    school: School, language: str
) -> None:
    await varied_school(school)
    for actor, shared in ((school.manager, False), (school.agent, False), (school.manager, True)):
        command = ExportRegister(ComplaintFilter(), language=language, shared=shared)
        rows = [r async for batch in register_rows(school.deps, actor, command) for r in batch]
        assert rows == await rows_from_aggregates(school, actor, command)
        assert len(rows) == (6 if actor.is_manager and not shared else 5)


async def test_a_row_folds_persons_actions_and_compensations_in_their_order(
    school: School,
) -> None:
    await varied_school(school)
    command = ExportRegister(ComplaintFilter())
    file = await register_file(school.deps, school.manager, command, ExportFormat.CSV)
    row = read_csv(file.content)[4]
    assert row["Personnes concernées"] == "Marc Petit, le moniteur du samedi"
    assert row["Actions"] == (
        "1/2 — Prévenir 48 h avant (en cours); Revoir le planning; le samedi (réalisée)"
    )
    assert row["Compensations"] == (
        "un avoir de 45,50\xa0€; 2 leçons offertes (le soir); des excuses écrites"
    )
    assert row["Montant des compensations"] == "45,5"
    assert row["Canal"] == "téléphone"
    assert row["Réception accusée le"] == ""  # the letter is not posted yet
    assert row["Réception accusée dans le délai"] == ""
    assert row["Motifs"].endswith("…")
    assert len(row["Motifs"]) == 160
