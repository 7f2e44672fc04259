"""The school's written complaint procedure, generated from its profile and from the rules
the software applies (who holds which permission, the deadlines, the evaluation's scales),
so that the text the school shows its learners and its auditor cannot drift from what
Reclam does. Its version is a digest of those inputs: the same profile gives the same
version, any change gives another."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from typing import Any

from babel.lists import format_list

from core import wording
from core.documents.letter import TEXT, Letter
from core.documents.pdf import FONT
from core.documents.stored import PROCEDURE_PREFIX
from core.domain.authorisation import MATRIX, Permission, automatic, holders
from core.domain.enums import Channel, DeadlineMode, Priority, Role
from core.domain.errors import N_
from core.domain.profile import COMPLEXITY_TOP, IMPACT_TOP, SEVERITY_TOP, SchoolProfile
from core.i18n import Translator

BULLET = 5  # mm: the bullet, then the item's text
#: raise when the procedure's wording changes, so that a new text gets a new version
TEMPLATE = 1
ROLES = {
    Role.MANAGER: N_("the managers"),
    Role.AGENT: N_("the office staff"),
    Role.INSTRUCTOR: N_("the instructors"),
}


def procedure_inputs(profile: SchoolProfile, language: str) -> dict[str, Any]:
    """Everything the text is written from, as plain data."""
    return {
        "template": TEMPLATE,
        "language": language,
        "profile": asdict(profile),
        "rules": {p.value: sorted(MATRIX[p]) for p in Permission},
        "scales": [SEVERITY_TOP, COMPLEXITY_TOP, IMPACT_TOP],
    }


def procedure_version(profile: SchoolProfile, language: str = "fr") -> str:
    """The version: the first 12 hex digits of the SHA-256 of the inputs."""
    text = json.dumps(procedure_inputs(profile, language), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def stored_name(version: str) -> str:
    return f"{PROCEDURE_PREFIX}{version}.pdf"


@dataclass(frozen=True)
class ProcedureFacts:
    profile: SchoolProfile
    version: str
    since: date  # the day this version was first written


class _Writer:
    """The procedure's sentences, for one reader and one profile."""

    def __init__(self, facts: ProcedureFacts, tr: Translator) -> None:
        self.facts, self.tr, self.profile = facts, tr, facts.profile
        title = tr.gettext("Complaint handling procedure")
        self.letter = Letter(facts.profile, title, tr)
        pdf = self.letter.pdf
        pdf.set_creation_date(datetime.combine(facts.since, time(12), tzinfo=tr.zone))
        pdf.footer_text = self.tr.gettext(
            "Complaint handling procedure, version {version} of {date}",
            version=facts.version,
            date=tr.date(facts.since),
        )

    def stamp(self) -> str:
        return self.tr.gettext(
            "Version {version} of {date}",
            version=self.facts.version,
            date=self.tr.date(self.facts.since),
        )

    def who(self, permission: Permission) -> str:
        words = [self.tr.gettext(ROLES[role]) for role in holders(permission)]
        return format_list(words, locale=self.tr.locale)

    def days(self, n: int) -> str:
        if self.profile.deadlines.mode is DeadlineMode.WORKING:
            return self.tr.ngettext("{n} working day", "{n} working days", n)
        return self.tr.ngettext("{n} calendar day", "{n} calendar days", n)

    def items(self, words: list[str]) -> str:
        return format_list(words, locale=self.tr.locale)

    def bullets(self, *texts: str) -> None:
        """Items with a hanging indent: a long item's next lines start under its text."""
        pdf = self.letter.pdf
        for text in texts:
            pdf.set_font(FONT, "", TEXT)
            pdf.cell(BULLET, 5.5, "•")
            pdf.multi_cell(0, 5.5, _sentence(text), new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(0.8)
        pdf.ln(1.7)

    def paragraphs(self, *texts: str) -> None:
        self.letter.paragraphs(*(_sentence(t) for t in texts))

    def write(self) -> bytes:
        self.title()
        for part in (
            self.reception,
            self.acknowledgement,
            self.evaluation,
            self.treatment,
            self.answer,
            self.mediation,
            self.survey,
            self.improvement,
            self.personal_data,
        ):
            part()
        return self.letter.output()

    def title(self) -> None:
        tr, letter = self.tr, self.letter
        letter.letterhead()
        letter.pdf.ln(8)
        letter.line(tr.gettext("Complaint handling procedure"), 16, "B", 8)
        letter.line(self.stamp(), 9.5)
        letter.pdf.ln(3)
        self.paragraphs(
            tr.gettext(
                "This procedure says how {school} receives, handles and answers the "
                "complaints of its learners and of their families. It is written by Reclam, "
                "the software the school handles complaints with, from the school's settings "
                "and the rules the software applies: what it says is what is done.",
                school=self.profile.name,
            ),
            tr.gettext(
                "A complaint is any expression of dissatisfaction about a service of the "
                "school, for which an answer is expected."
            ),
        )

    def reception(self) -> None:
        tr, letter, p = self.tr, self.letter, self.profile
        letter.section(tr.gettext("1. Receiving a complaint"))
        others = [wording.channel(tr, c) for c in Channel if c is not Channel.TELEGRAM]
        contact = [x for x in (p.address, p.email, p.phone) if x]
        self.bullets(
            tr.gettext(
                "In writing, at any hour, in the school's chat on Telegram: the client "
                "describes the facts, the persons concerned and the solution they wish for."
            ),
            tr.gettext(
                "Received otherwise ({channels}): {who} record it in the same register, "
                "and its deadlines run from the day it was received.",
                channels=self.items(others),
                who=self.who(Permission.RECORD),
            ),
            tr.gettext("The school's contact details: {details}.", details="; ".join(contact))
            if contact
            else tr.gettext("The school's contact details are on its contract."),
            tr.gettext(
                "Each complaint receives a unique reference (REC-year-number) and the "
                "solution the client wishes for is recorded: {solutions}.",
                solutions=self.items(
                    [d.label.in_language(tr.language) for d in p.desired_solutions]
                ),
            ),
        )
        confidential = [c.label.in_language(tr.language) for c in p.categories if c.confidential]
        if confidential:
            self.paragraphs(
                tr.gettext(
                    "Complaints about {categories} are confidential: only the managers read "
                    "and handle them, never in the staff's shared group.",
                    categories=self.items(confidential),
                )
            )

    def acknowledgement(self) -> None:
        tr, letter, d = self.tr, self.letter, self.profile.deadlines
        letter.section(tr.gettext("2. Acknowledgement"))
        sent = (
            tr.gettext("Reclam sends it automatically as soon as the complaint is received.")
            if d.auto_acknowledge
            else tr.gettext("{who} send it.", who=self.who(Permission.ACKNOWLEDGE))
        )
        self.bullets(
            tr.gettext(
                "Every complaint is acknowledged in writing within {days} of its receipt.",
                days=self.days(d.acknowledge_days),
            )
            + " "
            + sent,
            tr.gettext(
                "The acknowledgement is a message and a PDF letter, also sent by email when "
                "the client gave an address, and by post when the client has neither chat "
                "nor email. It gives the date by which the school will answer."
            ),
            self.calendar(),
        )

    def calendar(self) -> str:
        d, tr = self.profile.deadlines, self.tr
        if d.mode is DeadlineMode.CALENDAR:
            return tr.gettext("Deadlines are counted in calendar days.")
        if d.holiday_subdivision:
            return tr.gettext(
                "Deadlines are counted in working days: Monday to Friday, French public "
                "holidays excluded, with those of the area {area}.",
                area=d.holiday_subdivision,
            )
        return tr.gettext(
            "Deadlines are counted in working days: Monday to Friday, French public "
            "holidays excluded."
        )

    def evaluation(self) -> None:
        tr, letter = self.tr, self.letter
        r, d = self.profile.priority_rules, self.profile.deadlines
        letter.section(tr.gettext("3. Evaluation and priority"))
        self.paragraphs(
            tr.gettext(
                "{who} evaluate each complaint: its severity (1 to {s}), complexity (1 to "
                "{c}) and impact (1 to {i}), in the light of the client's history with the "
                "school (a one-off event or a slow degradation).",
                who=self.who(Permission.EVALUATE),
                s=SEVERITY_TOP,
                c=COMPLEXITY_TOP,
                i=IMPACT_TOP,
            ),
            tr.gettext(
                "The score is severity × {w} + complexity + impact. A safety matter, or a "
                "severity of {s}, is always priority P1; otherwise P1 from {p1}, P2 from "
                "{p2}, P3 from {p3}, P4 below.",
                w=r.severity_weight,
                s=SEVERITY_TOP,
                p1=r.p1_from,
                p2=r.p2_from,
                p3=r.p3_from,
            ),
            tr.gettext("The priority sets the deadline for the answer, counted from receipt:"),
        )
        self.bullets(
            *(
                tr.gettext(
                    "{priority}: an answer within {days}",
                    priority=p.label,
                    days=self.days(d.answer_days.get(p, d.default_answer_days)),
                )
                for p in Priority
            ),
            tr.gettext(
                "before the evaluation: within {days}", days=self.days(d.default_answer_days)
            ),
        )

    def treatment(self) -> None:
        tr, letter, d = self.tr, self.letter, self.profile.deadlines
        letter.section(tr.gettext("4. Handling and keeping the client informed"))
        before = self.items([str(n) for n in d.reminder_days_before])
        self.bullets(
            tr.gettext(
                "{who} name the complaint's handler and plan the corrective and improvement "
                "actions, each with an owner and a due date; {doers} carry them out.",
                who=self.who(Permission.ASSIGN_HANDLER),
                doers=self.who(Permission.COMPLETE_ACTION),
            ),
            tr.gettext(
                "{who} keep the client informed; when the client has heard nothing for {n} "
                "days, the staff are reminded to write.",
                who=self.who(Permission.INFORM_CLIENT),
                n=d.no_news_days,
            ),
            tr.gettext(
                "The staff are reminded {days} days before each deadline, at {hour}:00; a "
                "deadline passed is escalated to the managers.",
                days=before,
                hour=d.reminder_hour,
            ),
            tr.gettext("The client may add information, or withdraw the complaint, at any time."),
        )

    def answer(self) -> None:
        tr, letter, p = self.tr, self.letter, self.profile
        letter.section(tr.gettext("5. Decision and answer"))
        compensations = [c.label.in_language(tr.language) for c in p.compensations]
        self.bullets(
            tr.gettext("Only {who} decide.", who=self.who(Permission.DECIDE)),
            tr.gettext(
                "Every answer, accepted or rejected, gives its reasons in writing: a message "
                "and a PDF letter."
            ),
            tr.gettext(
                "An accepted complaint carries at least one compensation: {items}.",
                items=self.items(compensations),
            ),
            tr.gettext("A rejected complaint carries the consumer mediator's details (below)."),
        )

    def mediation(self) -> None:
        tr, letter = self.tr, self.letter
        letter.section(tr.gettext("6. Consumer mediation"))
        self.paragraphs(
            tr.gettext(
                "A client who is not satisfied with the answer may refer the dispute, free "
                "of charge, to the consumer mediator (Code de la consommation, L612-1), "
                "after a written complaint to the school and within one year of it "
                "(L612-2). The mediator (L616-1):"
            )
        )
        mediator = self.profile.mediator
        if mediator is None:
            letter.line(tr.gettext("The school has not named its consumer mediator yet."))
        else:
            letter.line(mediator.block(), ours=False)
        letter.pdf.ln(2.5)

    def survey(self) -> None:
        tr, letter, d = self.tr, self.letter, self.profile.deadlines
        letter.section(tr.gettext("7. Satisfaction survey and closing"))
        self.bullets(
            tr.gettext(
                "After the answer, the client is asked in the chat whether the complaint was "
                "taken into account, clarified and explained, whether the actions were "
                "planned and carried out, and their overall satisfaction out of 5, with a "
                "free comment."
            ),
            tr.gettext(
                "One reminder after {r} days; without an answer, the complaint closes after "
                "{c} days. A score of {low} or less alerts the managers.",
                r=d.survey_reminder_days,
                c=d.survey_close_days,
                low=d.low_satisfaction,
            ),
            tr.gettext(
                "The client may reopen a closed complaint within {n} days; {who} may "
                "reopen it too.",
                n=d.reopen_days,
                who=self.who(Permission.REOPEN),
            ),
        )

    def improvement(self) -> None:
        tr, letter, d = self.tr, self.letter, self.profile.deadlines
        letter.section(tr.gettext("8. Register, quality meeting and improvement"))
        self.bullets(
            tr.gettext(
                "The complaints register is kept by the software: each complaint, its dates, "
                "the persons concerned, the handling, the decision, the compensation and the "
                "satisfaction; {who} export it.",
                who=self.who(Permission.EXPORT_REGISTER),
            ),
            tr.gettext(
                "Each month the quality pack gives the figures (deadlines met, decisions, "
                "satisfaction, actions); {who} hold the quality meeting and record its "
                "conclusions and actions; every collaborator receives them and confirms "
                "reading them.",
                who=self.who(Permission.RECORD_MEETING),
            ),
            tr.gettext(
                "{n} days after an action is done, its owner or a manager says whether it "
                "worked; an action that did not work is followed by a new one.",
                n=d.effectiveness_review_days,
            ),
        )

    def personal_data(self) -> None:
        tr, letter, d = self.tr, self.letter, self.profile.deadlines
        letter.section(tr.gettext("9. Personal data"))
        erasers = self.who(Permission.ERASE_DATA)
        self.bullets(
            tr.ngettext(
                "Clients' personal data is anonymised {n} year after their last complaint "
                "is closed; the register keeps anonymous rows for the statistics.",
                "Clients' personal data is anonymised {n} years after their last complaint "
                "is closed; the register keeps anonymous rows for the statistics.",
                d.retention_years,
            ),
            tr.gettext(
                "A client may download their data in the chat at any time and ask for it to "
                "be erased; {who} erase it on request. A request is answered within one "
                "month.",
                who=erasers,
            ),
        )
        if automatic(Permission.ERASE_DATA):
            self.paragraphs(
                tr.gettext("Reclam anonymises the data by itself when the period ends.")
            )


def _sentence(text: str) -> str:
    """A sentence that begins with a list of roles begins with a capital all the same."""
    return text[:1].upper() + text[1:]


def procedure_pdf(facts: ProcedureFacts, tr: Translator) -> bytes:
    """The procedure as a PDF on the school's letterhead, in ``tr``'s language."""
    return _Writer(facts, tr).write()
