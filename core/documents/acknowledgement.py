"""The documented acknowledgement (accusé de réception): a PDF letter on the school's
letterhead, in the client's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.documents.letter import Addressee, Letter, Signatory
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
    chat_url: str | None = None  # the school's chat, for a client who follows it there
    postal_address: str | None = None
    signatory: Signatory | None = None  # None: the school's management signs


def school_signatory(profile: SchoolProfile, tr: Translator) -> Signatory:
    """Who signs when no handler is named: the school's manager, or its management."""
    if profile.manager:
        return Signatory(profile.manager, tr.gettext("Manager"))
    return Signatory("", tr.gettext("The management"))


def _following(facts: LetterFacts, tr: Translator) -> str:
    """How the client is kept informed, and how to follow the complaint in the chat."""
    if facts.in_chat and facts.chat_url:
        return tr.gettext(
            "We keep you informed of each step in your Telegram conversation with the "
            "school, where you can follow your complaint at any time: {link}",
            link=facts.chat_url,
        )
    if facts.in_chat:
        return tr.gettext(
            "We keep you informed of each step in your Telegram conversation with the "
            "school, where you can follow your complaint at any time."
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
    letter = Letter(profile, title, tr)
    subject = tr.gettext("Acknowledgement of your complaint")
    addressee = Addressee(facts.client_name, facts.postal_address)
    letter.heading(addressee, facts.acknowledged_at.date(), subject, c.reference)
    desired = profile.desired_solution(c.desired.code or "")
    wish = " — ".join(
        x for x in (desired.label.in_language(tr.language) if desired else "", c.desired.text) if x
    )
    letter.paragraphs(
        tr.gettext(
            "We received your complaint on {date}; it is recorded under the reference "
            "{reference}.",
            date=tr.date(c.received_at.date()),
            reference=c.reference,
        ),
    )
    letter.section(tr.gettext("Your complaint"))
    letter.quoted(c.description[:1200])
    letter.section(tr.gettext("The solution you would like"))
    letter.quoted(wish or "—")
    letter.paragraphs(
        tr.gettext(
            "We will examine it and answer you, with our reasons, by {date} at the latest.",
            date=tr.date(facts.answer_by),
        ),
        _following(facts, tr),
    )
    if facts.join_url:
        letter.join_link(facts.join_url)
    letter.closing(facts.signatory or school_signatory(profile, tr))
    letter.mediator()
    return letter.output()
