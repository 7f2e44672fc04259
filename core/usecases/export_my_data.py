"""A client's own data (GDPR art. 15 and 20): what they told the school and what the
school told them, without other people's personal data (no staff names, no notes)."""

from __future__ import annotations

from typing import Any

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import (
    ActionCompleted,
    ActionPlanned,
    ClientInformationAdded,
    ClientInformed,
    EventData,
    data_of,
    event_data,
)
from core.domain.evidence_file import EvidenceFile
from core.domain.journal import Actor, EventKind, JournalEvent
from core.usecases.common import Deps, check, run
from core.usecases.ports import UnitOfWork


def _told(data: EventData) -> str | None:
    """What the school told the client in an event, if it told them something."""
    match data:
        case ClientInformed(message=text) | ActionPlanned(description=text):
            return text
        case ActionCompleted(result=text):
            return text
    return None


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _files(c: Complaint, kept: list[EvidenceFile]) -> list[dict[str, Any]]:
    """The files the client sent, as the school keeps them (digest, size, status); a file
    sent before the school kept copies is listed as the complaint recorded it."""
    mine = [f for f in kept if f.complaint_id == c.id]
    if not mine:
        return [{"kind": e.kind.value, "caption": e.caption} for e in c.evidence]
    captions = {e.file_id: e.caption for e in c.evidence}
    return [f.describe() | {"caption": captions.get(f.file_ref, "")} for f in mine]


def _complaint(
    c: Complaint, journal: list[JournalEvent], kept: list[EvidenceFile]
) -> dict[str, Any]:
    decision = c.decision
    return {
        "reference": c.reference,
        "category": c.category,
        "subject": c.subject,
        "description": c.description,
        "incident_on": _day(c.incident_on),
        "incident_place": c.incident_place,
        "desired_solution": c.desired.text or c.desired.code,
        "status": c.status.value,
        "received_at": _day(c.received_at),
        "acknowledged_at": _day(c.acknowledgement.at) if c.acknowledgement else None,
        "answer_by": _day(c.answer_by),
        "files": _files(c, kept),
        "your_additions": [
            data_of(e, ClientInformationAdded).text
            for e in journal
            if e.kind is EventKind.CLIENT_INFORMATION_ADDED
        ],
        "news_from_the_school": [
            {"at": _day(e.occurred_at), "text": told}
            for e in journal
            if e.client_visible and (told := _told(event_data(e))) is not None
        ],
        "decision": None
        if decision is None
        else {
            "outcome": decision.outcome.value,
            "reasons": decision.reasons,
            "compensations": [x.to_payload() for x in decision.compensations],
            "at": _day(decision.at),
        },
        "survey": None
        if c.survey is None
        else {
            "taken_into_account": c.survey.taken_into_account,
            "actions_carried_out": c.survey.actions_carried_out,
            "satisfaction": c.survey.satisfaction,
            "comment": c.survey.comment,
        },
        "closed_at": _day(c.closure.at) if c.closure else None,
    }


async def export_my_data(deps: Deps, actor: Actor) -> dict[str, Any]:
    check(actor, Permission.VIEW)
    if not actor.is_client or actor.id is None:
        raise InvalidInput(N_("Only a client may ask for their own data."))
    client_id = actor.id

    async def work(uow: UnitOfWork) -> dict[str, Any]:
        client = await uow.clients.get(client_id)
        if client is None:
            raise InvalidInput(N_("The school keeps no data about you."))
        complaints = await uow.complaints.of_client(client_id)
        kept = await uow.evidence_files.of_complaints([c.id for c in complaints if c.id])
        return {
            "school": deps.profile.name,
            "exported_at": deps.clock.now().isoformat(),
            "you": {
                "name": client.display_name,
                "phone": client.phone,
                "email": client.email,
                "student_file_number": client.student_file_number,
                "language": client.language,
                "chat": f"{client.chat.network} {client.chat.user_id}" if client.chat else None,
                "registered_at": _day(client.created_at),
            },
            "complaints": [
                _complaint(c, await uow.complaints.journal(c.reference), kept) for c in complaints
            ],
        }

    return await run(deps, work)
