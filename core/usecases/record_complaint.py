"""Staff record a complaint the school received elsewhere (phone, desk, letter, email,
review…): it enters the same register and follows the same process, its deadlines
counted from the day the school received it. Who recorded it is the FILED event's actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, clean_text, require_text
from core.domain.enums import Channel
from core.domain.errors import N_, InvalidInput
from core.domain.journal import Actor
from core.domain.people import Client, validate_email, validate_phone
from core.usecases.common import Deps, check, run
from core.usecases.file_complaint import FileComplaint, Receipt, enter_complaint
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class ClientContact:
    """The client as staff wrote them down: a name and at least one way to reach them."""

    name: str
    email: str | None = None
    phone: str | None = None
    postal_address: str | None = None
    language: str = "fr"


@dataclass(frozen=True)
class RecordComplaint:
    channel: Channel
    received_on: date
    client: ClientContact
    complaint: FileComplaint


def check_contact(contact: ClientContact) -> ClientContact:
    """The contact checked and tidied: refused with a clear reason when it cannot do."""
    name = require_text(contact.name, N_("name"), 120)
    email = validate_email(contact.email) if contact.email else None
    phone = validate_phone(contact.phone) if contact.phone else None
    address = clean_text(contact.postal_address or "").strip()[:300] or None
    if not (email or phone or address):
        raise InvalidInput(
            N_("Give at least one way to reach the client: email, phone or postal address.")
        )
    return ClientContact(name, email, phone, address, contact.language)


def received_at(deps: Deps, day: date) -> datetime:
    """When the school received it: midday of that day, or now if that is earlier."""
    now = deps.clock.now()
    if day > deps.calendar.local_date(now):
        raise InvalidInput(N_("The date of receipt cannot be in the future."))
    midday = datetime.combine(day, time(12), tzinfo=deps.calendar.zone)
    return min(now, midday)


async def _client(uow: UnitOfWork, deps: Deps, contact: ClientContact) -> Client:
    """The client with this email address if the school knows them, or a new one."""
    known = await uow.clients.by_email(contact.email) if contact.email else None
    if known is not None:
        known.phone = contact.phone or known.phone
        known.postal_address = contact.postal_address or known.postal_address
        await uow.clients.save(known)
        return known
    client = Client(None, contact.name, contact.language, created_at=deps.clock.now())
    client.email, client.phone = contact.email, contact.phone
    client.postal_address = contact.postal_address
    await uow.clients.add(client)
    return client


async def record_complaint(deps: Deps, actor: Actor, command: RecordComplaint) -> Complaint:
    if command.channel is Channel.TELEGRAM:
        raise InvalidInput(N_("A complaint made in the Telegram chat is filed there."))
    contact = check_contact(command.client)
    received = received_at(deps, command.received_on)

    async def work(uow: UnitOfWork) -> Complaint:
        check(actor, Permission.RECORD)
        client = await _client(uow, deps, contact)
        assert client.id is not None
        receipt = Receipt(client.id, command.channel, received)
        return await enter_complaint(uow, deps, actor, command.complaint, receipt)

    return await run(deps, work)
