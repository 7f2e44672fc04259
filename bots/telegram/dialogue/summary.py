"""The summary before sending: every answer, with send, edit-a-field and cancel."""

from __future__ import annotations

from datetime import date

from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.replies import Button, Keyboard
from bots.telegram.dialogue.view import View, data
from bots.telegram.markup import NEWLINE, Html
from core.domain.errors import N_

#: field label -> the step that asks it again
EDITABLE = {
    "name": N_("Name"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "file_number": N_("Student file"),
    "category": N_("Subject"),
    "when": N_("Date"),
    "where": N_("Place"),
    "person": N_("Person concerned"),
    "description": N_("Description"),
    "solution": N_("Solution wanted"),
}


def _line(v: View, label: str, value: str) -> Html:
    template = Html(v.tr.gettext("<b>{label}</b>: {value}"))  # French: a no-break space
    return template.format(label=v.tr.gettext(label), value=value or "—")


def summary_text(c: Conversation, v: View) -> Html:
    d, tr = c.draft, v.tr
    category = v.profile.category(d.get("category", ""))
    solution = v.profile.desired_solution(d.get("desired_code") or "")
    incident = date.fromisoformat(d["incident_on"]) if d.get("incident_on") else None
    files = len(d.get("evidence", []))
    lines = [
        tr.gettext("<b>Your complaint, before sending</b>"),
        Html(""),
        _line(v, N_("Name"), d.get("name", "")),
        _line(v, N_("Phone"), d.get("phone") or ""),
        _line(v, N_("Email"), d.get("email") or ""),
        _line(v, N_("Student file"), d.get("file_number") or ""),
        _line(v, N_("Subject"), category.label.in_language(tr.language) if category else ""),
        _line(v, N_("Date"), tr.date(incident) if incident else ""),
        _line(v, N_("Place"), tr.gettext(d["place"]) if d.get("place") else ""),
        _line(v, N_("Person concerned"), d.get("person_name", "")),
        _line(v, N_("Description"), d.get("description", "")),
        _line(v, N_("Files"), tr.ngettext("{n} file", "{n} files", files) if files else ""),
        _line(
            v,
            N_("Solution wanted"),
            solution.label.in_language(tr.language) if solution else d.get("desired_text", ""),
        ),
    ]
    return NEWLINE.join(lines)


def summary_buttons(c: Conversation, v: View) -> Keyboard:
    tr = v.tr
    return (
        (Button(tr.gettext("✅ Send"), data(c.nonce, "send")),),
        (Button(tr.gettext("✏️ Change an answer"), data(c.nonce, "edit")),),
        (Button(tr.gettext("✖ Cancel"), data(c.nonce, "cancel")),),
    )


def edit_menu(c: Conversation, v: View) -> Keyboard:
    buttons = [
        Button(v.tr.gettext(label), data(c.nonce, "goto", step))
        for step, label in EDITABLE.items()
    ]
    rows = [tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]
    return (*rows, (Button(v.tr.gettext("⬅ Back to the summary"), data(c.nonce, "review")),))
