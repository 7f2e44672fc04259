"""The filing questions about what happened: where, who, what, and the wish."""

from __future__ import annotations

from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.filing_base import as_keyboard, b, text_answer
from bots.telegram.dialogue.replies import Button
from bots.telegram.dialogue.view import Outcome, View, data
from bots.telegram.markup import Html
from core.domain.complaint import MAX_TEXT
from core.domain.errors import N_, InvalidInput

PLACES = {
    "driving": N_("Driving lesson"),
    "theory": N_("Theory lesson"),
    "exam": N_("Exam"),
    "office": N_("Office / reception"),
}


def ask_where(c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    rows = [[b(c, v, label, code)] for code, label in PLACES.items()]
    return v.tr.gettext("Where did it happen?"), [*rows, [b(c, v, N_("Somewhere else"), "other")]]


def take_where(c: Conversation, e: Event, value: str | None, _v: View, _o: Outcome) -> str:
    if value == "other":
        return "where_other"
    c.draft["place"] = PLACES[value] if value in PLACES else text_answer(e, N_("place"), 200)
    return "person"


def ask_where_other(_c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    return v.tr.gettext("Where? Write it in a few words."), []


def take_where_other(c: Conversation, e: Event, _value: str | None, _v: View, _o: Outcome) -> str:
    c.draft["place"] = text_answer(e, N_("place"), 200)
    return "person"


def ask_person(c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    rows = [[Button(name, data(c.nonce, "f", f"s{staff_id}"))] for staff_id, name in v.instructors]
    rows += [
        [b(c, v, N_("Someone else"), "other")],
        [b(c, v, N_("Nobody in particular"), "nobody")],
    ]
    return v.tr.gettext("Who is concerned?"), rows


def take_person(c: Conversation, e: Event, value: str | None, v: View, _o: Outcome) -> str:
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
        c.draft["person_name"] = text_answer(e, N_("name"), 200)
    return "description"


def ask_person_other(_c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    return v.tr.gettext("Who? (name, role)"), []


def take_person_other(c: Conversation, e: Event, _value: str | None, _v: View, _o: Outcome) -> str:
    c.draft["person_staff_id"], c.draft["person_name"] = None, text_answer(e, N_("name"), 200)
    return "description"


def ask_description(c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
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
        c.draft.setdefault("evidence", []).append(e.file.described())
        count = len(c.draft["evidence"])
        o.say(
            e,
            tr.ngettext("📎 {n} file received.", "📎 {n} files received.", count),
            as_keyboard(done),
        )
        return None
    text = text_answer(e, N_("description"), MAX_TEXT)
    joined = "\n".join(filter(None, [c.draft.get("description", ""), text]))
    if len(joined) > MAX_TEXT:
        raise InvalidInput(
            N_("The {what} is too long ({length} characters, at most {limit})."),
            what=N_("description"),
            length=len(joined),
            limit=MAX_TEXT,
        )
    c.draft["description"] = joined
    o.say(e, tr.gettext("Noted. Add more, or press “Done”."), as_keyboard(done))
    return None


def ask_solution(c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    rows = [
        [Button(s.label.in_language(v.tr.language), data(c.nonce, "f", s.code))]
        for s in v.profile.desired_solutions
        if s.code != "other"
    ]
    rows.append([b(c, v, N_("Something else (say what)"), "other")])
    return v.tr.gettext("What solution would you like?"), rows


def take_solution(c: Conversation, e: Event, value: str | None, v: View, _o: Outcome) -> str:
    if value == "other":
        return "solution_other"
    if value is not None:
        if v.profile.desired_solution(value) is None:
            raise InvalidInput(N_("Please choose one of the buttons below."))
        c.draft["desired_code"], c.draft["desired_text"] = value, ""
    else:
        c.draft["desired_code"], c.draft["desired_text"] = (
            None,
            text_answer(e, N_("solution"), 1000),
        )
    return "summary"


def ask_solution_other(_c: Conversation, v: View) -> tuple[Html, list[list[Button]]]:
    return v.tr.gettext("Which solution would you like? Write it in a few words."), []


def take_solution_other(
    c: Conversation, e: Event, _value: str | None, _v: View, _o: Outcome
) -> str:
    c.draft["desired_code"], c.draft["desired_text"] = None, text_answer(e, N_("solution"), 1000)
    return "summary"
