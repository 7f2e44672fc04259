"""The quality-meeting pack's figures for a period (pure): counts and trends, by category,
instructor and priority; deadlines; decisions and what they cost; satisfaction; repeated
complaints (the slow-degradation signals); actions open, late, and done with their result.

The cohort is the complaints received in the period; the trend compares it with the
periods before. Confidential complaints count in every figure but never appear by name."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar
from core.domain.enums import Outcome, Status
from core.domain.periods import Period
from core.domain.profile import SchoolProfile

TREND_PERIODS = 6
REPEAT_WINDOW_DAYS = 365


def p90(values: list[float]) -> float | None:
    """The 90th percentile, nearest rank: the value 90 % of the others do not exceed."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def days(start: datetime, end: datetime) -> float:
    return round((end - start).total_seconds() / 86400, 2)


@dataclass
class PackFigures:
    period: str
    received: int
    trend: list[tuple[str, int]]
    by_category: dict[str, int]
    by_channel: dict[str, int]  # channel code -> count
    by_instructor: dict[str, int]
    by_priority: dict[str, int]
    acknowledged_in_time_pct: float | None
    days_to_acknowledge_median: float | None
    days_to_acknowledge_p90: float | None
    days_to_answer_median: float | None
    days_to_answer_p90: float | None
    answered_in_time_pct: float | None
    accepted: int
    rejected: int
    compensation_cents: int
    surveys: int
    taken_into_account_pct: float | None
    actions_carried_out_pct: float | None
    satisfaction_mean: float | None
    satisfaction_trend: list[tuple[str, float | None]]
    repeated_clients: list[tuple[str, int]]
    repeated_instructors: list[tuple[str, int]]
    open_actions: int
    late_actions: int
    done_actions: list[tuple[str, str, str]] = field(default_factory=list)  # ref, action, result
    actions_checked: int = 0  # effectiveness checks recorded in the period (the plan's)
    actions_effective_pct: float | None = None
    checks_late: int = 0  # actions done whose effectiveness check is overdue


@dataclass(frozen=True)
class PackInputs:
    """Every complaint received from the start of the trend to the period's end."""

    period: Period
    complaints: list[Complaint]
    clients: dict[int, str]
    staff: dict[int, str]
    profile: SchoolProfile
    calendar: DeadlineCalendar
    language: str = "fr"


def _periods(period: Period) -> list[Period]:
    found = [period]
    while len(found) < TREND_PERIODS:
        found.insert(0, found[0].previous())
    return found


def _by_period(inputs: PackInputs, periods: list[Period]) -> dict[Period, list[Complaint]]:
    """The complaints received in each period, sorted in one pass."""
    found: dict[Period, list[Complaint]] = {p: [] for p in periods}
    for c in inputs.complaints:
        assert c.received_at is not None
        day = inputs.calendar.local_date(c.received_at)
        for p in periods:
            if day in p:
                found[p].append(c)
                break
    return found


def _mean_score(cohort: list[Complaint]) -> float | None:
    scores = [c.survey.satisfaction for c in cohort if c.survey]
    return round(statistics.mean(scores), 2) if scores else None


