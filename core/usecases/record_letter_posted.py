"""Staff confirm that the acknowledgement letter to a client without chat nor email was
posted: the journal records it, and the deadline to acknowledge stops running."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.errors import N_, InvalidInput
from core.domain.journal import Actor, EventKind
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class RecordLetterPosted:
    reference: str


async def record_letter_posted(deps: Deps, actor: Actor, command: RecordLetterPosted) -> Complaint:
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.ACKNOWLEDGE, command.reference)
        ack = complaint.acknowledgement
        if ack is None or not ack.by_post:
            raise InvalidInput(
                N_("There is no letter to post for {reference}."), reference=complaint.reference
            )
        if ack.posted_at is not None:
            raise InvalidInput(
                N_("The letter for {reference} was already recorded as posted."),
                reference=complaint.reference,
            )
        posted_on = deps.calendar.local_date(now).isoformat()
        payload = {"what": "acknowledgement", "posted_on": posted_on}
        complaint.record(EventKind.LETTER_POSTED, actor, now, payload, visible=False)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
