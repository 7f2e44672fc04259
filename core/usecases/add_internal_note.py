"""Staff write an internal note: journaled, never shown to the client."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, require_text
from core.domain.errors import N_
from core.domain.event_data import NoteAdded
from core.domain.journal import Actor
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class AddInternalNote:
    reference: str
    text: str


async def add_internal_note(deps: Deps, actor: Actor, command: AddInternalNote) -> Complaint:
    text = require_text(command.text, N_("note"))
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.ADD_NOTE, command.reference)
        complaint.record(NoteAdded(text), actor, now, visible=False)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
