"""A client files a complaint: it gets its reference and its acknowledgement deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.domain.authorisation import Permission
from core.domain.complaint import MAX_SUBJECT, Complaint, clean_text, require_text
from core.domain.enums import Channel
from core.domain.errors import N_, InvalidInput, NotFound
from core.domain.journal import Actor, EventKind
from core.domain.values import Evidence, PersonConcerned, iso
from core.logcontext import note
from core.usecases.common import Deps, check, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class FileComplaint:
    category: str
    description: str
    subject: str = ""
    incident_on: date | None = None
    incident_place: str = ""
    persons: tuple[PersonConcerned, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    desired_code: str | None = None
    desired_text: str = ""


def _subject(command: FileComplaint, description: str) -> str:
    if command.subject.strip():
        return require_text(command.subject, N_("subject"), MAX_SUBJECT)
    first_line = description.splitlines()[0]
    return first_line if len(first_line) <= 80 else first_line[:79] + "…"


def _validate(deps: Deps, command: FileComplaint) -> tuple[str, str, bool]:
    category = deps.profile.category(command.category)
    if category is None:
        raise InvalidInput(N_("{code} is not a complaint category."), code=command.category)
    if command.desired_code and deps.profile.desired_solution(command.desired_code) is None:
        raise InvalidInput(N_("{code} is not a solution on offer."), code=command.desired_code)
    if not command.desired_code and not command.desired_text.strip():
        raise InvalidInput(N_("Please say which solution you would like."))
    today = deps.calendar.local_date(deps.clock.now())
    if command.incident_on and command.incident_on > today:
        raise InvalidInput(N_("The date of the incident cannot be in the future."))
    description = require_text(command.description, N_("description"))
    return description, _subject(command, description), category.confidential


@dataclass(frozen=True)
class Receipt:
    """Who the complaint is from, by which channel, and when the school received it."""

    client_id: int
    channel: Channel = Channel.TELEGRAM
    received_at: datetime | None = None  # None: now


async def file_complaint(deps: Deps, actor: Actor, command: FileComplaint) -> Complaint:
    """A client files in the chat: received now, by the chat channel."""

    async def work(uow: UnitOfWork) -> Complaint:
        check(actor, Permission.FILE)
        assert actor.id is not None
        if await uow.clients.get(actor.id) is None:
            raise NotFound(N_("Unknown client."))
        return await enter_complaint(uow, deps, actor, command, Receipt(actor.id))

    return await run(deps, work)


async def enter_complaint(
    uow: UnitOfWork, deps: Deps, actor: Actor, command: FileComplaint, receipt: Receipt
) -> Complaint:
    """The complaint enters the register: its reference, and its acknowledgement deadline
    counted from the day the school received it."""
    description, subject, confidential = _validate(deps, command)
    now = deps.clock.now()
    received = receipt.received_at or now
    for person in command.persons:
        if person.staff_id is not None and await uow.staff.get(person.staff_id) is None:
            raise InvalidInput(N_("Unknown staff member."))
    year = deps.calendar.local_date(now).year  # the register's gap-free sequence
    complaint = Complaint(await uow.complaints.next_reference(year))
    note(complaint=complaint.reference)
    payload = {
        "client_id": receipt.client_id,
        "category": command.category,
        "subject": subject,
        "description": description,
        "incident_on": iso(command.incident_on),
        "incident_place": clean_text(command.incident_place).strip()[:200],
        "persons": [p.to_payload() for p in command.persons],
        "evidence": [e.to_payload() for e in command.evidence],
        "desired_code": command.desired_code,
        "desired_text": clean_text(command.desired_text).strip()[:1000],
        "confidential": confidential,
        "channel": receipt.channel.value,
        "received_at": receipt.received_at.isoformat() if receipt.received_at else None,
        "acknowledge_by": iso(
            deps.calendar.due_date(received, deps.profile.deadlines.acknowledge_days)
        ),
    }
    complaint.record(EventKind.FILED, actor, now, payload, visible=True)
    await uow.complaints.add(complaint)
    return complaint
