"""A client outside the chat gets, in their letters and emails, a personal link to follow
the complaint in the chat (see join_chat.py)."""

from __future__ import annotations

from core.domain.people import Client
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork


async def personal_link(deps: Deps, uow: UnitOfWork, client: Client, reference: str) -> str | None:
    """The client's personal link for the complaint, when the chat channel makes one."""
    if deps.links is None or client.id is None:
        return None
    token = await uow.join_tokens.issue(client.id, reference, deps.clock.now())
    return deps.links.url(token)
