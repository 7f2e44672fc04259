"""The audit archive: one zip the school hands its auditor, with an index PDF that maps each
requirement (Qualiopi 30, 31, 32; Code de la consommation L612-1, L612-2 and L616-1;
ISO 10002 §8 and §9; GDPR retention) to the files in the archive, and those files: the
written procedure, the register, the monthly quality packs and the period's summary, the
improvement plan, the quality meetings with their read receipts, every letter, the survey
answers and the journal's verification. Every file is made by the export that makes it
elsewhere (the register, the pack, the plan, the procedure); the archive adds the index,
the lists and a manifest of SHA-256 digests."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from core import wording
from core.documents.stored import PROCEDURE_PREFIX, StoredDocument
from core.domain.errors import N_
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter, Period, month_of
from core.i18n import Translator
from core.reports.formats import ExportFormat
from core.reports.journal_report import report_text, verdict
from core.reports.pack_file import PackFormat, pack_file
from core.reports.plan_file import plan_file
from core.reports.register_file import ReportFile, register_file
from core.usecases.build_improvement_plan import BuildImprovementPlan
from core.usecases.common import Deps
from core.usecases.export_register import ExportRegister
from core.usecases.gather_audit_evidence import (
    AuditEvidence,
    GatherAuditEvidence,
    authorise_audit,
    gather_audit_evidence,
)
from core.usecases.verify_journal import verify_journal
from core.usecases.write_procedure import write_procedure

FORMATS = (ExportFormat.CSV, ExportFormat.XLSX, ExportFormat.PDF)


class Evidence:
    """Keys of the kinds of evidence, which the requirements point to."""

    PROCEDURE = "procedure"
    REGISTER = "register"
    PACKS = "packs"
    SUMMARY = "summary"
    PLAN = "plan"
    MEETINGS = "meetings"
    RECEIPTS = "receipts"
    LETTERS = "letters"
    SURVEYS = "surveys"
    CONFIDENTIAL = "confidential"
    JOURNAL = "journal"


@dataclass(frozen=True)
class Requirement:
    code: str  # a message id: the requirement's name
    asks: str  # a message id: what it asks for
    evidence: tuple[str, ...]  # Evidence keys


E = Evidence
REQUIREMENTS = (
    Requirement(
        N_("Qualiopi, indicator 30"),
        N_("The school collects the appreciations of its learners and of the stakeholders."),
        (E.SURVEYS, E.PACKS, E.SUMMARY),
    ),
    Requirement(
        N_("Qualiopi, indicator 31"),
        N_(
            "The school handles the difficulties met and the complaints: a written "
            "procedure, a register, the answers given."
        ),
        (E.PROCEDURE, E.REGISTER, E.LETTERS, E.CONFIDENTIAL),
    ),
    Requirement(
        N_("Qualiopi, indicator 32"),
        N_(
            "The school draws improvement measures from the complaints and the "
            "appreciations, and checks them."
        ),
        (E.PLAN, E.MEETINGS, E.RECEIPTS, E.PACKS, E.SUMMARY),
    ),
    Requirement(
        N_("Code de la consommation, L612-1 and L612-2"),
        N_(
            "Effective access to a consumer mediator, free of charge; a dated written "
            "record of each complaint made to the school first."
        ),
        (E.PROCEDURE, E.REGISTER, E.LETTERS, E.JOURNAL),
    ),
    Requirement(
        N_("Code de la consommation, L616-1"),
        N_(
            "The mediator's name, contact details and website, given visibly, and again "
            "when a complaint could not be settled."
        ),
        (E.PROCEDURE, E.LETTERS),
    ),
    Requirement(
        N_("ISO 10002, section 8"),
        N_(
            "Operating the process: receipt with a unique reference, tracking, "
            "acknowledgement, assessment, investigation, a reasoned answer, closing."
        ),
        (E.PROCEDURE, E.REGISTER, E.LETTERS, E.JOURNAL),
    ),
    Requirement(
        N_("ISO 10002, section 9"),
        N_(
            "Maintenance and improvement: analysis of complaints, satisfaction with the "
            "handling, monitoring, management review, continual improvement."
        ),
        (E.PACKS, E.SUMMARY, E.SURVEYS, E.MEETINGS, E.PLAN),
    ),
    Requirement(
        N_("GDPR, storage limitation (Art. 5.1.e)"),
        N_(
            "Personal data kept no longer than needed: the retention period is written in "
            "the procedure and applied; the register keeps anonymised rows."
        ),
        (E.PROCEDURE, E.REGISTER),
    ),
)
EVIDENCE_TITLES = {
    E.PROCEDURE: N_("The written complaint procedure, and its versions"),
    E.REGISTER: N_("The complaints register (CSV, XLSX, PDF)"),
    E.PACKS: N_("The monthly quality-meeting packs"),
    E.SUMMARY: N_("The summary of the period"),
    E.PLAN: N_("The improvement plan (CSV, XLSX, PDF)"),
    E.MEETINGS: N_("The quality meetings: conclusions and actions"),
    E.RECEIPTS: N_("The collaborators' read receipts"),
    E.LETTERS: N_("Every acknowledgement and decision letter"),
    E.SURVEYS: N_("The satisfaction survey answers"),
    E.CONFIDENTIAL: N_("Confidential complaints (references only)"),
    E.JOURNAL: N_("The journal's verification"),
}


@dataclass(frozen=True)
class BuildAuditBundle:
    period: Period
    language: str = "fr"
    include_confidential: bool = False  # a manager only


@dataclass
class _Archive:
    """The files written so far, by kind of evidence."""

    files: dict[str, bytes] = field(default_factory=dict)
    kinds: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, path: str, content: bytes) -> None:
        self.files[path] = content
        self.kinds.setdefault(kind, []).append(path)


def _csv(rows: list[list[object]]) -> bytes:
    """A CSV file as the register's: UTF-8 with a BOM, semicolons (for French Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(
        [v.isoformat() if isinstance(v, date) else ("" if v is None else v) for v in row]
        for row in rows
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _months(period: Period) -> list[Period]:
    months, day = [], period.start
    while day <= period.end:
        month = month_of(day)
        months.append(month)
        day = date.fromordinal(month.end.toordinal() + 1)
    return months


