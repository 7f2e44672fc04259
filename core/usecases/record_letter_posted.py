"""Staff confirm that a letter to a client without chat nor email was posted (the
acknowledgement, or the answer): the journal records it; for the acknowledgement, the
deadline to acknowledge stops running."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import LetterPosted, data_of
from core.domain.journal import Actor, EventKind
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class RecordLetterPosted:
    reference: str
    what: str = "acknowledgement"  # or "answer"


def _to_post(complaint: Complaint, what: str) -> bool:
    if what == "answer":
        return complaint.decision is not None
    ack = complaint.acknowledgement
    return what == "acknowledgement" and ack is not None and ack.by_post


async def record_letter_posted(deps: Deps, actor: Actor, command: RecordLetterPosted) -> Complaint:
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.ACKNOWLEDGE, command.reference)
        reference = complaint.reference
        if not _to_post(complaint, command.what):
            raise InvalidInput(
                N_("There is no letter to post for {reference}."), reference=reference
            )
        journal = await uow.complaints.journal(reference)
        if any(
            e.kind is EventKind.LETTER_POSTED and data_of(e, LetterPosted).what == command.what
            for e in journal
        ):
            raise InvalidInput(
                N_("The letter for {reference} was already recorded as posted."),
                reference=reference,
            )
        data = LetterPosted(command.what, deps.calendar.local_date(now))
        complaint.record(data, actor, now, visible=False)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
