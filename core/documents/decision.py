"""The school's answer as a letter, for a client who does not follow the complaint in the
chat: by email (attached) or by post. Argued in every case; with the compensation when
accepted, with the consumer mediator when rejected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core import wording
from core.documents.acknowledgement import school_signatory
from core.documents.letter import Addressee, Letter, Signatory
from core.domain.enums import Outcome
from core.domain.profile import SchoolProfile
from core.domain.values import Compensation
from core.i18n import Translator


@dataclass(frozen=True)
class DecisionFacts:
    reference: str
    client_name: str
    day: date
    outcome: Outcome
    reasons: str
    compensations: tuple[Compensation, ...] = ()
    join_url: str | None = None  # to follow the complaint (and answer the survey) in the chat
    postal_address: str | None = None
    signatory: Signatory | None = None  # None: the school's management signs


def decision_letter(facts: DecisionFacts, profile: SchoolProfile, tr: Translator) -> bytes:
    title = tr.gettext("Our answer to your complaint {reference}", reference=facts.reference)
    letter = Letter(profile, title, tr)
    subject = tr.gettext("Our answer to your complaint")
    letter.heading(
        Addressee(facts.client_name, facts.postal_address), facts.day, subject, facts.reference
    )
    if facts.outcome is Outcome.ACCEPTED:
        letter.paragraphs(
            tr.gettext(
                "We have examined your complaint {reference} and we accept it.",
                reference=facts.reference,
            )
        )
    else:
        letter.paragraphs(
            tr.gettext(
                "We have examined your complaint {reference} carefully; we regret that we "
                "cannot accept it.",
                reference=facts.reference,
            )
        )
    letter.section(tr.gettext("Our reasons"))
    letter.quoted(facts.reasons[:3000])
    if facts.compensations:
        letter.section(tr.gettext("What we offer you"))
        letter.bullets(*(wording.compensation(tr, c) for c in facts.compensations))
    if facts.join_url:
        letter.paragraphs(
            tr.gettext(
                "Your opinion on how we handled your complaint matters to us: you can give "
                "it in three questions on Telegram, with this personal link or the code below."
            )
        )
        letter.join_link(facts.join_url)
    letter.closing(facts.signatory or school_signatory(profile, tr))
    if facts.outcome is Outcome.REJECTED:
        letter.mediator()
    return letter.output()