async def audit_bundle(deps: Deps, actor: Actor, command: BuildAuditBundle) -> ReportFile:
    """The archive, with the journal verified now (``reclam journal verify``'s report)."""
    tr = Translator(command.language, deps.profile.timezone)
    gather = GatherAuditEvidence(command.period, command.include_confidential)
    authorise_audit(actor, gather)  # before any file is made
    evidence = await gather_audit_evidence(deps, actor, gather)
    archive = _Archive()
    folder = _Folders(tr)
    await _procedure(deps, actor, tr, evidence, archive, folder)
    await _records(deps, actor, command, archive, folder)
    _meetings(tr, evidence, archive, folder, command.period)
    _letters(tr, evidence, archive, folder)
    _surveys(tr, evidence, archive, folder, command.period)
    _confidential(tr, evidence, archive, folder, command.period)
    journal = await verify_journal(deps.uow)
    report = report_text(tr, journal)
    verification = tr.gettext("verification")
    archive.add(E.JOURNAL, f"{folder.journal}/{verification}.txt", report.encode())
    from core.reports.audit_index import index_pdf  # the PDF writer: only when asked

    seal = verdict(tr, journal)
    index = index_pdf(tr, deps, command, evidence, archive.kinds, actor.name, seal)
    archive.files = {"index.pdf": index, **archive.files}
    archive.files["index.csv"] = _index_csv(tr, archive.kinds)
    archive.files["manifest.csv"] = _manifest(archive.files)
    stem = tr.gettext("audit")
    return ReportFile(
        f"{stem}-{command.period.label}.zip",
        "application/zip",
        _zip(archive, deps.clock.now().astimezone(tr.zone)),
    )


