"""The quality meeting's follow-up: collaborators who have not confirmed reading are
reminded (three times at most, three days apart); an action's owner hears on its due day."""

from __future__ import annotations

from datetime import timedelta

from bots.telegram.markup import HtmlTranslator, h
from bots.telegram.staff.chats import direct_to
from bots.telegram.staff.meeting_notices import read_button
from core.domain.schedule import Planned, WorkKind
from core.scheduling.work import DueItem
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork
from core.usecases.record_meeting import READ_REMINDER_DAYS

ROUNDS = 3


async def meeting_read_reminder(deps: Deps, uow: UnitOfWork, item: DueItem, language: str) -> None:
    meeting = await uow.meetings.get(int(item.payload["meeting_id"]))
    if meeting is None or meeting.id is None:
        return
    tr = HtmlTranslator(language, deps.profile.timezone)
    now = deps.clock.now()
    if item.kind is WorkKind.MEETING_ACTION_DUE:
        action = next((a for a in meeting.actions if a.number == item.payload["number"]), None)
        owner = await uow.staff.get(action.owner_id) if action and not action.done_at else None
        if action and owner and owner.active:
            text = tr.gettext(
                "🛠 Due today (quality meeting of {date}): {action}",
                date=tr.date(meeting.held_on),
                action=h(action.description),
            )
            await uow.outbox.add(direct_to(owner, text), now)
        return
    items = []
    for staff_id in meeting.unread:
        member = await uow.staff.get(staff_id)
        if member and member.active:
            text = tr.gettext(
                "⏰ Please read the conclusions of the quality meeting of {date}, then confirm.",
                date=tr.date(meeting.held_on),
            )
            items += direct_to(member, text, read_button(tr, meeting.id))
    await uow.outbox.add(items, now)
    round_ = int(item.payload.get("round", 1))
    if items and round_ < ROUNDS:
        following = Planned(
            WorkKind.MEETING_READ_REMINDER,
            f"meeting-{meeting.id}-{round_ + 1}",
            now + timedelta(days=READ_REMINDER_DAYS),
            {"meeting_id": meeting.id, "round": round_ + 1},
        )
        await uow.due_work.add([following])
