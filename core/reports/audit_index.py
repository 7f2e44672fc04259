"""The audit archive's index: a PDF on the school's letterhead that says what the archive
covers, then, requirement by requirement, what it asks and which files answer it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core import wording
from core.documents.letter import Letter
from core.i18n import Translator

if TYPE_CHECKING:
    from core.reports.audit_bundle import BuildAuditBundle
    from core.usecases.common import Deps
    from core.usecases.gather_audit_evidence import AuditEvidence

SHOWN_REFERENCES = 40  # withheld references printed in the index (all are in their file)


def index_pdf(  # noqa: PLR0913  (the index is written from all of these)
    tr: Translator,
    deps: Deps,
    command: BuildAuditBundle,
    evidence: AuditEvidence,
    kinds: dict[str, list[str]],
    manager: str = "",
    journal: str = "",
) -> bytes:
    from core.reports.audit_bundle import EVIDENCE_TITLES, REQUIREMENTS, Evidence

    profile = deps.profile
    letter = Letter(profile, tr.gettext("Audit file"), tr)
    letter.pdf.broke = True  # page numbers on every page, the first too
    period = wording.period(tr, command.period)
    letter.pdf.footer_text = tr.gettext(
        "{school} — audit file, {period}", school=profile.name, period=period
    )
    letter.letterhead()
    letter.pdf.ln(8)
    letter.line(tr.gettext("Audit file: complaints and improvement"), 16, "B", 8)
    letter.line(period, 11)
    letter.line(wording.exported_on(tr, deps.clock.now()), 9.5)
    letter.pdf.ln(3)
    _summary(tr, letter, evidence, command, manager)
    if journal:  # the journal's verdict, as reclam journal verify gives it
        letter.line(journal, 9.5, "B")
        letter.pdf.ln(3)
    for requirement in REQUIREMENTS:
        _keep_together(letter, 32)
        letter.section(tr.gettext(requirement.code))
        letter.line(tr.gettext(requirement.asks), 9.5)
        letter.pdf.ln(1)
        for key in requirement.evidence:
            paths = kinds.get(key, [])
            _keep_together(letter, 5 + 4.6 * (min(len(paths), 3) + 1))
            letter.line(tr.gettext(EVIDENCE_TITLES[key]), 9.5, "B", 5)
            if key == Evidence.LETTERS:
                count = len(paths) - 1  # the list of letters is one of them
                paths = paths[-1:]
                letter.line(
                    tr.ngettext(
                        "{n} letter, one folder per complaint, listed in:",
                        "{n} letters, one folder per complaint, listed in:",
                        count,
                    ),
                    9,
                )
            for path in paths:
                letter.line(f"    {path}", 9, gap=4.6, ours=False)
            letter.pdf.ln(1)
        letter.pdf.ln(2)
    return letter.output()


def _keep_together(letter: Letter, height: float) -> None:
    """A title is not left alone at the foot of a page: it moves to the next with its
    first lines."""
    pdf = letter.pdf
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _summary(
    tr: Translator,
    letter: Letter,
    evidence: AuditEvidence,
    command: BuildAuditBundle,
    manager: str,
) -> None:
    withheld = [c.reference for c in evidence.withheld]
    actions = sum(len(c.actions) for c in evidence.complaints)
    actions += sum(len(m.actions) for m in evidence.meetings)
    lines = [
        tr.ngettext(
            "{n} complaint received in the period",
            "{n} complaints received in the period",
            len(evidence.complaints) + len(withheld),
        ),
        tr.ngettext("{n} quality meeting", "{n} quality meetings", len(evidence.meetings)),
        tr.ngettext("{n} improvement action", "{n} improvement actions", actions),
        tr.ngettext(
            "{n} survey answer",
            "{n} survey answers",
            sum(1 for c in evidence.complaints if c.survey),
        ),
    ]
    if withheld:
        shown = ", ".join(withheld[:SHOWN_REFERENCES])
        more = "…" if len(withheld) > SHOWN_REFERENCES else ""
        lines.append(
            tr.ngettext(
                "{n} confidential complaint (a staff member's conduct), counted and named "
                "by its reference only: {references}",
                "{n} confidential complaints (a staff member's conduct), counted and named "
                "by their reference only: {references}",
                len(withheld),
                references=shown + more,
            )
        )
    elif command.include_confidential:
        lines.append(
            tr.gettext(
                "Confidential complaints are included in full, at the request of {manager}.",
                manager=manager,
            )
        )
    letter.bullets(*lines)
    letter.paragraphs(
        tr.gettext(
            "Each file below was made by Reclam from the school's records on the date "
            "above; manifest.csv gives the SHA-256 digest of every file of the archive, and "
            "index.csv this index as a table."
        )
    )
