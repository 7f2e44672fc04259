"""A client who does not follow the complaint in the chat gets the school's answer as a
letter as well: by email (attached), or printed and posted by staff. The letter is kept
for the record, and the decision event names it."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit, urlunsplit

from core.domain.complaint import Complaint
from core.domain.event_data import Decided
from core.i18n import Translator
from core.usecases.common import Deps
from core.usecases.personal_links import personal_link
from core.usecases.ports import UnitOfWork

if TYPE_CHECKING:
    from core.documents.letter import Signatory

D = TypeVar("D", bound=Decided)


async def handler_signatory(
    uow: UnitOfWork, complaint: Complaint, tr: Translator
) -> Signatory | None:
    """The complaint's handler signs its letters; None when nobody is named yet."""
    member = await uow.staff.get(complaint.handler_id) if complaint.handler_id else None
    from core.documents.letter import Signatory  # the PDF writer: only when a letter is made

    return Signatory(member.name, tr.gettext("In charge of your complaint")) if member else None


def chat_address(deps: Deps) -> str | None:
    """The school's chat, as a link anyone opens (the personal link without its token)."""
    url = deps.links.url("-") if deps.links else None
    return urlunsplit(urlsplit(url)._replace(query="")) if url else None


async def attach_decision_letter(
    deps: Deps, uow: UnitOfWork, complaint: Complaint, decided: D
) -> D:
    """The decision, naming its letter when the client needs one (kept for the record)."""
    client = await uow.clients.get(complaint.client_id)
    if client is None or client.chat is not None or client.anonymised_at is not None:
        return decided
    from core.documents.decision import DecisionFacts, decision_letter  # only when needed

    now = deps.clock.now()
    tr = Translator(client.language, deps.profile.timezone)
    facts = DecisionFacts(
        complaint.reference,
        client.display_name,
        deps.calendar.local_date(now),
        decided.OUTCOME,
        decided.reasons,
        decided.compensations,
        await personal_link(deps, uow, client, complaint.reference),
        client.postal_address,
        await handler_signatory(uow, complaint, tr),
    )
    name = tr.gettext("answer-{reference}.pdf", reference=complaint.reference)
    content = decision_letter(facts, deps.profile, tr)
    kept = await uow.documents.add(complaint.reference, name, "application/pdf", content, now)
    assert kept.id is not None
    return decided.with_letter(kept.id, by_post=not client.email)
