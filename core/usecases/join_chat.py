"""A client who complained by phone, letter or email opens their personal link in a chat
(the chat channel resolves their account): after they confirm, the complaint is theirs to
follow there, and every notice goes to that chat. A link serves once; a used, forged or
erased one changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.complaint import Complaint
from core.domain.errors import N_, InvalidInput, NotFound
from core.domain.journal import Actor, EventKind
from core.domain.people import ChatAccount
from core.usecases.common import Deps, run
from core.usecases.ports import UnitOfWork

INVALID = N_("This link is not valid any more. If you need it, ask the school for a new one.")


@dataclass(frozen=True)
class JoinChat:
    token: str
    chat: ChatAccount
    language: str = "fr"


async def join_chat(deps: Deps, command: JoinChat) -> Complaint:
    """Bind the token's client to the chat; return the complaint, to follow there."""
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        found = await uow.join_tokens.find(command.token)
        client = await uow.clients.get(found.client_id) if found else None
        if found is None or found.used_at is not None or client is None:
            raise NotFound(INVALID)
        if client.anonymised_at is not None or client.chat not in (None, command.chat):
            raise NotFound(INVALID)
        other = await uow.clients.by_chat(command.chat)
        if other is not None and other.id != client.id:
            raise InvalidInput(
                N_(
                    "This chat account already follows other complaints. Please ask the "
                    "school to join them."
                )
            )
        client.chat, client.reachable = command.chat, True
        await uow.clients.save(client)
        await uow.join_tokens.use(command.token, now)
        complaint = await uow.complaints.get(found.reference)
        assert complaint is not None
        assert client.id is not None
        actor = Actor.client(client.id, client.display_name)
        complaint.record(EventKind.CLIENT_JOINED_CHAT, actor, now, {}, visible=False)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
