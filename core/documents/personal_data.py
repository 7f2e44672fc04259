"""A client's data export as a readable PDF, in plain words (the JSON file is the complete
one, for another program): local dates and times, the school's category labels, amounts in
euros, the language by its name."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel import Locale

from core import wording
from core.documents.pdf import FONT, Document
from core.domain.enums import EvidenceKind, Outcome, Status
from core.domain.errors import N_
from core.domain.profile import SchoolProfile
from core.domain.values import Compensation
from core.i18n import Translator

LABELS = {
    "you": N_("You"),
    "name": N_("Name"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "student_file_number": N_("Student file number"),
    "language": N_("Language"),
    "chat": N_("Messaging account"),
    "registered_at": N_("Registered on"),
    "complaints": N_("Your complaints"),
    "reference": N_("Reference"),
    "category": N_("Category"),
    "subject": N_("Subject"),
    "description": N_("Description"),
    "incident_on": N_("Date of the incident"),
    "incident_place": N_("Place"),
    "desired_solution": N_("Solution you asked for"),
    "status": N_("Status"),
    "received_at": N_("Received on"),
    "acknowledged_at": N_("Acknowledged on"),
    "answer_by": N_("Answer expected by"),
    "files": N_("Files"),
    "kind": N_("Kind"),
    "caption": N_("Caption"),
    "your_additions": N_("What you added"),
    "news_from_the_school": N_("News from the school"),
    "at": N_("Date"),
    "text": N_("Text"),
    "decision": N_("Decision"),
    "outcome": N_("Outcome"),
    "reasons": N_("Reasons"),
    "compensations": N_("Compensations"),
    "quantity": N_("Quantity"),
    "survey": N_("Satisfaction survey"),
    "taken_into_account": N_("Taken into account"),
    "actions_carried_out": N_("Actions carried out"),
    "satisfaction": N_("Satisfaction"),
    "comment": N_("Comment"),
    "closed_at": N_("Closed on"),
    "decided_on": N_("Decided on"),
}
EVIDENCE = {
    EvidenceKind.PHOTO: N_("photo"),
    EvidenceKind.DOCUMENT: N_("document"),
    EvidenceKind.VOICE: N_("voice message"),
    EvidenceKind.VIDEO: N_("video"),
    EvidenceKind.TEXT: N_("text"),
}
#: fields holding an instant (shown as a local date and time) or a day
INSTANTS = ("registered_at", "received_at", "acknowledged_at", "closed_at", "at")
DAYS = ("incident_on", "answer_by")
LABEL_WIDTH = 52


def _when(tr: Translator, key: str, value: str) -> str:
    """An ISO date or instant of the export in the reader's words and time zone."""
    if key in DAYS or len(value) == 10:
        return tr.date(date.fromisoformat(value[:10]))
    instant = datetime.fromisoformat(value)
    local = instant.astimezone(tr.zone)
    return tr.gettext(
        "{date} at {time}", date=tr.date(local.date()), time=tr.datetime(instant, "HH:mm")
    )


def _language(code: str, tr: Translator) -> str:
    try:
        return Locale.parse(code).get_display_name(tr.language) or code
    except (ValueError, TypeError):
        return code


class _Readable:
    """The export's values in words, for one reader and one school."""

    def __init__(self, tr: Translator, profile: SchoolProfile | None) -> None:
        self.tr, self.profile = tr, profile

    def value(self, key: str, value: Any) -> str:
        tr = self.tr
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return wording.yes_no(tr, value)
        if key in INSTANTS or key in DAYS:
            return _when(tr, key, str(value))
        if key == "language":
            return _language(str(value), tr)
        if key == "category" and self.profile and (found := self.profile.category(str(value))):
            return found.label.in_language(tr.language)
        if key == "status":
            return wording.status(tr, Status(value))
        if key == "satisfaction":
            return tr.gettext("{score} out of 5", score=value)
        return str(value)

    def file(self, item: dict[str, Any]) -> str:
        """A file the client sent, named as the school keeps it (its digest's start lets
        anyone find the copy in the data export's JSON and check it)."""
        kind = self.tr.gettext(EVIDENCE.get(EvidenceKind(item["kind"]), item["kind"]))
        parts = [kind, *(str(item[k]) for k in ("name", "caption") if item.get(k))]
        line = " — ".join(parts)
        if item.get("sha256"):
            line += " " + self.tr.gettext("(SHA-256 {digest}…)", digest=str(item["sha256"])[:16])
        return line

    def decision(self, decision: dict[str, Any]) -> list[tuple[str, str]]:
        tr = self.tr
        accepted = decision["outcome"] == Outcome.ACCEPTED.value
        offered = [
            wording.compensation(tr, Compensation.from_payload(x))
            for x in decision["compensations"]
        ]
        return [
            ("outcome", tr.gettext("accepted") if accepted else tr.gettext("rejected")),
            ("decided_on", self.value("at", decision["at"])),
            ("reasons", decision["reasons"]),
            ("compensations", "\n".join(offered) or "—"),
        ]


