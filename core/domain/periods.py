"""Periods for the register and the quality pack: a month (``2026-11``), a range of months
(``2026-09..2026-11``) or of days (``2026-11-01..2026-11-15``); and complaint filters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.domain.enums import Status
from core.domain.errors import N_, InvalidInput

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^\d{4}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    @property
    def label(self) -> str:
        whole_year = (self.start.month, self.start.day, self.end.month, self.end.day)
        if whole_year == (1, 1, 12, 31) and self.start.year == self.end.year:
            return str(self.start.year)
        if self.start.day == 1 and self.end == _month_end(self.start):
            return self.start.strftime("%Y-%m")
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def previous(self) -> Period:
        """The period of the same length just before (whole months stay whole months)."""
        if self.start.day == 1 and self.end == _month_end(self.end.replace(day=1)):
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = _add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1))
        length = self.end - self.start
        return Period(self.start - length - timedelta(days=1), self.start - timedelta(days=1))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def _month_end(first: date) -> date:
    return _add_months(first, 1) - timedelta(days=1)


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _bound(text: str, end: bool) -> date:
    found = MONTH.match(text)
    if YEAR.match(text):  # a whole year: 2026
        return date(int(text), 12, 31) if end else date(int(text), 1, 1)
    try:
        if found:
            first = date(int(found[1]), int(found[2]), 1)
            return _month_end(first) if end else first
        if DAY.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise InvalidInput(N_("{value} is not a period (for example 2026-11)."), value=text)


def parse_period(text: str) -> Period:
    first, _, last = text.strip().partition("..")
    period = Period(_bound(first, end=False), _bound(last or first, end=True))
    if period.end < period.start:
        raise InvalidInput(N_("{value} is not a period (for example 2026-11)."), value=text)
    return period


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    return Period(first, _month_end(first))


@dataclass(frozen=True)
class ComplaintFilter:
    """Which complaints a register or a pack covers; None means any."""

    received: Period | None = None
    statuses: frozenset[Status] | None = None
    category: str | None = None
    staff_id: int | None = None  # a person concerned (an instructor, usually)