class _Folders:
    def __init__(self, tr: Translator) -> None:
        self.procedure = "01-" + tr.gettext("procedure")
        self.register = "02-" + tr.gettext("register")
        self.packs = "03-" + tr.gettext("quality-packs")
        self.summary = "04-" + tr.gettext("summary")
        self.plan = "05-" + tr.gettext("improvement-plan")
        self.meetings = "06-" + tr.gettext("meetings")
        self.letters = "07-" + tr.gettext("letters")
        self.surveys = "08-" + tr.gettext("surveys")
        self.confidential = "09-" + tr.gettext("confidential")
        self.journal = "10-" + tr.gettext("journal")


async def _procedure(  # noqa: PLR0913  (what the procedure's part needs)
    deps: Deps,
    actor: Actor,
    tr: Translator,
    evidence: AuditEvidence,
    archive: _Archive,
    folder: _Folders,
) -> None:
    written = await write_procedure(deps, actor, tr.language)
    archive.add(
        E.PROCEDURE, f"{folder.procedure}/procedure-{written.version}.pdf", written.content
    )
    rows: list[list[object]] = [[tr.gettext("Version"), tr.gettext("Since"), "SHA-256"]]
    versions = list(evidence.procedures)
    rows += [[_version(d), _since(deps, d), d.sha256] for d in versions]
    if written.new:
        rows.append([written.version, written.since, hashlib.sha256(written.content).hexdigest()])
    versions_file = tr.gettext("versions")
    archive.add(E.PROCEDURE, f"{folder.procedure}/{versions_file}.csv", _csv(rows))


def _version(document: StoredDocument) -> str:
    return document.name.removeprefix(PROCEDURE_PREFIX).removesuffix(".pdf")


def _since(deps: Deps, document: StoredDocument) -> date | None:
    return deps.calendar.local_date(document.created_at) if document.created_at else None


async def _records(
    deps: Deps, actor: Actor, command: BuildAuditBundle, archive: _Archive, folder: _Folders
) -> None:
    """The register, the packs, the summary and the plan, by their own exports."""
    period, language = command.period, command.language
    shared = not command.include_confidential
    register = ExportRegister(ComplaintFilter(received=period), language, shared=shared)
    plan = BuildImprovementPlan(period, shared=shared)
    for fmt in FORMATS:
        file = await register_file(deps, actor, register, fmt)
        archive.add(E.REGISTER, f"{folder.register}/{file.name}", file.content)
        file = await plan_file(deps, actor, plan, fmt, language)
        archive.add(E.PLAN, f"{folder.plan}/{file.name}", file.content)
    for month in _months(period):
        file = await pack_file(deps, actor, month, PackFormat.PDF, language)
        archive.add(E.PACKS, f"{folder.packs}/{file.name}", file.content)
    for pack in (PackFormat.PDF, PackFormat.CSV):
        file = await pack_file(deps, actor, period, pack, language)
        archive.add(E.SUMMARY, f"{folder.summary}/{file.name}", file.content)


def _meetings(
    tr: Translator, evidence: AuditEvidence, archive: _Archive, folder: _Folders, period: Period
) -> None:
    staff = evidence.staff
    meetings: list[list[object]] = [
        [
            tr.gettext("Held on"),
            tr.gettext("Attendees"),
            tr.gettext("Conclusions"),
            tr.gettext("Actions"),
            tr.gettext("Recorded by"),
        ]
    ]
    reads: list[list[object]] = [
        [tr.gettext("Held on"), tr.gettext("Collaborator"), tr.gettext("Read on")]
    ]
    for m in sorted(evidence.meetings, key=lambda m: m.held_on):
        actions = "; ".join(
            f"{a.number}. {a.description} ({staff.get(a.owner_id, '?')}, {a.due_on.isoformat()})"
            for a in m.actions
        )
        meetings.append([m.held_on, m.attendees, m.conclusions, actions, staff.get(m.recorded_by)])
        for staff_id, at in sorted(m.reads.items(), key=lambda r: staff.get(r[0], "")):
            read = tr.datetime(at) if at else tr.gettext("not read")
            reads.append([m.held_on, staff.get(staff_id, "?"), read])
    label = period.label.replace("..", "_")
    meetings_file, receipts_file = tr.gettext("meetings"), tr.gettext("read-receipts")
    archive.add(E.MEETINGS, f"{folder.meetings}/{meetings_file}-{label}.csv", _csv(meetings))
    name = f"{folder.meetings}/{receipts_file}-{label}.csv"
    archive.add(E.RECEIPTS, name, _csv(reads))


