"""The first filing questions: who the client is, what it is about, and when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.filing_base import Ask, Take, b, text_answer
from bots.telegram.dialogue.replies import Button
from bots.telegram.dialogue.view import Outcome, View, data
from bots.telegram.markup import Html, h
from core.domain.errors import N_, InvalidInput

FIELD_NAMES = {
    "phone": N_("phone number"),
    "email": N_("email address"),
    "file_number": N_("student file number"),
}


def ask_name(c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    text = v.tr.gettext(
        "To begin, your name: <b>{name}</b>. Is that right?", name=h(c.draft.get("name", ""))
    )
    return text, [[b(c, v, N_("Yes, that's me"), "ok"), b(c, v, N_("Correct it"), "fix")]]


def take_name(c: Conversation, e: Event, value: str | None, _v: View, _o: Outcome) -> str | None:
    if value == "fix":
        return "name_input"
    if value != "ok":
        c.draft["name"] = text_answer(e, N_("name"), 120)
    return "phone"


def ask_name_input(_c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    return v.tr.gettext("Please write your first and last name."), []


def take_name_input(c: Conversation, e: Event, _value: str | None, _v: View, _o: Outcome) -> str:
    c.draft["name"] = text_answer(e, N_("name"), 120)
    return "phone"


def optional_question(question: str) -> Ask:
    def ask(c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
        return v.tr.gettext(question), [[b(c, v, N_("Skip"), "skip")]]

    return ask


def take_optional(key: str, check: Callable[[str], str], following: str) -> Take:
    def take(c: Conversation, e: Event, value: str | None, _v: View, _o: Outcome) -> str:
        c.draft[key] = None if value == "skip" else check(text_answer(e, FIELD_NAMES[key], 254))
        return following

    return take


def file_number(text: str) -> str:
    return text[:40]


def ask_category(c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    rows = [
        [Button(cat.label.in_language(v.tr.language), data(c.nonce, "f", cat.code))]
        for cat in v.profile.categories
    ]
    return v.tr.gettext("What is your complaint about?"), rows


def take_category(c: Conversation, _e: Event, value: str | None, v: View, _o: Outcome) -> str:
    if value is None or v.profile.category(value) is None:
        raise InvalidInput(N_("Please choose one of the buttons below."))
    c.draft["category"] = value
    return "when"


def ask_when(c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    return v.tr.gettext("When did it happen?"), [
        [b(c, v, N_("Today"), "today"), b(c, v, N_("Yesterday"), "yesterday")],
        [b(c, v, N_("Another date"), "other")],
    ]


def parse_day(text: str, today: date) -> date:
    for pattern in ("%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            day = datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
        if day > today:
            raise InvalidInput(N_("The date of the incident cannot be in the future."))
        if day < today - timedelta(days=5 * 366):
            raise InvalidInput(N_("That date is more than five years ago."))
        return day
    raise InvalidInput(
        N_("Please write the date as DD/MM/YYYY, for example {example}."),
        example=today.strftime("%d/%m/%Y"),
    )


def take_when(c: Conversation, e: Event, value: str | None, v: View, _o: Outcome) -> str:
    if value == "other":
        return "when_date"
    if value in ("today", "yesterday"):
        day = v.today - timedelta(days=0 if value == "today" else 1)
    else:
        day = parse_day(text_answer(e, N_("date"), 20), v.today)
    c.draft["incident_on"] = day.isoformat()
    return "where"


def ask_when_date(_c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    return v.tr.gettext("On what date? (DD/MM/YYYY)"), []


def take_when_date(c: Conversation, e: Event, _value: str | None, v: View, _o: Outcome) -> str:
    c.draft["incident_on"] = parse_day(text_answer(e, N_("date"), 20), v.today).isoformat()
    return "where"
