"""A complaint is closed: by a manager with a reason, or when its survey timed out."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, clean_text
from core.domain.enums import ActorKind, ClosureKind, Status
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import Closed
from core.domain.journal import Actor
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class CloseComplaint:
    reference: str
    kind: ClosureKind = ClosureKind.MANAGER
    reason: str = ""


def _check_kind(actor: Actor, kind: ClosureKind) -> None:
    expected = (
        ClosureKind.SURVEY_TIMED_OUT if actor.kind is ActorKind.SYSTEM else ClosureKind.MANAGER
    )
    if kind is not expected:
        raise InvalidInput(N_("This way of closing is not available here."))


async def close_complaint(deps: Deps, actor: Actor, command: CloseComplaint) -> Complaint:
    _check_kind(actor, command.kind)
    reason = clean_text(command.reason).strip()[:1000]
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.CLOSE, command.reference)
        complaint.require_move(Status.CLOSED, closure=command.kind, closure_reason=reason)
        complaint.record(Closed(command.kind, reason), actor, now, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