def _letters(tr: Translator, evidence: AuditEvidence, archive: _Archive, folder: _Folders) -> None:
    """Each letter as it was sent; an erased one (its client's data was erased) is listed
    with the digest it had, without its content."""
    rows: list[list[object]] = [
        [tr.gettext("Reference"), tr.gettext("Letter"), tr.gettext("Made on"), "SHA-256", ""]
    ]
    for reference, documents in sorted(evidence.letters.items()):
        for d in documents:
            made = tr.datetime(d.created_at) if d.created_at else ""
            if d.content:
                archive.add(E.LETTERS, f"{folder.letters}/{reference}/{d.name}", d.content)
                rows.append([reference, d.name, made, d.sha256, ""])
            else:
                rows.append([reference, d.name, made, d.sha256, tr.gettext("erased")])
    letters_file = tr.gettext("letters")
    archive.add(E.LETTERS, f"{folder.letters}/{letters_file}.csv", _csv(rows))


def _surveys(
    tr: Translator, evidence: AuditEvidence, archive: _Archive, folder: _Folders, period: Period
) -> None:
    rows: list[list[object]] = [
        [
            tr.gettext("Reference"),
            tr.gettext("Answered on"),
            tr.gettext("Taken into account, clarified, explained"),
            tr.gettext("Actions planned and carried out"),
            tr.gettext("Satisfaction"),
            tr.gettext("Comment"),
        ]
    ]
    for c in evidence.complaints:
        s = c.survey
        if s is not None:
            rows.append(
                [
                    c.reference,
                    tr.datetime(s.at),
                    wording.yes_no(tr, s.taken_into_account),
                    wording.yes_no(tr, s.actions_carried_out),
                    s.satisfaction,
                    s.comment,
                ]
            )
    label = period.label.replace("..", "_")
    surveys_file = tr.gettext("surveys")
    archive.add(E.SURVEYS, f"{folder.surveys}/{surveys_file}-{label}.csv", _csv(rows))


def _confidential(
    tr: Translator, evidence: AuditEvidence, archive: _Archive, folder: _Folders, period: Period
) -> None:
    """The confidential complaints withheld: their references, nothing that names anyone."""
    rows: list[list[object]] = [
        [tr.gettext("Reference"), tr.gettext("Received on"), tr.gettext("Status")]
    ]
    for c in evidence.withheld:
        received = c.received_at.astimezone(tr.zone).date() if c.received_at else None
        rows.append([c.reference, received, wording.status(tr, c.status)])
    label = period.label.replace("..", "_")
    references_file = tr.gettext("references")
    name = f"{folder.confidential}/{references_file}-{label}.csv"
    archive.add(E.CONFIDENTIAL, name, _csv(rows))


def _index_csv(tr: Translator, kinds: dict[str, list[str]]) -> bytes:
    rows: list[list[object]] = [
        [tr.gettext("Requirement"), tr.gettext("Evidence"), tr.gettext("File")]
    ]
    for r in REQUIREMENTS:
        for key in r.evidence:
            for path in kinds.get(key, []):
                rows.append([tr.gettext(r.code), tr.gettext(EVIDENCE_TITLES[key]), path])
    return _csv(rows)


def _manifest(files: dict[str, bytes]) -> bytes:
    rows: list[list[object]] = [["path", "bytes", "sha256"]]
    rows += [[p, len(c), hashlib.sha256(c).hexdigest()] for p, c in files.items()]
    return _csv(rows)


def _zip(archive: _Archive, made: datetime) -> bytes:
    """The files, dated by the school's clock (local time, as zip files keep it)."""
    out = io.BytesIO()
    stamp = made.timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path, content in archive.files.items():
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, content)
    return out.getvalue()
