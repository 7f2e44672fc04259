"""The effectiveness check of an action done, asked on its day: its owner (or, when the
owner has left, each manager) says in their private chat whether it worked."""

from __future__ import annotations

from bots.telegram.markup import HtmlTranslator, h
from bots.telegram.staff.buttons import staff
from bots.telegram.staff.chats import Item, direct, direct_to, manager_chats
from core.domain.enums import Status
from core.domain.improvement import ActionRef, Origin
from core.domain.meeting import MeetingAction
from core.domain.schedule import WorkKind
from core.domain.values import Action
from core.scheduling.work import DueItem
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork


def review_buttons(tr: HtmlTranslator, ref: ActionRef) -> list[list[list[str]]]:
    return [
        [
            [tr.gettext("👍 It worked"), staff("rev", ref.key, f"{ref.number}:1")],
            [tr.gettext("👎 It did not work"), staff("rev", ref.key, f"{ref.number}:0")],
        ]
    ]


async def _action(
    uow: UnitOfWork, item: DueItem
) -> tuple[ActionRef, Action | MeetingAction, str] | None:
    """The action to check, and where it came from, if it is still to check."""
    number = int(item.payload["number"])
    if item.kind is WorkKind.MEETING_ACTION_REVIEW:
        meeting = await uow.meetings.get(int(item.payload["meeting_id"]))
        found = next((a for a in meeting.actions if a.number == number), None) if meeting else None
        if meeting is None or found is None:
            return None
        return ActionRef(Origin.MEETING, str(meeting.id), number), found, ""
    complaint = await uow.complaints.get(str(item.payload["reference"]))
    if complaint is None or complaint.status is Status.WITHDRAWN:
        return None
    action = next((a for a in complaint.actions if a.number == number), None)
    if action is None:
        return None
    return ActionRef(Origin.COMPLAINT, complaint.reference, number), action, complaint.reference


async def ask_review(deps: Deps, uow: UnitOfWork, item: DueItem, language: str) -> None:
    found = await _action(uow, item)
    if found is None:
        return
    ref, action, reference = found
    if action.done_at is None or action.reviewed_at is not None:
        return
    tr = HtmlTranslator(language, deps.profile.timezone)
    where = reference or tr.gettext("quality meeting")
    text = tr.gettext(
        "🔎 Did it work? Action {number} ({where}): {action}, done on {date}. Result: {result}",
        number=action.number,
        where=where,
        action=h(action.description),
        date=tr.date(deps.calendar.local_date(action.done_at)),
        result=h(action.result) or "—",
    )
    buttons = review_buttons(tr, ref)
    owner = await uow.staff.get(action.owner_id)
    items: list[Item] = direct_to(owner, text, buttons) if owner and owner.active else []
    if not items:  # the owner has left: the managers check it
        items = [direct(chat, text, buttons) for chat in await manager_chats(uow)]
    await uow.outbox.add(items, deps.clock.now())
