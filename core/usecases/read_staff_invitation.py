"""Before accepting a staff invitation, its person reads what it offers (name, role)."""

from __future__ import annotations

from core.usecases.accept_staff_invitation import valid_invitation
from core.usecases.common import Deps
from core.usecases.ports import StaffInvitation


async def read_staff_invitation(deps: Deps, token: str) -> StaffInvitation:
    """The invitation, if it may still be accepted; else NotFound (told politely)."""
    async with deps.uow() as uow:
        return await valid_invitation(uow, token, deps.clock.now())
