"""Anchor the journal: one row hashing every chain's last event and the previous anchor,
written each night by the scheduled work and by ``reclam journal anchor``. A copy kept
outside the database (the audit bundle, an email) proves the journal up to that moment."""

from __future__ import annotations

from core.domain.journal_check import StoredAnchor
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork


async def anchor_journal(deps: Deps) -> StoredAnchor:
    async with deps.uow() as uow:
        anchor = await anchor_within(uow, deps)
        await uow.commit()
    return anchor


async def anchor_within(uow: UnitOfWork, deps: Deps) -> StoredAnchor:
    """The same, inside a unit of work already open (the scheduled work's)."""
    return await uow.journal_seal.anchor(deps.clock.now())
