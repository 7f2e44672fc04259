"""The client adds information (text and files) to one of their open complaints."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import MAX_TEXT, Complaint, clean_text
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import ClientInformationAdded
from core.domain.journal import Actor
from core.domain.values import Evidence
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class AddClientInformation:
    reference: str
    text: str = ""
    evidence: tuple[Evidence, ...] = ()


async def add_client_information(
    deps: Deps, actor: Actor, command: AddClientInformation
) -> Complaint:
    text = clean_text(command.text).strip()
    if not text and not command.evidence:
        raise InvalidInput(N_("Please send some text or a file."))
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            N_("The {what} is too long ({length} characters, at most {limit})."),
            what=N_("information"),
            length=len(text),
            limit=MAX_TEXT,
        )
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.ADD_CLIENT_INFORMATION, command.reference)
        complaint.require_open(N_("add information"))
        data = ClientInformationAdded(text, tuple(command.evidence))
        complaint.record(data, actor, now, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
