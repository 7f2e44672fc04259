"""Check that the journal was not rewritten: every complaint's chain recomputed from its
first event, and every anchor against the chains it saw (reclam journal verify, the audit
bundle's verification report)."""

from __future__ import annotations

from core.domain.journal_check import JournalReport, check_journal
from core.usecases.ports import UnitOfWorkFactory


async def verify_journal(uows: UnitOfWorkFactory, reference: str | None = None) -> JournalReport:
    """The journal's state now (read only); ``reference``: only that complaint's chain."""
    async with uows() as uow:
        events = await uow.journal_seal.events(reference)
        anchors = await uow.journal_seal.anchors()
    return check_journal(events, anchors, reference)
