"""What each kind of scheduled work does when it falls due. Each handler checks the
complaint again first: what was planned may no longer apply."""

from __future__ import annotations

from datetime import datetime, timedelta

from bots.telegram.dialogue.survey import survey_question
from bots.telegram.markup import HtmlTranslator, h
from bots.telegram.staff.chats import Item, alert_managers, direct_to, tell_staff
from core.domain.complaint import Complaint
from core.domain.enums import ClosureKind, Status
from core.domain.journal import Actor
from core.domain.schedule import WAITING_FOR_ANSWER, WorkKind
from core.domain.values import parse_date
from core.scheduling.planner import planner_for
from core.scheduling.work import DueItem
from core.usecases.close_complaint import CloseComplaint, close_complaint
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork


class Reminders:
    def __init__(self, staff_chat_id: int | None, language: str = "fr") -> None:
        self.staff_chat_id, self.language = staff_chat_id, language

    async def __call__(self, deps: Deps, uow: UnitOfWork, item: DueItem) -> None:
        complaint = await uow.complaints.get(str(item.payload.get("reference")))
        if complaint is None:
            return
        tr = HtmlTranslator(self.language, deps.profile.timezone)
        now = deps.clock.now()
        if item.kind is WorkKind.SURVEY_TIMEOUT:
            await self._survey_timeout(deps, complaint)
            return
        if item.kind is WorkKind.SURVEY_REMINDER:
            items = await self._survey_reminder(uow, deps, complaint)
        elif item.kind is WorkKind.NO_NEWS:
            items = await self._no_news(deps, uow, complaint, item, tr, now)
        elif item.kind in (WorkKind.ACTION_REMINDER, WorkKind.ACTION_OVERDUE):
            items = await self._action(uow, complaint, item, tr)
        else:
            items = await self._deadline(deps, uow, complaint, item, tr)
        await uow.outbox.add(items, now)

    async def _deadline(
        self, deps: Deps, uow: UnitOfWork, c: Complaint, item: DueItem, tr: HtmlTranslator
    ) -> list[Item]:
        due = parse_date(item.payload["due"])
        acknowledging = item.kind in (WorkKind.ACK_REMINDER, WorkKind.ACK_OVERDUE)
        if acknowledging and (not c.acknowledgement_pending or c.acknowledge_by != due):
            return []
        if not acknowledging and (c.status not in WAITING_FOR_ANSWER or c.answer_by != due):
            return []
        assert due is not None
        today = deps.calendar.local_date(deps.clock.now())
        reminding = item.kind in (WorkKind.ACK_REMINDER, WorkKind.ANSWER_REMINDER)
        if reminding and today > due:
            return []  # caught up late: the escalation says it better
        what = tr.gettext("acknowledge it") if acknowledging else tr.gettext("answer the client")
        if item.kind in (WorkKind.ACK_REMINDER, WorkKind.ANSWER_REMINDER):
            text = tr.gettext(
                "⏰ {reference}: {what} by {date}.",
                reference=c.reference,
                what=what,
                date=tr.date(due),
            )
            return await tell_staff(uow, c, self.staff_chat_id, text)
        text = tr.gettext(
            "🚨 {reference}: the deadline to {what} ({date}) has passed.",
            reference=c.reference,
            what=what,
            date=tr.date(due),
        )
        return await alert_managers(uow, c, self.staff_chat_id, text)

    async def _action(
        self, uow: UnitOfWork, c: Complaint, item: DueItem, tr: HtmlTranslator
    ) -> list[Item]:
        action = next((a for a in c.actions if a.number == item.payload["number"]), None)
        if action is None or action.done or c.status is Status.WITHDRAWN:
            return []
        owner = await uow.staff.get(action.owner_id)
        values = {"reference": c.reference, "action": h(action.description)}
        if item.kind is WorkKind.ACTION_REMINDER:
            text = tr.gettext("🛠 Due today for {reference}: {action}", **values)
            return direct_to(owner, text) if owner and owner.active else []
        text = tr.gettext("🚨 Late for {reference}: {action}", **values)
        items = await tell_staff(uow, c, self.staff_chat_id, text)
        return items + (direct_to(owner, text) if owner and owner.active else [])

    async def _no_news(
        self,
        deps: Deps,
        uow: UnitOfWork,
        c: Complaint,
        item: DueItem,
        tr: HtmlTranslator,
        now: datetime,
    ) -> list[Item]:
        last = c.last_client_update_at or c.received_at
        if not c.status.is_open or last is None or last.isoformat() != item.payload["last"]:
            return []  # the client heard from the school since
        planner = planner_for(deps.profile)
        period = timedelta(days=deps.profile.deadlines.no_news_days)
        weeks = (now - last) // period
        if now - item.due_at >= period:  # caught up late: one nudge for now, not a backlog
            await uow.due_work.add([planner.nudge(c.reference, last, weeks * period)], c.id)
            return []
        await uow.due_work.add([planner.nudge(c.reference, last, (weeks + 1) * period)], c.id)
        text = tr.gettext(
            "💬 {reference}: the client has had no news for {days} days. "
            "Tell them where things stand (💬 Inform the client).",
            reference=c.reference,
            days=(weeks * period).days,
        )
        return await tell_staff(uow, c, self.staff_chat_id, text)

    async def _survey_reminder(self, uow: UnitOfWork, deps: Deps, c: Complaint) -> list[Item]:
        if c.status is not Status.ANSWERED or c.survey is not None or c.decision is None:
            return []
        closing = c.decision.at + timedelta(days=deps.profile.deadlines.survey_close_days)
        if deps.clock.now() >= closing:
            return []  # caught up late: the survey is timing out
        client = await uow.clients.get(c.client_id)
        if client is None or client.anonymised_at is not None:
            return []  # the survey's reminder has buttons: it is for the chat
        tr = HtmlTranslator(client.language, deps.profile.timezone)
        text, buttons = survey_question(tr, c.reference, "", reminder=True)
        rows = [[[b.label, b.data] for b in row] for row in buttons]
        return direct_to(client, text, rows)

    async def _survey_timeout(self, deps: Deps, c: Complaint) -> None:
        if c.status is Status.ANSWERED and c.survey is None:
            kind = ClosureKind.SURVEY_TIMED_OUT
            await close_complaint(deps, Actor.system(), CloseComplaint(c.reference, kind))