class _Page:
    def __init__(self, tr: Translator) -> None:
        self.pdf = Document()
        self.pdf.set_lang(tr.language)
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(auto=True, margin=16)
        self.pdf.add_page()

    def text(self, text: str, size: float = 9.5, style: str = "", gap: float = 5) -> None:
        self.pdf.set_font(FONT, style, size)
        self.pdf.multi_cell(0, gap, text, new_x="LMARGIN", new_y="NEXT", align="L")

    def heading(self, text: str, size: float = 12) -> None:
        self.pdf.ln(4)
        self.text(text, size, "B", 6.5)
        self.pdf.ln(1)

    def field(self, label: str, value: str) -> None:
        """A label and its value side by side; the value wraps within its column."""
        pdf = self.pdf
        if pdf.will_page_break(5):
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(LABEL_WIDTH - 2, 5, label, new_x="LMARGIN", new_y="NEXT", align="L")
        label_bottom = pdf.get_y()
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin + LABEL_WIDTH, top)
        pdf.set_font(FONT, "", 9.5)
        pdf.multi_cell(0, 5, value, new_x="LMARGIN", new_y="NEXT", align="L")
        if pdf.get_y() < label_bottom:  # the value wrote on the same page, less than the label
            pdf.set_y(label_bottom)
        pdf.ln(0.8)


def _complaint(page: _Page, r: _Readable, complaint: dict[str, Any]) -> None:
    tr = r.tr
    page.heading(f"{complaint['reference']} — {complaint['subject']}", 11)
    for key in (
        "reference",
        "status",
        "category",
        "description",
        "incident_on",
        "incident_place",
        "desired_solution",
        "received_at",
        "acknowledged_at",
        "answer_by",
    ):
        page.field(tr.gettext(LABELS[key]), r.value(key, complaint.get(key)))
    files = [r.file(x) for x in complaint.get("files", [])]
    page.field(tr.gettext(LABELS["files"]), "\n".join(files) or "—")
    additions = complaint.get("your_additions", [])
    page.field(tr.gettext(LABELS["your_additions"]), "\n".join(additions) or "—")
    news = [
        f"{r.value('at', n['at'])} — {n['text']}"
        for n in complaint.get("news_from_the_school", [])
    ]
    page.field(tr.gettext(LABELS["news_from_the_school"]), "\n".join(news) or "—")
    if decision := complaint.get("decision"):
        for key, value in r.decision(decision):
            label = tr.gettext(LABELS["decision"]) if key == "outcome" else tr.gettext(LABELS[key])
            page.field(label, value)
    if survey := complaint.get("survey"):
        for key, value in survey.items():
            page.field(tr.gettext(LABELS[key]), r.value(key, value))
    page.field(tr.gettext(LABELS["closed_at"]), r.value("closed_at", complaint.get("closed_at")))


def personal_data_pdf(
    data: dict[str, Any], tr: Translator, profile: SchoolProfile | None = None
) -> bytes:
    page = _Page(tr)
    r = _Readable(tr, profile)
    title = tr.gettext("Your personal data — {school}", school=data["school"])
    page.pdf.set_title(title)
    page.text(title, 14, "B", 7.5)
    page.pdf.ln(1)
    page.text(
        tr.gettext(
            "Everything the school keeps about you in its complaint handling, as of {date}. "
            "The attached JSON file holds the same data for another program.",
            date=_when(tr, "at", data["exported_at"]),
        ),
        9,
    )
    page.heading(tr.gettext(LABELS["you"]))
    for key, value in data["you"].items():
        page.field(tr.gettext(LABELS.get(key, key)), r.value(key, value))
    page.heading(tr.gettext(LABELS["complaints"]))
    if not data["complaints"]:
        page.text(tr.gettext("You have no complaint yet."))
    for complaint in data["complaints"]:
        _complaint(page, r, complaint)
    return bytes(page.pdf.output())
