"""The documents an Arabic-speaking client receives, in Arabic and laid out right to left:
the acknowledgement, the answer (accepted with its compensation, or rejected with the
mediator) and /mydata; the client's name "محمد العربي" and the signs "€" and "—" read
back exactly with pypdf, and the school's French data (its letterhead, the mediator's
block, the reasons it wrote) printed as written."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader

from core.documents.personal_data import personal_data_pdf
from core.domain.journal import Actor
from core.i18n import Translator
from core.usecases.export_my_data import export_my_data
from tests.integration.test_documents_in_every_script import (
    SIGNS,
    assert_prints,
    client_files_twice,
    stored_pdfs,
    text_of,
)
from tests.school import School

NAME = "محمد العربي"
HALF_PAGE = 595.28 / 2  # A4, in points


def first_x(pdf: bytes, text: str) -> float:
    """Where the first piece of ``text`` drawn on page 1 starts, from the left (points)."""
    found: list[float] = []

    def visit(drawn: str, cm: list[float], tm: list[float], *_: object) -> None:
        if not found and unicodedata.normalize("NFKC", drawn).strip() == text:
            found.append(tm[4] * cm[0] + cm[4])

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert found, text
    return found[0]


async def test_the_letters_to_an_arabic_speaking_client_are_in_arabic_with_their_name(
    school: School,
) -> None:
    await client_files_twice(school, 0, NAME, language="ar")
    letters = [text_of(pdf) for _, pdf in await stored_pdfs(school)]
    acknowledgements, accepted, rejected = letters[:2], letters[2], letters[3]
    for text in letters:
        assert_prints(text, NAME, *SIGNS, "سيدي، سيدتي،", "نبقى رهن إشارتكم لأي استفسار")
        assert "Madame, Monsieur" not in text
        assert "Auto-école des Tilleuls" in text  # the school's letterhead, as it writes it
    for text in acknowledgements:
        assert_prints(text, "الموضوع: إشعار باستلام شكواكم", "الحل الذي تطلبونه")
    assert_prints(accepted, "الموضوع: ردّنا على شكواكم", "ما نقترحه عليكم", "استرداد مبلغ")
    assert_prints(accepted, "Double facturation — erreur de notre part.")  # the reasons
    assert_prints(rejected, "وسيط الاستهلاك", "Médiateur de la consommation (exemple)")


async def test_an_arabic_letter_reads_right_to_left_and_a_french_one_left_to_right(
    school: School,
) -> None:
    await client_files_twice(school, 0, NAME, language="ar")
    await client_files_twice(school, 1, "Chloé Œuvrard")
    pdfs = [pdf for _, pdf in await stored_pdfs(school)]
    arabic, french = pdfs[0], pdfs[4]
    assert first_x(arabic, "سيدي، سيدتي،") > HALF_PAGE  # aligned right
    assert first_x(french, "Madame, Monsieur,") < 80  # at the left margin
    # the school's letterhead stays at the top left in both, as the envelope wants it
    assert first_x(arabic, "12 rue des Tilleuls, 69003 Lyon") < 80


async def test_the_data_export_of_an_arabic_speaking_client_is_in_arabic_right_to_left(
    school: School,
) -> None:
    await client_files_twice(school, 0, NAME, language="ar")
    async with school.deps.uow() as uow:
        client = await uow.clients.by_email("client0@example.org")
    assert client is not None
    assert client.id is not None
    data = await export_my_data(school.deps, Actor.client(client.id, NAME))
    tr = Translator(client.language, school.deps.profile.timezone)
    pdf = personal_data_pdf(data, tr, school.deps.profile)
    assert_prints(text_of(pdf), NAME, *SIGNS, "بياناتكم الشخصية", "الرقم المرجعي", "العربية")
    assert first_x(pdf, "الرقم المرجعي") > HALF_PAGE  # the labels on the right
