"""``reclam complaints record``: a complaint the school received by phone, at the desk, by
letter, email or in a review enters the register from the command line.

Standard output carries the new reference and nothing else, so scripts can use it. Bad
input gets one clear line on standard error and exit code 2, and nothing is written."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from bots.telegram.identity import telegram_id
from core.domain.enums import Channel
from core.domain.errors import N_, InvalidInput
from core.domain.journal import Actor
from core.domain.values import PersonConcerned
from core.i18n import Translator
from core.usecases.file_complaint import FileComplaint
from core.usecases.ports import UnitOfWork
from core.usecases.record_complaint import ClientContact, RecordComplaint, record_complaint
from reclam.bootstrap import App
from reclam.running import run_with_app

CHANNELS = tuple(c.value for c in Channel if c is not Channel.TELEGRAM)


def _channel(text: str) -> Channel:
    if text not in CHANNELS:
        raise InvalidInput(
            N_("{value} is not a channel: use one of {choices}."),
            value=text,
            choices=", ".join(CHANNELS),
        )
    return Channel(text)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(N_("{value} is not a date: write it YYYY-MM-DD."), value=text) from None


async def _recorder(uow: UnitOfWork, who: str) -> Actor:
    """The staff member who records it, by Telegram id or by name."""
    members = await uow.staff.list()
    found = [m for m in members if str(telegram_id(m)) == who.strip()] or [
        m for m in members if m.name.casefold() == who.strip().casefold()
    ]
    if len(found) != 1 or found[0].id is None:
        raise InvalidInput(N_("{value} is not in the staff directory."), value=who)
    return Actor.staff(found[0].id, found[0].role, found[0].name)


async def _persons(uow: UnitOfWork, names: list[str]) -> tuple[PersonConcerned, ...]:
    """Each person concerned: a staff member when the name is in the directory."""
    by_name = {m.name.casefold(): m for m in await uow.staff.list()}
    persons = []
    for name in names:
        member = by_name.get(name.strip().casefold())
        persons.append(PersonConcerned(member.id if member else None, name.strip()))
    return tuple(persons)


def record(  # noqa: PLR0913 - a command line's options are its parameters
    channel: Annotated[str, typer.Option(help=" | ".join(CHANNELS))],
    received_on: Annotated[str, typer.Option(help="The day the school received it")],
    client_name: Annotated[str, typer.Option(help="The client's full name")],
    category: Annotated[str, typer.Option(help="A category code of the school profile")],
    description: Annotated[str, typer.Option(help="What the client complains about")],
    by: Annotated[str, typer.Option(help="Who records it: Telegram id or name")],
    email: Annotated[str | None, typer.Option(help="The client's email address")] = None,
    phone: Annotated[str | None, typer.Option(help="The client's phone number")] = None,
    address: Annotated[str | None, typer.Option(help="The client's postal address")] = None,
    language: Annotated[str, typer.Option(help="the client's: fr, en or ar")] = "fr",
    wish: Annotated[str, typer.Option(help="The solution the client wants")] = "",
    person: Annotated[list[str] | None, typer.Option(help="A person concerned")] = None,
) -> None:
    """Record a complaint received by phone, at the desk, by letter, email or review."""
    contact = ClientContact(client_name, email, phone, address, language)

    async def work(application: App, tr: Translator) -> str:
        async with application.deps.uow() as uow:
            actor = await _recorder(uow, by)
            persons = await _persons(uow, person or [])
        wanted = wish or tr.gettext("Not stated")
        complaint = FileComplaint(category, description, persons=persons, desired_text=wanted)
        command = RecordComplaint(_channel(channel), _day(received_on), contact, complaint)
        return (await record_complaint(application.deps, actor, command)).reference

    typer.echo(run_with_app(work, refusal_code=2))
