"""/erase REC-YYYY-NNNN: a manager erases the personal data of a complaint's client."""

from __future__ import annotations

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.view import Outcome
from bots.telegram.markup import HtmlTranslator
from core.domain.authorisation import Permission
from core.domain.errors import N_, InvalidInput, NotFound
from core.domain.journal import Actor
from core.domain.reference import PATTERN
from core.usecases.anonymise_client import AnonymiseClient, anonymise_client
from core.usecases.common import Deps, check


async def client_of(deps: Deps, reference: str) -> int:
    async with deps.uow() as uow:
        complaint = await uow.complaints.get(reference)
    if complaint is None:
        raise NotFound(N_("No complaint has the reference {reference}."), reference=reference)
    return complaint.client_id


async def erase_command(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome
) -> Outcome:
    check(actor, Permission.ERASE_DATA)
    reference = event.args.strip().upper()
    if not PATTERN.match(reference):
        raise InvalidInput(N_("Use /erase REC-YYYY-NNNN: the client of that complaint is erased."))
    count = await anonymise_client(
        deps, actor, AnonymiseClient(await client_of(deps, reference), "manager")
    )
    text = tr.ngettext(
        "The client's personal data is erased ({n} complaint kept, anonymised).",
        "The client's personal data is erased ({n} complaints kept, anonymised).",
        count,
    )
    return o.say(event, text)
