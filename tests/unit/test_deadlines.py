"""Deadlines: calendar and working days, month ends, daylight saving, public holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.domain.deadlines import DeadlineCalendar, DeadlineState
from core.domain.enums import DeadlineMode

PARIS = DeadlineCalendar("Europe/Paris")
WORKING = DeadlineCalendar("Europe/Paris", DeadlineMode.WORKING)


@pytest.mark.parametrize(
    ("filed_utc", "days", "due"),
    [
        (datetime(2026, 1, 25, 10, tzinfo=UTC), 10, date(2026, 2, 4)),  # across January's end
        (datetime(2028, 2, 25, 10, tzinfo=UTC), 10, date(2028, 3, 6)),  # leap year February
        (datetime(2026, 12, 28, 10, tzinfo=UTC), 10, date(2027, 1, 7)),  # across the year end
    ],
)
def test_calendar_deadlines_cross_month_and_year_ends(
    filed_utc: datetime, days: int, due: date
) -> None:
    assert PARIS.due_date(filed_utc, days) == due


def test_the_receipt_day_is_the_local_day_in_paris_not_the_utc_day() -> None:
    late_evening_utc = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # already 1 April in Paris
    assert PARIS.due_date(late_evening_utc, 10) == date(2026, 4, 11)


def test_a_deadline_ends_at_local_midnight_across_the_spring_clock_change() -> None:
    due_on = PARIS.due_date(datetime(2026, 3, 25, 9, tzinfo=UTC), 10)  # clocks go forward 29/03
    assert due_on == date(2026, 4, 4)
    assert PARIS.due_at(due_on).astimezone(UTC) == datetime(2026, 4, 4, 22, tzinfo=UTC)


def test_a_deadline_ends_at_local_midnight_across_the_autumn_clock_change() -> None:
    due_on = PARIS.due_date(datetime(2026, 10, 20, 9, tzinfo=UTC), 10)  # clocks go back 25/10
    assert due_on == date(2026, 10, 30)
    assert PARIS.due_at(due_on).astimezone(UTC) == datetime(2026, 10, 30, 23, tzinfo=UTC)


def test_working_days_skip_weekends_and_the_may_public_holidays() -> None:
    # Thursday 30 April 2026: 1 May, 8 May (Fridays) and Ascension (14 May) do not count.
    assert WORKING.due_date(datetime(2026, 4, 30, 9, tzinfo=UTC), 10) == date(2026, 5, 19)


def test_working_days_skip_christmas_and_new_year() -> None:
    assert WORKING.add_days(date(2026, 12, 23), 3) == date(2026, 12, 29)
    assert WORKING.add_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_alsace_moselle_also_skips_saint_stephens_day() -> None:
    alsace = DeadlineCalendar("Europe/Paris", DeadlineMode.WORKING, holiday_subdivision="6AE")
    assert WORKING.add_days(date(2025, 12, 24), 1) == date(2025, 12, 26)
    assert alsace.add_days(date(2025, 12, 24), 1) == date(2025, 12, 29)


def test_a_deadline_is_on_time_then_due_soon_then_overdue() -> None:
    due_on = date(2026, 6, 10)
    assert PARIS.state(due_on, datetime(2026, 6, 7, 12, tzinfo=UTC)) is DeadlineState.ON_TIME
    assert PARIS.state(due_on, datetime(2026, 6, 9, 12, tzinfo=UTC)) is DeadlineState.DUE_SOON
    assert PARIS.state(due_on, datetime(2026, 6, 10, 21, 59, tzinfo=UTC)) is DeadlineState.DUE_SOON
    assert PARIS.state(due_on, datetime(2026, 6, 10, 22, 0, tzinfo=UTC)) is DeadlineState.OVERDUE
