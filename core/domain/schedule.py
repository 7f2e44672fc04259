"""What must happen later for a complaint, planned from its state alone (pure).

Every change to a complaint plans again; the work already done keeps its key, so each
reminder fires once even when the plan is computed many times."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar
from core.domain.enums import Status
from core.domain.profile import DeadlineSettings

WAITING_FOR_ANSWER = frozenset(
    {Status.ACKNOWLEDGED, Status.EVALUATED, Status.IN_PROGRESS, Status.REOPENED}
)


class WorkKind(StrEnum):
    ACK_REMINDER = "ack_reminder"
    ACK_OVERDUE = "ack_overdue"
    ANSWER_REMINDER = "answer_reminder"
    ANSWER_OVERDUE = "answer_overdue"
    ACTION_REMINDER = "action_reminder"
    ACTION_OVERDUE = "action_overdue"
    NO_NEWS = "no_news"
    SURVEY_REMINDER = "survey_reminder"
    SURVEY_TIMEOUT = "survey_timeout"
    RETENTION = "retention"  # daily: anonymise what is past the retention period
    MONTHLY_PACK = "monthly_pack"  # the 1st: last month's quality pack to the staff group
    MEETING_READ_REMINDER = "meeting_read_reminder"
    MEETING_ACTION_DUE = "meeting_action_due"
    DELIVERY_FAILED = "delivery_failed"  # the managers are told, once a day per complaint
    FAILURE_DIGEST = "failure_digest"  # each morning: yesterday's failed deliveries
    ACTION_REVIEW = "action_review"  # did the action done work? asked of its owner
    MEETING_ACTION_REVIEW = "meeting_action_review"
    JOURNAL_ANCHOR = "journal_anchor"  # nightly, after the retention rule: the journal's anchor


@dataclass(frozen=True)
class Planned:
    kind: WorkKind
    key: str
    due_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Planner:
    settings: DeadlineSettings
    calendar: DeadlineCalendar

    def morning(self, day: date) -> datetime:
        return datetime.combine(day, time(self.settings.reminder_hour), tzinfo=self.calendar.zone)

    def plan(self, c: Complaint, now: datetime) -> list[Planned]:
        """Everything still to come for ``c``, as seen at ``now``."""
        work = self._deadline(c)
        work += self._no_news(c, now)
        work += self._actions(c)
        work += self._reviews(c)
        work += self._survey(c)
        return [replace(p, payload={"reference": c.reference, **p.payload}) for p in work]

    def periodic(self, now: datetime) -> list[Planned]:
        """The school-wide work of this period and the next; a key done stays done."""
        today = self.calendar.local_date(now)
        work = []
        for day in (today, today + timedelta(days=1)):
            at = datetime.combine(day, time(3), tzinfo=self.calendar.zone)
            work.append(Planned(WorkKind.RETENTION, day.isoformat(), at))
            anchored = datetime.combine(day, time(3, 30), tzinfo=self.calendar.zone)
            work.append(Planned(WorkKind.JOURNAL_ANCHOR, day.isoformat(), anchored))
            yesterday = (day - timedelta(days=1)).isoformat()
            digest = Planned(WorkKind.FAILURE_DIGEST, yesterday, self.morning(day))
            work.append(replace(digest, payload={"day": yesterday}))
        first = today.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        for month_start in (first, following):
            reported = (month_start - timedelta(days=1)).replace(day=1)
            at = self.morning(month_start)
            key = reported.strftime("%Y-%m")
            work.append(Planned(WorkKind.MONTHLY_PACK, key, at, {"period": key}))
        return work

    def _deadline(self, c: Complaint) -> list[Planned]:
        if c.acknowledgement_pending and c.acknowledge_by and c.received_at:
            return self._reminders(c, "ack", c.acknowledge_by, c.received_at)
        if c.status in WAITING_FOR_ANSWER and c.answer_by and c.acknowledgement:
            return self._reminders(c, "answer", c.answer_by, c.acknowledgement.at)
        return []

    def _reminders(self, c: Complaint, what: str, due: date, since: datetime) -> list[Planned]:
        work = []
        for days in self.settings.reminder_days_before:
            at = self.morning(due - timedelta(days=days))
            if at > since:
                key = f"{c.reference}:{due.isoformat()}:{days}"
                work.append(Planned(WorkKind(f"{what}_reminder"), key, at, {"due": str(due)}))
        overdue = self.morning(due + timedelta(days=1))
        key = f"{c.reference}:{due.isoformat()}"
        return [*work, Planned(WorkKind(f"{what}_overdue"), key, overdue, {"due": str(due)})]

    def _no_news(self, c: Complaint, now: datetime) -> list[Planned]:
        last = c.last_client_update_at or c.received_at
        if not c.status.is_open or last is None:
            return []
        period = timedelta(days=self.settings.no_news_days)
        first = max(1, (now - last) // period)
        return [self.nudge(c.reference, last, k * period) for k in (first, first + 1)]

    def nudge(self, reference: str, last: datetime, silence: timedelta) -> Planned:
        at = last + silence
        payload = {"reference": reference, "last": last.isoformat(), "days": silence.days}
        return Planned(WorkKind.NO_NEWS, f"{reference}:{at.isoformat()}", at, payload)

    def _actions(self, c: Complaint) -> list[Planned]:
        if c.status is Status.WITHDRAWN:
            return []
        work = []
        for a in c.actions:
            if a.done:
                continue
            key = f"{c.reference}:{a.number}:{a.due_on.isoformat()}"
            payload = {"number": a.number}
            work.append(Planned(WorkKind.ACTION_REMINDER, key, self.morning(a.due_on), payload))
            late = self.morning(a.due_on + timedelta(days=1))
            work.append(Planned(WorkKind.ACTION_OVERDUE, key, late, payload))
        return work

    def review_day(self, done_at: datetime) -> date:
        """The day an action done at ``done_at`` is checked for its effect."""
        days = self.settings.effectiveness_review_days
        return self.calendar.local_date(done_at) + timedelta(days=days)

    def _reviews(self, c: Complaint) -> list[Planned]:
        if c.status is Status.WITHDRAWN:
            return []
        return [
            Planned(
                WorkKind.ACTION_REVIEW,
                f"{c.reference}:{a.number}:review",
                self.morning(self.review_day(a.done_at)),
                {"number": a.number},
            )
            for a in c.actions
            if a.done_at is not None and a.reviewed_at is None
        ]

    def _survey(self, c: Complaint) -> list[Planned]:
        if c.status is not Status.ANSWERED or c.survey is not None or c.decision is None:
            return []
        at, s = c.decision.at, self.settings
        key = f"{c.reference}:{at.isoformat()}"
        return [
            Planned(WorkKind.SURVEY_REMINDER, key, at + timedelta(days=s.survey_reminder_days)),
            Planned(WorkKind.SURVEY_TIMEOUT, key, at + timedelta(days=s.survey_close_days)),
        ]
