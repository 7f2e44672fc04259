"""The effectiveness check of an action done (ISO 10002 §9, Qualiopi indicator 32): its
owner, or a manager, says whether it worked, with a note. An action found not effective
is followed by a new action, linked to it, for the same owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.domain.authorisation import Permission
from core.domain.complaint import require_text
from core.domain.enums import Role
from core.domain.errors import N_, InvalidInput, NotFound
from core.domain.event_data import ActionPlanned, ActionReviewed
from core.domain.improvement import ActionRef, Origin, Review, follow_up
from core.domain.journal import Actor
from core.domain.meeting import MeetingAction
from core.domain.schedule import Planned, Planner, WorkKind
from core.domain.values import Action
from core.usecases.common import Deps, Refused, check, load, run
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class ReviewAction:
    ref: ActionRef
    effective: bool
    note: str


@dataclass(frozen=True)
class Reviewed:
    follow_up: int | None = None  # the new action's number, when it was not effective
    due_on: date | None = None


def _may_review(actor: Actor, owner_id: int, reference: str | None) -> None:
    if actor.role is not Role.MANAGER and actor.id != owner_id:
        reason = N_("only the action's owner or a manager says whether it worked")
        raise Refused(actor, Permission.REVIEW_ACTION, reason, reference)


def _reviewable(action: Action | MeetingAction) -> None:
    if action.done_at is None:
        raise InvalidInput(N_("This action is not done yet."))
    if action.reviewed_at is not None:
        raise InvalidInput(N_("The effectiveness of this action is already recorded."))


async def review_action(deps: Deps, actor: Actor, command: ReviewAction) -> Reviewed:
    note = require_text(command.note, N_("note"), 1000)
    if command.ref.origin is Origin.MEETING:
        return await run(deps, lambda uow: _meeting(deps, uow, actor, command, note))
    return await run(deps, lambda uow: _complaint(deps, uow, actor, command, note))


async def _complaint(
    deps: Deps, uow: UnitOfWork, actor: Actor, command: ReviewAction, note: str
) -> Reviewed:
    ref, now = command.ref, deps.clock.now()
    complaint = await load(uow, actor, Permission.REVIEW_ACTION, ref.source)
    action = complaint.action(ref.number)
    _may_review(actor, action.owner_id, complaint.reference)
    _reviewable(action)
    complaint.record(ActionReviewed(action.number, command.effective, note), actor, now, False)
    result = Reviewed()
    if not command.effective:
        kind, description, owner, due = follow_up(action, deps.calendar.local_date(now))
        number = len(complaint.actions) + 1
        planned = Action(number, kind, description, owner, due, now, follow_up_of=action.number)
        complaint.record(ActionPlanned.of(planned), actor, now, False)
        result = Reviewed(number, due)
    await uow.complaints.save(complaint)
    return result


async def _meeting(
    deps: Deps, uow: UnitOfWork, actor: Actor, command: ReviewAction, note: str
) -> Reviewed:
    check(actor, Permission.REVIEW_ACTION)
    ref, now = command.ref, deps.clock.now()
    meeting = await uow.meetings.get(int(ref.source)) if ref.source.isdigit() else None
    action = (
        next((a for a in meeting.actions if a.number == ref.number), None) if meeting else None
    )
    if meeting is None or meeting.id is None or action is None:
        raise NotFound(N_("There is no action number {number}."), number=ref.number)
    _may_review(actor, action.owner_id, None)
    _reviewable(action)
    await uow.meetings.review_action(
        meeting.id, action.number, Review(command.effective, note, now)
    )
    if command.effective:
        return Reviewed()
    kind, description, owner, due = follow_up(action, deps.calendar.local_date(now))
    new = MeetingAction(0, description, owner, due, kind=kind, follow_up_of=action.number)
    number = await uow.meetings.add_action(meeting.id, new)
    planner = Planner(deps.profile.deadlines, deps.calendar)
    key = f"meeting-{meeting.id}-action-{number}"
    payload = {"meeting_id": meeting.id, "number": number}
    await uow.due_work.add(
        [Planned(WorkKind.MEETING_ACTION_DUE, key, planner.morning(due), payload)]
    )
    return Reviewed(number, due)
