"""Deadlines in calendar or working days, French public holidays included.

A deadline is a local calendar day in the school's timezone: the complaint is due
by the end of that day. ``due_at`` is the first instant after it, in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from core.domain.enums import DeadlineMode


@lru_cache(maxsize=64)
def _french_holidays(year: int, subdivision: str | None) -> frozenset[date]:
    calendar = holidays.country_holidays("FR", subdiv=subdivision, years=year)
    return frozenset(calendar.keys())


class DeadlineState(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DeadlineCalendar:
    timezone: str = "Europe/Paris"
    mode: DeadlineMode = DeadlineMode.CALENDAR
    holiday_subdivision: str | None = None
    due_soon_days: int = 2

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def is_working_day(self, day: date) -> bool:
        holidays_of_year = _french_holidays(day.year, self.holiday_subdivision)
        return day.weekday() < 5 and day not in holidays_of_year

    def add_days(self, start: date, days: int) -> date:
        """The day ``days`` calendar or working days after ``start``."""
        if self.mode is DeadlineMode.CALENDAR:
            return start + timedelta(days=days)
        day, counted = start, 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def due_date(self, start: datetime, days: int) -> date:
        return self.add_days(self.local_date(start), days)

    def due_at(self, due_on: date) -> datetime:
        """The first instant after the due day, in the school's timezone."""
        return datetime.combine(due_on + timedelta(days=1), time(0), tzinfo=self.zone)

    def state(self, due_on: date, now: datetime) -> DeadlineState:
        due_at = self.due_at(due_on)
        if now >= due_at:
            return DeadlineState.OVERDUE
        if now >= due_at - timedelta(days=self.due_soon_days):
            return DeadlineState.DUE_SOON
        return DeadlineState.ON_TIME
