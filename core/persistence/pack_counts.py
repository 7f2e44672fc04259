"""The quality pack's figures counted by the database: SQL aggregates over the complaints
received in the period (and the periods before it, and the year before its end), never a
whole complaint loaded. Percentiles where the database has them (PostgreSQL's
``percentile_disc``), otherwise from the narrowest list (SQLite: received and sent instants)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, String, and_, case, cast, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.deadlines import DeadlineCalendar
from core.domain.enums import Outcome, Status
from core.persistence.tables import (
    clients,
    compensations,
    complaint_actions,
    complaint_persons,
    complaints,
    staff_members,
)
from core.reports.quality import Delays, PackCounts, PackScope, Ranked, days, delays

c = complaints.c
#: just above the lower middle: ``percentile_disc`` of it is the upper middle of an even count
UPPER_MIDDLE = 0.5 + 1e-9


def _received(start: datetime, end: datetime) -> Any:
    return and_(c.received_at >= start, c.received_at < end)


def _acknowledged_at() -> Any:
    ack = c.acknowledgement
    return case(
        (ack["by_post"].as_boolean(), ack["posted_at"].as_string()), else_=ack["at"].as_string()
    )


class SqlPackCounts:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        bind = session.bind
        self._postgres = bind is not None and bind.dialect.name == "postgresql"

    async def _all(self, query: Any) -> list[Any]:
        return list((await self._session.execute(query)).all())

    async def counts(self, scope: PackScope, calendar: DeadlineCalendar) -> PackCounts:
        _, start, end = scope.periods[-1]
        cohort = _received(start, end)
        totals = await self._totals(scope, cohort)
        return PackCounts(
            received=[totals[f"n{i}"] for i in range(len(scope.periods))],
            satisfaction=[
                (totals[f"s{i}"] or 0, totals[f"k{i}"]) for i in range(len(scope.periods))
            ],
            categories=await self._ranked(c.category, cohort),
            channels=await self._ranked(c.channel, cohort),
            instructors=await self._instructors(cohort),
            priorities=dict(
                await self._all(
                    select(c.priority, func.count())
                    .where(cohort, c.priority.is_not(None))
                    .group_by(c.priority)
                )
            ),
            acknowledged=await self._delays(
                cohort, _acknowledged_at(), c.acknowledge_by, calendar
            ),
            missed=totals["missed"],
            answered=await self._delays(
                and_(cohort, c.outcome.is_not(None)),
                c.decision["at"].as_string(),
                c.answer_by,
                calendar,
            ),
            accepted=totals["accepted"],
            rejected=totals["rejected"],
            compensation_cents=await self._compensation(cohort),
            surveys=totals["surveys"],
            taken_into_account=totals["taken"],
            actions_carried_out=totals["carried"],
            repeated_clients=await self._repeated_clients(scope),
            repeated_staff=await self._repeated_staff(scope),
            **await self._actions(cohort, scope.end),
        )

    async def _totals(self, scope: PackScope, cohort: Any) -> dict[str, Any]:
        """The counts over the cohort and each trend period, in one pass."""
        columns: list[Any] = []
        for i, (_, start, end) in enumerate(scope.periods):
            within = _received(start, end)
            columns += [
                func.count().filter(within).label(f"n{i}"),
                func.sum(c.satisfaction).filter(within).label(f"s{i}"),
                func.count(c.satisfaction).filter(within).label(f"k{i}"),
            ]
        survey = c.survey
        columns += [
            func.count()
            .filter(
                cohort,
                _acknowledged_at().is_(None),
                c.status != Status.WITHDRAWN.value,
                c.acknowledge_by.is_not(None),
                c.acknowledge_by < scope.end,
            )
            .label("missed"),
            func.count().filter(cohort, c.outcome == Outcome.ACCEPTED.value).label("accepted"),
            func.count().filter(cohort, c.outcome == Outcome.REJECTED.value).label("rejected"),
            func.count(c.satisfaction).filter(cohort).label("surveys"),
            func.count().filter(cohort, survey["taken_into_account"].as_boolean()).label("taken"),
            func.count()
            .filter(cohort, survey["actions_carried_out"].as_boolean())
            .label("carried"),
        ]
        query = select(*columns).where(_received(scope.periods[0][1], scope.until))
        return dict((await self._session.execute(query)).one()._mapping)

    async def _ranked(self, column: Any, cohort: Any) -> list[Ranked]:
        rows = await self._all(
            select(column, func.count(), func.min(c.id)).where(cohort).group_by(column)
        )
        return [Ranked(name, n, first) for name, n, first in rows]

    async def _instructors(self, cohort: Any) -> list[Ranked]:
        """The staff named in the cohort's complaints that are not confidential, by the
        directory's name (or the one written), first met by complaint then position."""
        p = complaint_persons.c
        named = (
            select(
                func.coalesce(staff_members.c.name, p.name).label("name"),
                func.row_number().over(order_by=(p.complaint_id, p.position)).label("rank"),
            )
            .select_from(
                complaint_persons.join(complaints, c.id == p.complaint_id).outerjoin(
                    staff_members, staff_members.c.id == p.staff_id
                )
            )
            .where(cohort, c.confidential.is_(False), p.staff_id.is_not(None))
            .subquery()
        )
        rows = await self._all(
            select(named.c.name, func.count(), func.min(named.c.rank)).group_by(named.c.name)
        )
        return [Ranked(name, n, first) for name, n, first in rows]

    async def _delays(
        self, cohort: Any, sent_at: Any, due: Any, calendar: DeadlineCalendar
    ) -> Delays:
        if not self._postgres:  # the narrowest list: received, sent, due, as SQLite keeps them
            text = (type_coerce(c.received_at, String), sent_at, type_coerce(due, String))
            rows = await self._all(select(*text).where(cohort, sent_at.is_not(None)))
            parse, day = datetime.fromisoformat, date.fromisoformat
            return delays(
                [
                    (parse(r).replace(tzinfo=UTC), parse(s), day(d) if d else None)
                    for r, s, d in rows
                ],
                calendar,
            )
        sent = cast(sent_at, DateTime(timezone=True))
        span = sent - c.received_at
        local_day = cast(func.timezone(calendar.timezone, sent), Date)
        row = (
            await self._session.execute(
                select(
                    func.count(),
                    func.count().filter(due.is_not(None), local_day <= due),
                    func.percentile_disc(0.5).within_group(span),
                    func.percentile_disc(UPPER_MIDDLE).within_group(span),
                    func.percentile_disc(0.9).within_group(span),
                ).where(cohort, sent_at.is_not(None))
            )
        ).one()
        n, in_time, lower, upper, p90 = row
        if not n:
            return Delays(0, 0, None, None)
        low, high = _days(lower), _days(upper)
        return Delays(n, in_time, low if n % 2 else (low + high) / 2, _days(p90))

    async def _compensation(self, cohort: Any) -> int:
        x = compensations.c
        total = await self._session.scalar(
            select(func.sum(x.amount_cents))
            .select_from(compensations.join(complaints, c.id == x.complaint_id))
            .where(cohort, c.outcome.is_not(None))
        )
        return int(total or 0)

    def _window(self, scope: PackScope) -> Any:
        return and_(
            _received(scope.since, scope.until),
            c.received_at > scope.repeat_after,
            c.confidential.is_(False),
        )

    async def _repeated_clients(self, scope: PackScope) -> list[tuple[str, int]]:
        n = func.count()
        rows = await self._all(
            select(func.coalesce(clients.c.display_name, "?"), n)
            .select_from(complaints.outerjoin(clients, clients.c.id == c.client_id))
            .where(self._window(scope))
            .group_by(c.client_id, clients.c.display_name)
            .having(n >= 2)
            .order_by(n.desc(), func.min(c.id))
        )
        return [(name, count) for name, count in rows]

    async def _repeated_staff(self, scope: PackScope) -> list[tuple[str, int]]:
        p = complaint_persons.c
        named = (
            select(
                p.staff_id,
                func.row_number().over(order_by=(p.complaint_id, p.position)).label("rank"),
            )
            .select_from(complaint_persons.join(complaints, c.id == p.complaint_id))
            .where(self._window(scope), p.staff_id.is_not(None))
            .subquery()
        )
        n = func.count()
        rows = await self._all(
            select(func.coalesce(staff_members.c.name, "?"), n)
            .select_from(named.outerjoin(staff_members, staff_members.c.id == named.c.staff_id))
            .group_by(named.c.staff_id, staff_members.c.name)
            .having(n >= 2)
            .order_by(n.desc(), func.min(named.c.rank))
        )
        return [(name, count) for name, count in rows]

    async def _actions(self, cohort: Any, end: date) -> dict[str, Any]:
        a = complaint_actions.c
        source = complaint_actions.join(complaints, c.id == a.complaint_id)
        open_ = a.done_at.is_(None)
        row = (
            await self._session.execute(
                select(func.count().filter(open_), func.count().filter(open_, a.due_on < end))
                .select_from(source)
                .where(cohort)
            )
        ).one()
        done = await self._all(
            select(c.reference, a.description, a.result)
            .select_from(source)
            .where(cohort, a.done_at.is_not(None))
            .order_by(c.id, a.number)
        )
        return {
            "open_actions": row[0],
            "late_actions": row[1],
            "done_actions": [(r, d, res) for r, d, res in done],
        }


ANCHOR = datetime(2000, 1, 1, tzinfo=UTC)


def _days(span: Any) -> float:
    return days(ANCHOR, ANCHOR + span)
