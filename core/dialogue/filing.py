"""The filing questions, one per message. Each step asks, then takes an answer.

``take`` returns the next step's name, or None to stay (it then said why); it raises
InvalidInput when the answer breaks a rule, and the question is asked again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.dialogue.conversation import Conversation
from core.dialogue.events import Event
from core.dialogue.replies import Button, Keyboard
from core.dialogue.view import Outcome, View, data, h
from core.domain.complaint import MAX_TEXT
from core.domain.errors import N_, InvalidInput
from core.domain.people import validate_email, validate_phone

Ask = Callable[[Conversation, View], tuple[str, list[list[Button]]]]
Take = Callable[[Conversation, Event, str | None, View, Outcome], str | None]
FIELD_NAMES = {
    "phone": N_("phone number"),
    "email": N_("email address"),
    "file_number": N_("student file number"),
}
PLACES = {
    "driving": N_("Driving lesson"),
    "theory": N_("Theory lesson"),
    "exam": N_("Exam"),
    "office": N_("Office / reception"),
}


@dataclass(frozen=True)
class Step:
    ask: Ask
    take: Take


def b(c: Conversation, v: View, label: str, value: str) -> Button:
    return Button(v.tr.gettext(label), data(c.nonce, "f", value))


def _text(e: Event, what: str, limit: int) -> str:
    text = e.text.strip()
    if not text:
        raise InvalidInput(N_("Please answer with a text message."))
    if len(text) > limit:
        raise InvalidInput(
            N_("The {what} is too long ({length} characters, at most {limit})."),
            what=what,
            length=len(text),
            limit=limit,
        )
    return text


def ask_name(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    text = v.tr.gettext(
        "To begin, your name: <b>{name}</b>. Is that right?", name=h(c.draft.get("name", ""))
    )
    return text, [[b(c, v, N_("Yes, that's me"), "ok"), b(c, v, N_("Correct it"), "fix")]]


def take_name(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str | None:
    if value == "fix":
        return "name_input"
    if value != "ok":
        c.draft["name"] = _text(e, N_("name"), 120)
    return "phone"


def ask_name_input(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    return v.tr.gettext("Please write your first and last name."), []


def take_name_input(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    c.draft["name"] = _text(e, N_("name"), 120)
    return "phone"


def _optional(question: str) -> Ask:
    def ask(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
        return v.tr.gettext(question), [[b(c, v, N_("Skip"), "skip")]]

    return ask


def _take_optional(key: str, check: Callable[[str], str], following: str) -> Take:
    def take(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
        c.draft[key] = None if value == "skip" else check(_text(e, FIELD_NAMES[key], 254))
        return following

    return take


def _file_number(text: str) -> str:
    return text[:40]


def ask_category(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    rows = [
        [Button(cat.label.in_language(v.tr.language), data(c.nonce, "f", cat.code))]
        for cat in v.profile.categories
    ]
    return v.tr.gettext("What is your complaint about?"), rows


def take_category(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    if value is None or v.profile.category(value) is None:
        raise InvalidInput(N_("Please choose one of the buttons below."))
    c.draft["category"] = value
    return "when"


def ask_when(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
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


def take_when(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    if value == "other":
        return "when_date"
    if value in ("today", "yesterday"):
        day = v.today - timedelta(days=0 if value == "today" else 1)
    else:
        day = parse_day(_text(e, N_("date"), 20), v.today)
    c.draft["incident_on"] = day.isoformat()
    return "where"


def ask_when_date(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    return v.tr.gettext("On what date? (DD/MM/YYYY)"), []


def take_when_date(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    c.draft["incident_on"] = parse_day(_text(e, N_("date"), 20), v.today).isoformat()
    return "where"


def ask_where(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    rows = [[b(c, v, label, code)] for code, label in PLACES.items()]
    return v.tr.gettext("Where did it happen?"), [*rows, [b(c, v, N_("Somewhere else"), "other")]]


def take_where(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    if value == "other":
        return "where_other"
    c.draft["place"] = PLACES[value] if value in PLACES else _text(e, N_("place"), 200)
    return "person"


def ask_where_other(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    return v.tr.gettext("Where? Write it in a few words."), []


def take_where_other(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    c.draft["place"] = _text(e, N_("place"), 200)
    return "person"


def ask_person(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    rows = [[Button(name, data(c.nonce, "f", f"s{staff_id}"))] for staff_id, name in v.instructors]
    rows += [
        [b(c, v, N_("Someone else"), "other")],
        [b(c, v, N_("Nobody in particular"), "nobody")],
    ]
    return v.tr.gettext("Who is concerned?"), rows


def take_person(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    if value == "other":
        return "person_other"
    c.draft["person_staff_id"], c.draft["person_name"] = None, ""
    if value and value.startswith("s"):
        names = dict(v.instructors)
        staff_id = int(value[1:]) if value[1:].isdigit() else -1
        if staff_id not in names:
            raise InvalidInput(N_("Please choose one of the buttons below."))
        c.draft["person_staff_id"], c.draft["person_name"] = staff_id, names[staff_id]
    elif value != "nobody":
        c.draft["person_name"] = _text(e, N_("name"), 200)
    return "description"


def ask_person_other(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    return v.tr.gettext("Who? (name, role)"), []


def take_person_other(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    c.draft["person_staff_id"], c.draft["person_name"] = None, _text(e, N_("name"), 200)
    return "description"


def ask_description(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    text = v.tr.gettext(
        "Describe what happened. You may add photos, documents or voice messages. "
        "Press “Done” when you have finished."
    )
    return text, [[b(c, v, N_("Done"), "done")]]


def take_description(
    c: Conversation, e: Event, value: str | None, v: View, o: Outcome
) -> str | None:
    tr, done = v.tr, [[b(c, v, N_("Done"), "done")]]
    if value == "done":
        if not c.draft.get("description", "").strip():
            raise InvalidInput(N_("Please describe what happened first."))
        return "solution"
    if e.file is not None:
        c.draft.setdefault("evidence", []).append(
            {"file_id": e.file.file_id, "kind": e.file.kind.value, "caption": e.file.caption}
        )
        count = len(c.draft["evidence"])
        o.say(e, tr.ngettext("📎 {n} file received.", "📎 {n} files received.", count), _k(done))
        return None
    text = _text(e, N_("description"), MAX_TEXT)
    joined = "\n".join(filter(None, [c.draft.get("description", ""), text]))
    if len(joined) > MAX_TEXT:
        raise InvalidInput(
            N_("The {what} is too long ({length} characters, at most {limit})."),
            what=N_("description"),
            length=len(joined),
            limit=MAX_TEXT,
        )
    c.draft["description"] = joined
    o.say(e, tr.gettext("Noted. Add more, or press “Done”."), _k(done))
    return None


def ask_solution(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    rows = [
        [Button(s.label.in_language(v.tr.language), data(c.nonce, "f", s.code))]
        for s in v.profile.desired_solutions
        if s.code != "other"
    ]
    rows.append([b(c, v, N_("Something else (say what)"), "other")])
    return v.tr.gettext("What solution would you like?"), rows


def take_solution(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    if value == "other":
        return "solution_other"
    if value is not None:
        if v.profile.desired_solution(value) is None:
            raise InvalidInput(N_("Please choose one of the buttons below."))
        c.draft["desired_code"], c.draft["desired_text"] = value, ""
    else:
        c.draft["desired_code"], c.draft["desired_text"] = None, _text(e, N_("solution"), 1000)
    return "summary"


def ask_solution_other(c: Conversation, v: View) -> tuple[str, list[list[Button]]]:
    return v.tr.gettext("Which solution would you like? Write it in a few words."), []


def take_solution_other(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> str:
    c.draft["desired_code"], c.draft["desired_text"] = None, _text(e, N_("solution"), 1000)
    return "summary"


def _k(rows: list[list[Button]]) -> Keyboard:
    return tuple(tuple(r) for r in rows)


STEPS: dict[str, Step] = {
    "name": Step(ask_name, take_name),
    "name_input": Step(ask_name_input, take_name_input),
    "phone": Step(
        _optional(N_("Your phone number (optional).")),
        _take_optional("phone", validate_phone, "email"),
    ),
    "email": Step(
        _optional(
            N_(
                "Your email address (optional). It will receive a copy of the "
                "acknowledgement of your complaint."
            )
        ),
        _take_optional("email", validate_email, "file_number"),
    ),
    "file_number": Step(
        _optional(N_("Your student file number, if you know it (optional).")),
        _take_optional("file_number", _file_number, "category"),
    ),
    "category": Step(ask_category, take_category),
    "when": Step(ask_when, take_when),
    "when_date": Step(ask_when_date, take_when_date),
    "where": Step(ask_where, take_where),
    "where_other": Step(ask_where_other, take_where_other),
    "person": Step(ask_person, take_person),
    "person_other": Step(ask_person_other, take_person_other),
    "description": Step(ask_description, take_description),
    "solution": Step(ask_solution, take_solution),
    "solution_other": Step(ask_solution_other, take_solution_other),
}
FIRST_STEP = "name"
