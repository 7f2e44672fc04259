"""A quality meeting's conclusions, as every collaborator reads them in their private
chat, with an "I have read it" button."""

from __future__ import annotations

from bots.telegram.markup import EMPTY, NEWLINE, Html, HtmlTranslator, h
from bots.telegram.staff.chats import Item, direct_to
from core.domain.meeting import Meeting
from core.domain.people import StaffMember


def meeting_text(tr: HtmlTranslator, m: Meeting, owners: dict[int, str]) -> Html:
    conclusions, improvements = tr.gettext("Conclusions"), tr.gettext("Improvement actions")
    lines = [
        tr.gettext("📋 <b>Quality meeting of {date}</b>", date=tr.date(m.held_on)),
        tr.gettext("Attendees: {names}", names=h(m.attendees)),
        EMPTY,
        Html("<b>{}</b>").format(conclusions),
        h(m.conclusions),
    ]
    if m.actions:
        lines += [EMPTY, Html("<b>{}</b>").format(improvements)]
        lines += [
            tr.gettext(
                "{number}. {action} — {owner}, by {date}",
                number=a.number,
                action=h(a.description),
                owner=h(owners.get(a.owner_id, "?")),
                date=tr.date(a.due_on),
            )
            for a in m.actions
        ]
    return NEWLINE.join(lines)


def read_button(tr: HtmlTranslator, meeting_id: int) -> list[list[list[str]]]:
    return [[[tr.gettext("✅ I have read it"), f"mr|read|{meeting_id}"]]]


def meeting_items(tr: HtmlTranslator, meeting: Meeting, staff: list[StaffMember]) -> list[Item]:
    """The conclusions, to each active collaborator."""
    assert meeting.id is not None
    owners = {m.id: m.name for m in staff if m.id}
    text = meeting_text(tr, meeting, owners)
    return [item for m in staff for item in direct_to(m, text, read_button(tr, meeting.id))]
