"""The school acknowledges a complaint with its PDF letter: the letter is produced, kept
for the record, acknowledged in the journal and (through the notices) sent to the client,
all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.errors import N_, NotFound
from core.domain.journal import Actor
from core.i18n import Translator
from core.usecases.acknowledge_complaint import (
    AcknowledgeComplaint,
    KeptLetter,
    answer_due,
    record_acknowledgement,
)
from core.usecases.common import Deps, load, run
from core.usecases.decision_letter import chat_address, handler_signatory
from core.usecases.personal_links import personal_link
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class AcknowledgeWithLetter:
    reference: str
    clarification: str = ""


async def acknowledge_with_letter(
    deps: Deps, actor: Actor, command: AcknowledgeWithLetter
) -> Complaint:
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        # the PDF writer loads when a letter is made, not when the bot starts
        from core.documents.acknowledgement import LetterFacts, acknowledgement_letter

        complaint = await load(uow, actor, Permission.ACKNOWLEDGE, command.reference)
        client = await uow.clients.get(complaint.client_id)
        if client is None:
            raise NotFound(N_("Unknown client."))
        answer_by = answer_due(deps, now)
        tr = Translator(client.language, deps.profile.timezone)
        facts = LetterFacts(
            complaint,
            client.display_name,
            now,
            answer_by,
            chat_url=chat_address(deps),
            postal_address=client.postal_address,
            signatory=await handler_signatory(uow, complaint, tr),
        )
        if client.chat is None:  # the letter says how to follow it in the chat
            facts = replace(
                facts,
                in_chat=False,
                join_url=await personal_link(deps, uow, client, complaint.reference),
            )
        letter = acknowledgement_letter(facts, deps.profile, tr)
        name = tr.gettext("acknowledgement-{reference}.pdf", reference=complaint.reference)
        kept = await uow.documents.add(complaint.reference, name, "application/pdf", letter, now)
        ack = AcknowledgeComplaint(complaint.reference, name, kept.sha256, command.clarification)
        by_post = client.chat is None and not client.email
        record_acknowledgement(complaint, actor, now, answer_by, ack, KeptLetter(kept.id, by_post))
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
