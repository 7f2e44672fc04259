"""A person writing to the bot becomes (or is found as) a client."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.complaint import require_text
from core.domain.errors import N_
from core.domain.people import ChatAccount, Client, validate_email, validate_phone
from core.usecases.common import Deps, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class RegisterClient:
    chat: ChatAccount
    display_name: str
    language: str = "fr"
    phone: str | None = None
    email: str | None = None
    student_file_number: str | None = None


async def register_client(deps: Deps, command: RegisterClient) -> Client:
    """Create the client, or update the details they gave again."""
    name = require_text(command.display_name, N_("name"), 120)
    phone = validate_phone(command.phone) if command.phone else None
    email = validate_email(command.email) if command.email else None
    file_number = (
        require_text(command.student_file_number, N_("student file number"), 40)
        if command.student_file_number
        else None
    )

    async def work(uow: UnitOfWork) -> Client:
        client = await uow.clients.by_chat(command.chat)
        if client is None:
            client = Client(command.chat, name, command.language, created_at=deps.clock.now())
            client.phone, client.email, client.student_file_number = phone, email, file_number
            await uow.clients.add(client)
            return client
        client.display_name, client.language = name, command.language
        client.phone = phone or client.phone
        client.email = email or client.email
        client.student_file_number = file_number or client.student_file_number
        await uow.clients.save(client)
        return client

    return await run(deps, work)
