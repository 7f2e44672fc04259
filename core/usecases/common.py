"""What every use case shares: its dependencies, loading a complaint the actor may
touch, and running in a unit of work that journals refusals."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from core.domain.authorisation import HIDDEN, Permission, refusal
from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar
from core.domain.errors import N_, NotAuthorised, NotFound
from core.domain.journal import Actor, EventKind, JournalEvent
from core.domain.profile import SchoolProfile
from core.domain.reference import normalise_reference
from core.logcontext import note
from core.usecases.ports import ClockPort, JoinLinks, UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")


@dataclass(frozen=True)
class Deps:
    """The use cases' dependencies, built once by the composition root."""

    uow: UnitOfWorkFactory
    clock: ClockPort
    profile: SchoolProfile
    links: JoinLinks | None = None  # the chat channel's personal links, if there is one

    def within(self, uow: UnitOfWork) -> Deps:
        """The same dependencies, working inside ``uow``'s transaction (a savepoint)."""
        return replace(self, uow=uow.nested)

    @property
    def calendar(self) -> DeadlineCalendar:
        d = self.profile.deadlines
        return DeadlineCalendar(
            self.profile.timezone, d.mode, d.holiday_subdivision, d.due_soon_days
        )


UNKNOWN_REFERENCE = N_("No complaint has the reference {reference}.")


class Refused(NotAuthorised):
    """A refusal that knows what was refused, so that it can be journaled."""

    def __init__(self, actor: Actor, permission: Permission, reason: str, reference: str | None):
        if reference is not None and reason in HIDDEN:  # answered as an unknown reference
            super().__init__(UNKNOWN_REFERENCE, reference=reference)
        else:
            super().__init__(N_("You may not do this: {reason}."), reason=reason)
        self.actor, self.permission, self.reference = actor, permission, reference
        self.reason = reason
        self.journaled = False


def check(actor: Actor, permission: Permission, complaint: Complaint | None = None) -> None:
    reason = refusal(actor, permission, complaint)
    if reason is not None:
        raise Refused(actor, permission, reason, complaint.reference if complaint else None)


async def load(uow: UnitOfWork, actor: Actor, permission: Permission, reference: str) -> Complaint:
    """The complaint, if the actor may do ``permission`` on it."""
    complaint = await uow.complaints.get(normalise_reference(reference))
    note(complaint=complaint.reference if complaint else None)
    if complaint is None:
        raise NotFound(UNKNOWN_REFERENCE, reference=reference)
    check(actor, permission, complaint)
    return complaint


async def run(deps: Deps, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    """Run ``work`` in one unit of work; commit on success, journal a refusal."""
    try:
        async with deps.uow() as uow:
            result = await work(uow)
            await uow.commit()
            return result
    except Refused as refused:
        await _journal_refusal(deps, refused)
        raise


async def _journal_refusal(deps: Deps, refused: Refused) -> None:
    event = JournalEvent(
        EventKind.ACCESS_REFUSED,
        deps.clock.now(),
        refused.actor,
        {"permission": refused.permission.value, "reason": refused.reason},
        client_visible=False,
        reference=refused.reference,
    )
    async with deps.uow() as uow:
        await uow.journal.append(event)
        await uow.commit()
    refused.journaled = True
