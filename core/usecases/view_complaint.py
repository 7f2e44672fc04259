"""Read one complaint with its journal and the client's history, as the actor may see it."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.history import ClientHistory, PastComplaint, client_history
from core.domain.journal import Actor, JournalEvent
from core.domain.people import Client
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class ComplaintFile:
    complaint: Complaint
    client: Client | None
    journal: tuple[JournalEvent, ...]
    history: ClientHistory | None


def as_past(c: Complaint) -> PastComplaint:
    assert c.received_at is not None
    satisfaction = c.survey.satisfaction if c.survey else None
    return PastComplaint(
        c.reference, c.received_at, c.category, c.staff_ids_concerned, c.status, satisfaction
    )


async def view_complaint(deps: Deps, actor: Actor, reference: str) -> ComplaintFile:
    """Clients get the client-visible journal only, and no history."""

    async def work(uow: UnitOfWork) -> ComplaintFile:
        complaint = await load(uow, actor, Permission.VIEW, reference)
        journal = await uow.complaints.journal(complaint.reference)
        if actor.is_client:
            visible = tuple(e for e in journal if e.client_visible)
            return ComplaintFile(complaint, None, visible, None)
        others = await uow.complaints.history_of(complaint.client_id)
        history = client_history(as_past(complaint), others, deps.clock.now())
        client = await uow.clients.get(complaint.client_id)
        return ComplaintFile(complaint, client, tuple(journal), history)

    return await run(deps, work)
