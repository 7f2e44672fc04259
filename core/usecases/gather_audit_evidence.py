"""What the audit archive holds for a period, for what the actor may hand over: the
complaints received in it and their letters, the quality meetings held in it with their
read receipts, and the procedure's versions. A confidential complaint's details go to the
auditor only when a manager asks for them; otherwise it is counted and named by its
reference, nothing more."""

from __future__ import annotations

from dataclasses import dataclass

from core.documents.stored import PROCEDURE_PREFIX, StoredDocument
from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.journal import Actor
from core.domain.meeting import Meeting
from core.domain.periods import ComplaintFilter, Period
from core.usecases.common import Deps, check


@dataclass(frozen=True)
class GatherAuditEvidence:
    period: Period
    include_confidential: bool = False  # only a manager may ask for it


@dataclass(frozen=True)
class AuditEvidence:
    complaints: list[Complaint]  # received in the period, handed over in full
    withheld: list[Complaint]  # confidential ones, handed over as references only
    letters: dict[str, list[StoredDocument]]  # reference -> its letters, oldest first
    meetings: list[Meeting]  # held in the period
    staff: dict[int, str]  # staff id -> name
    procedures: list[StoredDocument]  # every version of the written procedure


def authorise_audit(actor: Actor, command: GatherAuditEvidence) -> None:
    check(actor, Permission.BUILD_REPORT)
    if command.include_confidential:
        check(actor, Permission.EXPORT_CONFIDENTIAL)


async def gather_audit_evidence(
    deps: Deps, actor: Actor, command: GatherAuditEvidence
) -> AuditEvidence:
    authorise_audit(actor, command)
    period = command.period
    async with deps.uow() as uow:
        received = [
            c
            async for batch in uow.complaints.matching(
                ComplaintFilter(received=period), deps.profile.timezone
            )
            for c in batch
        ]
        shown = [c for c in received if command.include_confidential or not c.confidential]
        withheld = [c for c in received if c.confidential and not command.include_confidential]
        kept = await uow.documents.of_complaints([c.id for c in shown if c.id is not None])
        meetings = [m for m in await uow.meetings.all() if m.held_on in period]
        staff = {m.id: m.name for m in await uow.staff.list(active_only=False) if m.id}
        procedures = await uow.documents.reports_named(PROCEDURE_PREFIX)
    by_id = {c.id: c.reference for c in shown}
    letters: dict[str, list[StoredDocument]] = {}
    for document in kept:
        reference = by_id.get(document.complaint_id)
        if reference is not None:
            letters.setdefault(reference, []).append(document)
    return AuditEvidence(shown, withheld, letters, meetings, staff, procedures)
