"""The client answers the satisfaction survey; the complaint closes."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, clean_text
from core.domain.enums import ClosureKind, Status
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import Closed, SurveyAnswered
from core.domain.journal import Actor
from core.usecases.common import Deps, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class RecordSurveyAnswer:
    reference: str
    taken_into_account: bool
    actions_carried_out: bool
    satisfaction: int
    comment: str = ""


async def record_survey_answer(deps: Deps, actor: Actor, command: RecordSurveyAnswer) -> Complaint:
    if not 1 <= command.satisfaction <= 5:
        raise InvalidInput(N_("Satisfaction is a score from 1 to 5."))
    comment = clean_text(command.comment).strip()
    if len(comment) > 1000:
        raise InvalidInput(N_("The comment is too long (at most 1000 characters)."))
    now = deps.clock.now()

    async def work(uow: UnitOfWork) -> Complaint:
        complaint = await load(uow, actor, Permission.ANSWER_SURVEY, command.reference)
        if complaint.status is not Status.ANSWERED or complaint.survey is not None:
            raise InvalidInput(N_("This survey is no longer open."))
        answer = SurveyAnswered(
            command.taken_into_account, command.actions_carried_out, command.satisfaction, comment
        )
        complaint.record(answer, actor, now, visible=True)
        complaint.require_move(Status.CLOSED, closure=ClosureKind.SURVEY_ANSWERED)
        closing = Closed(ClosureKind.SURVEY_ANSWERED, "")
        complaint.record(closing, actor, now, visible=True)
        await uow.complaints.save(complaint)
        return complaint

    return await run(deps, work)
