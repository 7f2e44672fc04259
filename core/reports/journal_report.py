"""The journal's verification in words: one line for the command line, and the report an
audit bundle includes (what was checked, what was found, the anchors to compare with the
copies kept outside the database)."""

from __future__ import annotations

from core.domain.errors import N_
from core.domain.journal import EventKind
from core.domain.journal_check import Breach, Finding, JournalReport, StoredAnchor
from core.domain.journal_seal import FORMAT
from core.i18n import Translator

FINDINGS = {
    Breach.ALTERED: N_("{chain}, event {sequence} ({kind}): changed after it was recorded."),
    Breach.DELETED: N_("{chain}, event {sequence}: deleted (the next event is still there)."),
    Breach.INSERTED: N_("{chain}, event {sequence} ({kind}): added outside Reclam."),
    Breach.REORDERED: N_("{chain}, event {sequence} ({kind}): moved out of its place."),
    Breach.MISSING: N_(
        "{chain}, event {sequence}: deleted with what followed it (the anchor of {anchor} had it)."
    ),
    Breach.ANCHOR_ALTERED: N_(
        "The anchor of {anchor} was changed, or an anchor before it was deleted."
    ),
}

#: each kind of event, as a finding names it
KINDS = {
    EventKind.FILED: N_("filing"),
    EventKind.ACKNOWLEDGED: N_("acknowledgement"),
    EventKind.EVALUATED: N_("evaluation"),
    EventKind.HANDLER_ASSIGNED: N_("handler assigned"),
    EventKind.ACTION_PLANNED: N_("action planned"),
    EventKind.ACTION_COMPLETED: N_("action done"),
    EventKind.ACTION_REVIEWED: N_("effectiveness review"),
    EventKind.CLIENT_INFORMED: N_("client informed"),
    EventKind.NOTE_ADDED: N_("internal note"),
    EventKind.CLIENT_INFORMATION_ADDED: N_("client's addition"),
    EventKind.ACCEPTED: N_("acceptance"),
    EventKind.REJECTED: N_("rejection"),
    EventKind.SURVEY_ANSWERED: N_("survey answer"),
    EventKind.CLOSED: N_("closing"),
    EventKind.REOPENED: N_("reopening"),
    EventKind.WITHDRAWN: N_("withdrawal"),
    EventKind.ACCESS_REFUSED: N_("access refused"),
    EventKind.STAFF_ADDED: N_("staff member added"),
    EventKind.STAFF_REMOVED: N_("staff member removed"),
    EventKind.STAFF_INVITED: N_("staff invitation"),
    EventKind.ANONYMISED: N_("data erasure"),
    EventKind.CLIENT_JOINED_CHAT: N_("client joined the chat"),
    EventKind.LETTER_POSTED: N_("letter posted"),
}


def kind_label(tr: Translator, kind: str) -> str:
    """The kind in the school's words; a kind Reclam does not know, as it is stored."""
    known = {k.value: label for k, label in KINDS.items()}
    return tr.gettext(known[kind]) if kind in known else kind


def finding_line(tr: Translator, finding: Finding) -> str:
    chain = finding.reference or tr.gettext("the journal of no complaint")
    anchor = tr.datetime(finding.anchored_at, "short") if finding.anchored_at else ""
    return tr.gettext(
        FINDINGS[finding.breach],
        chain=chain,
        sequence=finding.sequence or 0,
        kind=kind_label(tr, finding.kind or ""),
        anchor=anchor,
    )


def verdict(tr: Translator, report: JournalReport) -> str:
    """One line: intact (what was checked), or the first event that is not as recorded."""
    if not report.intact:
        first = finding_line(tr, report.findings[0])
        return tr.gettext("Journal altered: {finding}", finding=first)
    events = tr.ngettext("{n} event checked", "{n} events checked", report.events)
    last = report.last_anchor
    if last is None:
        return tr.gettext("Journal intact: {events}, no anchor yet.", events=events)
    return tr.gettext(
        "Journal intact: {events}, up to the anchor of {date} ({hash}).",
        events=events,
        date=tr.datetime(last.created_at, "short"),
        hash=last.hash[:16],
    )


def report_text(tr: Translator, report: JournalReport) -> str:
    """The verification report: the verdict, every finding, and every anchor in full."""
    lines = [tr.gettext("Verification of the complaints journal"), "", verdict(tr, report)]
    lines += [f"- {finding_line(tr, f)}" for f in report.findings[1:]]
    lines += ["", tr.gettext("How it is checked (format {format}):", format=FORMAT)]
    lines.append(
        tr.gettext(
            "each event's hash covers its facts, salted digests of its texts and the previous "
            "event of the same complaint; each anchor covers every complaint's last event and "
            "the previous anchor. Compare the anchors below with the copies kept outside the "
            "database."
        )
    )
    lines += ["", tr.gettext("Anchors:")]
    lines += [_anchor_line(tr, a) for a in report.anchors] or [tr.gettext("none yet")]
    return "\n".join(lines) + "\n"


def _anchor_line(tr: Translator, anchor: StoredAnchor) -> str:
    when = tr.datetime(anchor.created_at, "short")
    chains = tr.ngettext("{n} chain", "{n} chains", len(anchor.heads))
    return f"#{anchor.id}  {when}  {chains}  sha256 {anchor.hash}"
