"""A client who reads Arabic, on aiogram and on PTB alike: Telegram's language code "ar"
brings the Arabic dialogue; they file, receive the acknowledgement (its letter laid out
right to left), follow with /mycomplaints, hear the school's answer, answer the survey and
get their data with /mydata, every text in Arabic; hostile input is answered in Arabic;
and any client may switch to Arabic with /language."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from bots.emulator.world import User
from bots.telegram.identity import account
from core.domain.enums import CompensationKind, Status
from core.domain.journal import Actor
from core.domain.values import Compensation
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_survey import latest, press

pytestmark = pytest.mark.e2e
NAME = "محمد العربي"
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(params=["aiogram", "ptb"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    async with reclam(request.param, tmp_path, auto_acknowledge=True) as running:
        yield running


async def file_in_arabic(r: Reclam, user: User) -> str:
    """The whole filing in Arabic, buttons pressed by their Arabic labels."""
    await r.press(user, "📝 تقديم شكوى")
    await r.press(user, "نعم، هذا أنا")
    await r.press(user, "تخطي")  # phone
    await r.press(user, "تخطي")  # email
    assert (await r.press(user, "تخطي")) == ["بماذا تتعلق شكواكم؟"]
    await r.press(user, "الفوترة والأسعار")  # the school's Arabic label
    await r.press(user, "اليوم")
    await r.press(user, "المكتب / الاستقبال")
    await r.press(user, "لا أحد بعينه")
    await r.say(user, "فُوتِرت لي الحصة نفسها مرتين.")
    await r.press(user, "تم")
    summary = await r.press(user, "استرداد المبلغ")
    assert summary[0].startswith("شكواكم، قبل الإرسال")
    assert "الحل المطلوب: استرداد المبلغ" in summary[0]
    [sent] = await r.press(user, "✅ إرسال")
    assert sent.startswith("✅ سُجِّلت شكواكم تحت الرقم المرجعي REC-")
    return sent.split("المرجعي ")[1].split(".")[0]


def pdf_texts(r: Reclam, chat_id: int) -> list[str]:
    """The text of each PDF the bot sent in the chat, in order."""
    found = []
    for message in r.emulator.transcript(chat_id):
        if "document" not in message.data:
            continue
        stored = r.emulator.telegram.files[message.data["document"]["file_id"]]
        if stored.filename.endswith(".pdf"):
            pages = PdfReader(io.BytesIO(stored.content)).pages
            raw = "\n".join(p.extract_text() for p in pages)
            found.append(unicodedata.normalize("NFKC", raw))  # Arabic drawn joined
    return found


async def test_an_arabic_speaking_client_files_follows_and_answers_the_survey_in_arabic(
    r: Reclam,
) -> None:
    client = r.emulator.user(507, "محمد", "العربي", language="ar")
    welcome = await r.say(client, "/start")
    assert welcome[0].startswith("مرحبًا! أنا مساعد الشكاوى لدى Auto-école des Tilleuls")
    ref = await file_in_arabic(r, client)
    await r.emulator.wait_until(
        lambda: any("document" in m.data for m in r.emulator.transcript(client.id))
    )
    assert any(t.startswith(f"📬 تؤكد المدرسة استلام شكواكم {ref}") for t in r.texts(client))
    [letter] = pdf_texts(r, client.id)
    assert NAME in letter
    assert "إشعار باستلام شكواكم" in letter
    following = await r.say(client, "/mycomplaints")
    assert ref in following[0]
    assert "الحالة: تم الإشعار باستلامها" in following[0]

    async with r.uow() as uow:
        claire = await uow.staff.by_chat(account(101))
        stored = await uow.clients.by_chat(account(client.id))
    assert claire is not None
    assert claire.id is not None
    assert stored is not None
    assert stored.language == "ar"
    manager = Actor.staff(claire.id, claire.role, claire.name)
    await evaluate_complaint(r.deps, manager, EvaluateComplaint(ref, 2, 2, 2))
    offer = (Compensation(CompensationKind.EXTRA_LESSON, quantity=2),)
    await accept_complaint(r.deps, manager, AcceptComplaint(ref, "Facture en double.", offer))
    question = await latest(r, client, f"📝 رأيكم في طريقة معالجة {ref} (1/3)")
    assert "هل أُخذت شكواكم بعين الاعتبار" in question
    answer = next(t for t in r.texts(client) if t.startswith("✅ رد المدرسة بخصوص"))
    assert "شكواكم مقبولة" in answer
    assert "درسان إضافيان مجانًا" in answer  # the dual, one of Arabic's six plural forms

    await press(r, client, "نعم", "(2/3)")
    await press(r, client, "نعم", "(3/3)")
    await press(r, client, "4", "هل تريدون إضافة تعليق؟")
    thanks = await r.say(client, "شكرًا على المعالجة السريعة.")
    assert thanks == [f"شكرًا على إجاباتكم. أُغلقت شكواكم {ref} الآن."]
    [complaint] = await r.complaints_of(client)
    assert complaint.status is Status.CLOSED
    assert complaint.survey is not None
    assert complaint.survey.satisfaction == 4
    assert complaint.survey.comment == "شكرًا على المعالجة السريعة."
    said = r.texts(client)
    assert any(t.startswith(f"🔎 شكواكم {ref} قيد الدراسة") for t in said)  # examined
    assert [t for t in said if not ARABIC.search(t) or "réclamation" in t] == []

    mydata = await r.say(client, "/mydata", expect=3)
    assert mydata[0] == "إليكم البيانات التي تحتفظ بها المدرسة عنكم."
    await r.emulator.wait_until(lambda: len(pdf_texts(r, client.id)) == 2)
    exported = pdf_texts(r, client.id)[-1]  # after the acknowledgement letter
    assert NAME in exported
    assert "بياناتكم الشخصية" in exported
    assert "العربية" in exported  # the language by its name, in Arabic


async def test_a_client_chooses_arabic_with_the_language_command(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa", "Dubois")
    await r.say(lea, "/language")
    assert r.buttons(lea) == ["Français", "English", "العربية"]
    assert (await r.press(lea, "العربية")) == ["تم تغيير اللغة."]
    unknown, help_text = await r.say(lea, "/nothing", expect=2)
    assert unknown == "لا أعرف الأمر /nothing."
    assert help_text.startswith("ما يمكنني فعله\n/start — القائمة الرئيسية")
    assert (await r.say(lea, "/cancel")) == ["لا يوجد ما يمكن إلغاؤه."]


async def test_hostile_input_from_an_arabic_speaking_client_is_answered_in_arabic(
    r: Reclam,
) -> None:
    client = r.emulator.user(507, "محمد", "العربي", language="ar")
    await r.say(client, "/start")
    menu = r.emulator.transcript(client.id)[-1]
    query = r.emulator.press_data(r.bot, client, "not-ours", menu)
    await r.emulator.wait_until(lambda: r.emulator.answer_to(query) is not None)
    assert r.emulator.answer_to(query) == {"text": "هذا الزر غير صالح.", "show_alert": True}
    await r.press(client, "📝 تقديم شكوى")
    await r.press(client, "نعم، هذا أنا")
    assert (await r.say(client, "not an email", expect=2)) == [
        "not an email ليس رقم هاتف صالحًا.",
        "رقم هاتفكم (اختياري).",
    ]
    await r.press(client, "تخطي")  # phone
    await r.press(client, "تخطي")  # email
    await r.press(client, "تخطي")  # student file
    assert (await r.say(client, "لا أعرف", expect=2)) == [
        "يُرجى اختيار أحد الأزرار أدناه.",
        "بماذا تتعلق شكواكم؟",
    ]
    await r.press(client, "المركبات")
    await r.press(client, "تاريخ آخر")
    assert (await r.say(client, "01/01/2099", expect=2)) == [
        "لا يمكن أن يكون تاريخ الواقعة في المستقبل.",
        "في أي تاريخ؟ (DD/MM/YYYY)",
    ]
    await r.say(client, "01/06/2026")
    await r.press(client, "امتحان")
    await r.press(client, "لا أحد بعينه")
    too_long, again = await r.say(client, "س" * 3600, expect=2)
    assert too_long == "خانة «الوصف» طويلة جدًا (عدد الأحرف: 3600، والحد الأقصى: 3500)."
    assert again.startswith("صِفوا ما حدث.")
