"""A complaint is reopened: the client disputes the answer, or a manager decides so."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, require_text
from core.domain.enums import Status
from core.domain.errors import N_
from core.domain.journal import Actor, EventKind
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class ReopenComplaint:
    reference: str
    reason: str


async def reopen_complaint(deps: Deps, actor: Actor, command: ReopenComplaint) -> Complaint:
    reason = require_text(command.reason, N_("reason"), 1000)
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.REOPEN, command.reference)
        complaint.require_move(Status.REOPENED, reopen_reason=reason)
        payload = {"reason": reason, "previous_status": complaint.status.value}
        complaint.record(EventKind.REOPENED, actor, now, payload, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
