"""The school acknowledges a complaint with a document; the answer countdown starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, clean_text
from core.domain.enums import Status
from core.domain.journal import Actor, EventKind
from core.domain.values import iso
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class AcknowledgeComplaint:
    reference: str
    document_name: str
    document_sha256: str
    clarification: str = ""


@dataclass(frozen=True)
class KeptLetter:
    """The acknowledgement letter kept in the documents, and whether it goes by post."""

    document_id: int
    by_post: bool = False


def answer_due(deps: Deps, now: datetime) -> date:
    return deps.calendar.due_date(now, deps.profile.deadlines.default_answer_days)


def record_acknowledgement(
    complaint: Complaint,
    actor: Actor,
    now: datetime,
    answer_by: date,
    command: AcknowledgeComplaint,
    letter: KeptLetter | None = None,
) -> None:
    """Check the guard, then journal the acknowledgement (client-visible)."""
    has_document = bool(command.document_name.strip() and command.document_sha256.strip())
    complaint.require_move(Status.ACKNOWLEDGED, has_acknowledgement_document=has_document)
    payload: dict[str, object] = {
        "document_name": command.document_name,
        "document_sha256": command.document_sha256,
        "answer_by": iso(answer_by),
        "clarification": clean_text(command.clarification).strip()[:1000],
    }
    if letter is not None:
        payload["document_id"] = letter.document_id
        if letter.by_post:  # the deadline to acknowledge runs until the letter is posted
            payload["by_post"] = True
    complaint.record(EventKind.ACKNOWLEDGED, actor, now, payload, visible=True)


async def acknowledge_complaint(
    deps: Deps, actor: Actor, command: AcknowledgeComplaint
) -> Complaint:
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.ACKNOWLEDGE, command.reference)
        record_acknowledgement(complaint, actor, now, answer_due(deps, now), command)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
