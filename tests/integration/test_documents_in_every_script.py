"""Every PDF the school hands over prints a client's name as they write it, whatever their
script (Polish, Vietnamese, Turkish, French ligatures, Arabic), and the signs "€" and "—":
the acknowledgement and decision letters, the register, the quality pack and /mydata, built
through the process and read back with pypdf."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from core.documents.personal_data import personal_data_pdf
from core.domain.enums import Channel, CompensationKind
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter, parse_period
from core.domain.values import Compensation
from core.i18n import Translator
from core.reports.formats import ExportFormat
from core.reports.pack_file import PackFormat, pack_file
from core.reports.register_file import register_file
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.acknowledge_with_letter import AcknowledgeWithLetter, acknowledge_with_letter
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.export_my_data import export_my_data
from core.usecases.export_register import ExportRegister
from core.usecases.file_complaint import FileComplaint
from core.usecases.record_complaint import ClientContact, RecordComplaint, record_complaint
from core.usecases.reject_complaint import RejectComplaint, reject_complaint
from tests.school import School

NAMES = ("Łucja Nowak", "Nguyễn Văn An", "Ayşe Yılmaz", "Chloé Œuvrard", "محمد العربي")
SIGNS = ("€", "—")


def text_of(pdf: bytes) -> str:
    """The PDF's text as a reader copies it. Arabic is drawn with its joined (presentation)
    forms; NFKC maps them back to the letters typed, and nothing else in these texts
    changes under it (checked below). A name may wrap in a narrow table cell: the lines
    are joined."""
    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def test_the_normalisation_leaves_every_name_and_sign_as_typed() -> None:
    for text in (*NAMES, *SIGNS):
        assert unicodedata.normalize("NFKC", text) == text


async def client_files_twice(
    school: School, index: int, name: str, language: str = "fr"
) -> list[str]:
    """``name`` writes twice (by letter): one complaint accepted, one rejected."""
    contact = ClientContact(
        name,
        email=f"client{index}@example.org",
        postal_address="3 rue des Écoles, 69007 Lyon",
        language=language,
    )
    day = school.deps.calendar.local_date(school.clock.now())
    references = []
    for text in ("Facturé deux fois 45,50 € — sans explication.", "Leçon annulée — sans appel."):
        complaint = FileComplaint("billing", text, desired_text="Un remboursement — 45,50 €")
        recorded = await record_complaint(
            school.deps, school.manager, RecordComplaint(Channel.LETTER, day, contact, complaint)
        )
        references.append(recorded.reference)
        await acknowledge_with_letter(
            school.deps, school.manager, AcknowledgeWithLetter(recorded.reference)
        )
        await evaluate_complaint(
            school.deps, school.agent, EvaluateComplaint(recorded.reference, 2, 2, 2)
        )
    refund = Compensation(CompensationKind.REFUND, amount_cents=4550, description="— facture")
    await accept_complaint(
        school.deps,
        school.manager,
        AcceptComplaint(references[0], "Double facturation — erreur de notre part.", (refund,)),
    )
    await reject_complaint(
        school.deps,
        school.manager,
        RejectComplaint(references[1], "Verglas — les 45,50 € de la leçon restent dus."),
    )
    return references


async def stored_pdfs(school: School) -> list[tuple[str, bytes]]:
    found = []
    async with school.deps.uow() as uow:
        document_id = 1
        while (document := await uow.documents.get(document_id)) is not None:
            if document.media_type == "application/pdf":
                found.append((document.name, document.content))
            document_id += 1
    return found


def assert_prints(text: str, *expected: str) -> None:
    missing = [x for x in expected if x not in text]
    assert missing == [], text


@pytest.fixture
async def school_of_many_scripts(school: School) -> School:
    for index, name in enumerate(NAMES):
        await client_files_twice(school, index, name)
        school.later(hours=1)
    return school


async def test_every_letter_spells_its_clients_name_and_signs_right(
    school_of_many_scripts: School,
) -> None:
    letters = await stored_pdfs(school_of_many_scripts)
    assert len(letters) == 4 * len(NAMES)  # two acknowledgements and two answers each
    for name in NAMES:
        own = [text_of(pdf) for _, pdf in letters if name in text_of(pdf)]
        assert len(own) == 4, name
        for text in own:
            assert_prints(text, *SIGNS)


async def test_the_register_and_the_pack_print_every_name_and_sign(
    school_of_many_scripts: School,
) -> None:
    school = school_of_many_scripts
    command = ExportRegister(ComplaintFilter(received=parse_period("2026-03")))
    register = await register_file(school.deps, school.manager, command, ExportFormat.PDF)
    assert_prints(text_of(register.content), *NAMES, *SIGNS, "45,50 €")
    pack = await pack_file(school.deps, school.manager, parse_period("2026-03"), PackFormat.PDF)
    assert_prints(text_of(pack.content), *NAMES, *SIGNS)


async def test_each_clients_data_export_prints_their_name_and_signs(
    school_of_many_scripts: School,
) -> None:
    school = school_of_many_scripts
    async with school.deps.uow() as uow:
        clients = [await uow.clients.by_email(f"client{i}@example.org") for i in range(5)]
    for name, client in zip(NAMES, clients, strict=True):
        assert client is not None
        assert client.id is not None
        data = await export_my_data(school.deps, Actor.client(client.id, name))
        pdf = personal_data_pdf(data, Translator("fr", school.deps.profile.timezone))
        assert_prints(text_of(pdf), name, *SIGNS)
