"""The complaints register exported as CSV, XLSX and PDF, read back and compared with
the database; confidential complaints only in a manager's own export."""

from __future__ import annotations

import csv
import gc
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.domain.enums import Status
from core.domain.errors import NotAuthorised
from core.domain.periods import ComplaintFilter, parse_period
from core.i18n import Translator
from core.reports.formats import ExportFormat
from core.reports.register import titles
from core.reports.register_file import register_file
from core.usecases.export_register import ExportRegister
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
