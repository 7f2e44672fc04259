"""The documented acknowledgement (accusé de réception): a PDF letter on the school's
letterhead, in the client's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.documents.letter import Letter
from core.domain.complaint import Complaint
from core.domain.profile import SchoolProfile
from core.i18n import Translator


@dataclass(frozen=True)
class LetterFacts:
    complaint: Complaint
    client_name: str
    acknowledged_at: datetime
    answer_by: date
    in_chat: bool = True  # the client follows it in the chat already
    join_url: str | None = None  # their personal link to follow it there


def _following(facts: LetterFacts, tr: Translator) -> str:
    """How the client is kept informed, and how to follow the complaint in the chat."""
    if facts.in_chat:
        return tr.gettext(
            "We keep you informed of each step in your Telegram conversation with the "
            "school; you can follow your complaint there at any time with /mycomplaints."
        )
    if facts.join_url:
        return tr.gettext(
            "We keep you informed of each step by email or by post. You may also follow "
            "your complaint on Telegram: open this personal link, or scan the code below "
            "with your phone."
        )
    return tr.gettext("We keep you informed of each step by email or by post.")


def acknowledgement_letter(facts: LetterFacts, profile: SchoolProfile, tr: Translator) -> bytes:
    c = facts.complaint
    assert c.received_at is not None
    title = tr.gettext("Acknowledgement of complaint {reference}", reference=c.reference)
    letter = Letter(profile, title)
    subject = tr.gettext("Acknowledgement of your complaint {reference}", reference=c.reference)
    letter.heading(tr, facts.client_name, facts.acknowledged_at.date(), subject)
    desired = profile.desired_solution(c.desired.code or "")
    wish = " - ".join(
        x for x in (desired.label.in_language(tr.language) if desired else "", c.desired.text) if x
    )
    letter.paragraphs(
        tr.gettext(
            "We received your complaint on {date}. It is recorded under the reference "
            "{reference}.",
            date=tr.date(c.received_at.date()),
            reference=c.reference,
        ),
        tr.gettext("Your complaint: {summary}", summary=c.description[:1200]),
        tr.gettext("The solution you would like: {wish}", wish=wish or "-"),
        tr.gettext(
            "We will examine it and answer you, with our reasons, by {date} at the latest.",
            date=tr.date(facts.answer_by),
        ),
        _following(facts, tr),
    )
    if facts.join_url:
        letter.join_link(facts.join_url)
    letter.mediator(tr)
    return letter.output()
