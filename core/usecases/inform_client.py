"""Staff send the client a progress message: the client is kept informed."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, require_text
from core.domain.enums import Status
from core.domain.errors import N_
from core.domain.event_data import ClientInformed
from core.domain.journal import Actor
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class InformClient:
    reference: str
    message: str


async def inform_client(deps: Deps, actor: Actor, command: InformClient) -> Complaint:
    message = require_text(command.message, N_("message"))
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.INFORM_CLIENT, command.reference)
        if complaint.status is not Status.ANSWERED:
            complaint.require_open(N_("inform the client"))
        complaint.record(ClientInformed(message), actor, now, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
