"""The client withdraws their complaint at any open stage."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, clean_text
from core.domain.enums import Status
from core.domain.event_data import Withdrawn
from core.domain.journal import Actor
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class WithdrawComplaint:
    reference: str
    reason: str = ""


async def withdraw_complaint(deps: Deps, actor: Actor, command: WithdrawComplaint) -> Complaint:
    reason = clean_text(command.reason).strip()[:1000]
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.WITHDRAW, command.reference)
        complaint.require_move(Status.WITHDRAWN, requested_by_client=actor.is_client)
        complaint.record(Withdrawn(reason), actor, now, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
