"""A client's personal data is erased (GDPR art. 17): at their request (/forget), by a
manager, or by the retention rule. The complaints stay in the register and the figures,
without anything that identifies the client or repeats what they wrote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.enums import Status
from core.domain.errors import N_, InvalidInput, NotAuthorised
from core.domain.event_data import Anonymised, Withdrawn
from core.domain.journal import Actor
from core.domain.people import Client
from core.usecases.common import Deps, check, run
from core.usecases.ports import Erasure, UnitOfWork


@dataclass(frozen=True)
class AnonymiseClient:
    client_id: int
    reason: str  # "client_request", "manager", "retention"


def identity(client: Client) -> list[str]:
    parts = [p for p in client.display_name.split() if len(p) >= 4]
    values = [client.display_name, client.phone, client.email, client.student_file_number]
    return [v for v in [*values, *parts] if v]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


async def _texts(uow: UnitOfWork, c: Complaint) -> list[str]:
    """What the client wrote, wherever the complaint's journal repeats it."""
    written = [c.subject, c.description, c.incident_place, c.desired.text]
    written += [e.caption for e in c.evidence]
    written += [c.survey.comment] if c.survey else []
    for event in await uow.complaints.journal(c.reference):
        if event.actor.is_client:
            written += [s for s in _strings(event.payload) if len(s) >= 12 or " " in s]
    return written


async def anonymise_client(deps: Deps, actor: Actor, command: AnonymiseClient) -> int:
    """Return how many complaints were anonymised."""
    check(actor, Permission.ERASE_DATA)
    if actor.is_client and actor.id != command.client_id:
        raise NotAuthorised(N_("You may only erase your own data."))
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> int:
        client = await uow.clients.get(command.client_id)
        if client is None or client.id is None or client.anonymised_at is not None:
            raise InvalidInput(N_("There is no personal data left to erase."))
        complaints = await uow.complaints.of_client(client.id)
        texts: list[str] = []
        for c in complaints:
            texts += await _texts(uow, c)
            if c.is_open and not actor.is_client:
                raise InvalidInput(
                    N_("{reference} is still open: close it before erasing the client's data."),
                    reference=c.reference,
                )
            if c.is_open:  # the client leaves: their open complaints are withdrawn
                c.require_move(Status.WITHDRAWN, requested_by_client=True)
                c.record(Withdrawn(""), actor, now, visible=False)
            c.record(Anonymised(command.reason), actor, now, visible=False)
            await uow.complaints.save(c)
        kept = await uow.evidence_files.of_complaints([c.id for c in complaints if c.id])
        texts += [f.name for f in kept if f.name]  # a file's name may say who sent it
        who, chat = identity(client), client.chat
        client.display_name, client.phone, client.email = "", None, None
        client.student_file_number, client.reachable = None, False
        client.chat, client.postal_address, client.anonymised_at = None, None, now
        await uow.clients.save(client)
        references = [c.reference for c in complaints]
        await uow.personal_data.erase(Erasure(client.id, chat, references, who, texts))
        await uow.join_tokens.revoke(client.id)  # a personal link dies with the data
        await uow.evidence_files.erase_of_client(client.id, now)  # the records say they were
        return len(complaints)

    return await run(deps, work)