def quality_figures(inputs: PackInputs) -> PackFigures:
    period, calendar = inputs.period, inputs.calendar
    periods = _periods(period)
    received = _by_period(inputs, periods)
    cohort = received[period]
    named = [c for c in cohort if not c.confidential]
    categories = Counter(
        (
            cat.label.in_language(inputs.language)
            if (cat := inputs.profile.category(c.category))
            else c.category
        )
        for c in cohort
    )
    instructors = Counter(
        inputs.staff.get(p.staff_id, p.name) for c in named for p in c.persons if p.staff_id
    )
    priorities = Counter(c.evaluation.priority.label for c in cohort if c.evaluation)
    acks = [
        (c.received_at, at, c.acknowledge_by)
        for c in cohort
        if (a := c.acknowledgement) and (at := a.sent_at) and c.received_at
    ]
    missed = [  # never acknowledged although the deadline fell within the period
        c
        for c in cohort
        if (c.acknowledgement is None or c.acknowledgement.sent_at is None)
        and c.status is not Status.WITHDRAWN
        and c.acknowledge_by
        and c.acknowledge_by < period.end
    ]
    ack_in_time = sum(1 for _, at, due in acks if due and calendar.local_date(at) <= due)
    ack_days = [days(received, at) for received, at, _ in acks]
    decisions = [
        (c.received_at, d, c.answer_by) for c in cohort if (d := c.decision) and c.received_at
    ]
    answer_days = [days(received, d.at) for received, d, _ in decisions]
    in_time = sum(1 for _, d, due in decisions if due and calendar.local_date(d.at) <= due)
    surveyed = [c.survey for c in cohort if c.survey]
    end = datetime.combine(period.end, datetime.min.time(), tzinfo=calendar.zone)
    window = [
        c
        for c in inputs.complaints
        if not c.confidential and c.received_at and (end - c.received_at).days < REPEAT_WINDOW_DAYS
    ]
    by_client = Counter(c.client_id for c in window)
    by_person = Counter(p.staff_id for c in window for p in c.persons if p.staff_id)
    actions = [(c, a) for c in cohort for a in c.actions]
    return PackFigures(
        period=period.label,
        received=len(cohort),
        trend=[(p.label, len(received[p])) for p in periods],
        by_category=dict(categories.most_common()),
        by_channel=dict(Counter(c.channel.value for c in cohort).most_common()),
        by_instructor=dict(instructors.most_common()),
        by_priority=dict(sorted(priorities.items())),
        acknowledged_in_time_pct=percent(ack_in_time, len(acks) + len(missed)),
        days_to_acknowledge_median=median(ack_days),
        days_to_acknowledge_p90=p90(ack_days),
        days_to_answer_median=median(answer_days),
        days_to_answer_p90=p90(answer_days),
        answered_in_time_pct=percent(in_time, len(decisions)),
        accepted=sum(1 for _, d, _ in decisions if d.outcome is Outcome.ACCEPTED),
        rejected=sum(1 for _, d, _ in decisions if d.outcome is Outcome.REJECTED),
        compensation_cents=sum(x.amount_cents for _, d, _ in decisions for x in d.compensations),
        surveys=len(surveyed),
        taken_into_account_pct=percent(
            sum(1 for s in surveyed if s.taken_into_account), len(surveyed)
        ),
        actions_carried_out_pct=percent(
            sum(1 for s in surveyed if s.actions_carried_out), len(surveyed)
        ),
        satisfaction_mean=_mean_score(cohort),
        satisfaction_trend=[(p.label, _mean_score(received[p])) for p in periods],
        repeated_clients=[
            (inputs.clients.get(client, "?"), n) for client, n in by_client.most_common() if n >= 2
        ],
        repeated_instructors=[
            (inputs.staff.get(staff, "?"), n) for staff, n in by_person.most_common() if n >= 2
        ],
        open_actions=sum(1 for _, a in actions if not a.done),
        late_actions=sum(1 for _, a in actions if not a.done and a.due_on < period.end),
        done_actions=[(c.reference, a.description, a.result) for c, a in actions if a.done],
    )


@dataclass(frozen=True)
class PackScope:
    """What the pack counts over, as instants: each trend period's [start, end), the last
    one the period itself; the complaints loaded (from the first period, or a year before
    the end); and the year before the end, for repeated complaints."""

    periods: list[tuple[Period, datetime, datetime]]
    since: datetime  # the first complaint counted at all
    repeat_after: datetime  # repeated complaints: received strictly after this
    until: datetime  # the first instant after the period
    end: date  # the period's last day

    @classmethod
    def of(cls, period: Period, calendar: DeadlineCalendar) -> PackScope:
        zone = calendar.zone
        periods = _periods(period)
        start = min(periods[0].start, period.end - timedelta(days=REPEAT_WINDOW_DAYS))
        end = datetime.combine(period.end, datetime.min.time(), tzinfo=zone)
        return cls(
            [
                (p, _midnight(p.start, zone), _midnight(p.end + timedelta(days=1), zone))
                for p in periods
            ],
            _midnight(start, zone),
            end.astimezone(UTC) - timedelta(days=REPEAT_WINDOW_DAYS),
            _midnight(period.end + timedelta(days=1), zone),
            period.end,
        )


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


