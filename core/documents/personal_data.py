"""A client's data export as a readable PDF (the JSON file is the complete one)."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from core import wording
from core.documents.letter import latin1
from core.domain.enums import Outcome, Status
from core.domain.errors import N_
from core.domain.values import Compensation
from core.i18n import Translator

LABELS = {
    "you": N_("You"),
    "name": N_("Name"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "student_file_number": N_("Student file number"),
    "language": N_("Language"),
    "chat": N_("Chat account"),
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
    "amount_cents": N_("Amount (cents)"),
    "quantity": N_("Quantity"),
    "survey": N_("Satisfaction survey"),
    "taken_into_account": N_("Taken into account"),
    "actions_carried_out": N_("Actions carried out"),
    "satisfaction": N_("Satisfaction"),
    "comment": N_("Comment"),
    "closed_at": N_("Closed on"),
}


def _lines(tr: Translator, value: Any, indent: str = "") -> list[str]:
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            label = tr.gettext(LABELS[key]) if key in LABELS else key
            if isinstance(item, dict | list) and item:
                out += [f"{indent}{label}:", *_lines(tr, item, indent + "    ")]
            else:
                out.append(f"{indent}{label}: {'' if item is None or item == [] else item}")
        return out
    if isinstance(value, list):
        return [
            line for item in value for line in [f"{indent}-", *_lines(tr, item, indent + "  ")]
        ]
    return [f"{indent}{value}"]


def _readable(tr: Translator, complaint: dict[str, Any]) -> dict[str, Any]:
    """A complaint of the export in words: status, decision and survey as the reader says."""
    shown = dict(complaint, status=wording.status(tr, Status(complaint["status"])))
    if decision := complaint.get("decision"):
        accepted = decision["outcome"] == Outcome.ACCEPTED.value
        shown["decision"] = dict(
            decision,
            outcome=tr.gettext("accepted") if accepted else tr.gettext("rejected"),
            compensations=[
                wording.compensation(tr, Compensation.from_payload(x))
                for x in decision["compensations"]
            ],
        )
    if survey := complaint.get("survey"):
        shown["survey"] = {
            k: wording.yes_no(tr, v) if isinstance(v, bool) else v for k, v in survey.items()
        }
    return shown


def personal_data_pdf(data: dict[str, Any], tr: Translator) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 14)
    title = tr.gettext("Your personal data — {school}", school=data["school"])
    pdf.multi_cell(0, 8, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 9)
    pdf.multi_cell(
        0,
        5,
        latin1(
            tr.gettext(
                "Everything the school keeps about you in its complaint handling, as of {date}. "
                "The attached JSON file holds the same data for another program.",
                date=data["exported_at"][:10],
            )
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    readable = {"you": data["you"], "complaints": [_readable(tr, c) for c in data["complaints"]]}
    for section in ("you", "complaints"):
        for line in _lines(tr, {section: readable[section]}):
            pdf.multi_cell(0, 4.5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
