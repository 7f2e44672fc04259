"""A complaint is reopened: the client disputes the answer, or a manager decides so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, require_text
from core.domain.enums import ActorKind, Status
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import Reopened
from core.domain.journal import Actor
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class ReopenComplaint:
    reference: str
    reason: str


def _check_client_may_reopen(complaint: Complaint, days: int, now: datetime) -> None:
    """A client reopens their own answered or closed complaint, within the set period."""
    ended = complaint.closure.at if complaint.closure else None
    if complaint.status is Status.ANSWERED and complaint.decision:
        ended = complaint.decision.at
    if ended is None or complaint.status not in (Status.ANSWERED, Status.CLOSED):
        raise InvalidInput(N_("Only an answered or closed complaint can be reopened."))
    if now - ended > timedelta(days=days):
        raise InvalidInput(
            N_("It is too late to reopen this complaint; please file a new one."),
        )


async def reopen_complaint(deps: Deps, actor: Actor, command: ReopenComplaint) -> Complaint:
    reason = require_text(command.reason, N_("reason"), 1000)
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.REOPEN, command.reference)
        if actor.kind is ActorKind.CLIENT:
            _check_client_may_reopen(complaint, deps.profile.deadlines.reopen_days, now)
        complaint.require_move(Status.REOPENED, reopen_reason=reason)
        data = Reopened(reason, previous_status=complaint.status)
        complaint.record(data, actor, now, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