@dataclass(frozen=True)
class Delays:
    """How long until an acknowledgement (or an answer), over those sent."""

    sent: int
    in_time: int
    median: float | None  # days
    p90: float | None


def delays(
    found: list[tuple[datetime, datetime, date | None]], calendar: DeadlineCalendar
) -> Delays:
    """From the narrowest list: (received, sent, due) for each one sent."""
    in_time = sum(1 for _, at, due in found if due and calendar.local_date(at) <= due)
    spans = [days(received, at) for received, at, _ in found]
    return Delays(len(found), in_time, median(spans), p90(spans))


@dataclass(frozen=True)
class Ranked:
    """A count under a name (or a code), and where the name first occurs: the pack lists
    the most frequent first, and ties in the order they first occur."""

    name: str
    count: int
    first: int


def ranked(found: list[Ranked]) -> dict[str, int]:
    merged: dict[str, Ranked] = {}
    for r in found:
        seen = merged.get(r.name)
        merged[r.name] = (
            Ranked(r.name, seen.count + r.count, min(seen.first, r.first)) if seen else r
        )
    ordered = sorted(merged.values(), key=lambda r: (-r.count, r.first))
    return {r.name: r.count for r in ordered}


@dataclass(frozen=True)
class PackCounts:
    """The pack's figures as the database counts them (SQL aggregates)."""

    received: list[int]  # per trend period
    satisfaction: list[tuple[int, int]]  # (sum, count) per trend period
    categories: list[Ranked]  # by category code
    channels: list[Ranked]
    instructors: list[Ranked]  # by name, in complaints that are not confidential
    priorities: dict[int, int]
    acknowledged: Delays
    missed: int  # never acknowledged though due within the period
    answered: Delays
    accepted: int
    rejected: int
    compensation_cents: int
    surveys: int
    taken_into_account: int
    actions_carried_out: int
    repeated_clients: list[tuple[str, int]]
    repeated_staff: list[tuple[str, int]]
    open_actions: int
    late_actions: int
    done_actions: list[tuple[str, str, str]]


def figures_from_counts(
    scope: PackScope, counts: PackCounts, profile: SchoolProfile, language: str
) -> PackFigures:
    """The same figures ``quality_figures`` works out from whole complaints."""
    period = scope.periods[-1][0]
    labels = {
        r.name: cat.label.in_language(language) if (cat := profile.category(r.name)) else r.name
        for r in counts.categories
    }
    categories = [Ranked(labels[r.name], r.count, r.first) for r in counts.categories]
    ack, answer = counts.acknowledged, counts.answered

    def mean(total: int, n: int) -> float | None:  # as statistics.mean: whole when it is
        if not n:
            return None
        return round(total // n if total % n == 0 else total / n, 2)

    return PackFigures(
        period=period.label,
        received=counts.received[-1],
        trend=[(p.label, n) for (p, _, _), n in zip(scope.periods, counts.received, strict=True)],
        by_category=ranked(categories),
        by_channel=ranked(counts.channels),
        by_instructor=ranked(counts.instructors),
        by_priority={f"P{p}": n for p, n in sorted(counts.priorities.items())},
        acknowledged_in_time_pct=percent(ack.in_time, ack.sent + counts.missed),
        days_to_acknowledge_median=ack.median,
        days_to_acknowledge_p90=ack.p90,
        days_to_answer_median=answer.median,
        days_to_answer_p90=answer.p90,
        answered_in_time_pct=percent(answer.in_time, answer.sent),
        accepted=counts.accepted,
        rejected=counts.rejected,
        compensation_cents=counts.compensation_cents,
        surveys=counts.surveys,
        taken_into_account_pct=percent(counts.taken_into_account, counts.surveys),
        actions_carried_out_pct=percent(counts.actions_carried_out, counts.surveys),
        satisfaction_mean=mean(*counts.satisfaction[-1]),
        satisfaction_trend=[
            (p.label, mean(*s))
            for (p, _, _), s in zip(scope.periods, counts.satisfaction, strict=True)
        ],
        repeated_clients=counts.repeated_clients,
        repeated_instructors=counts.repeated_staff,
        open_actions=counts.open_actions,
        late_actions=counts.late_actions,
        done_actions=counts.done_actions,
    )
