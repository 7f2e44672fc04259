"""Periods as staff type them."""

from __future__ import annotations

from datetime import date

import pytest

from core.domain.errors import InvalidInput
from core.domain.periods import Period, parse_period


def test_a_month_covers_its_first_to_its_last_day() -> None:
    assert parse_period("2026-02") == Period(date(2026, 2, 1), date(2026, 2, 28))


def test_a_range_of_months_and_a_range_of_days_are_understood() -> None:
    assert parse_period("2026-09..2026-11") == Period(date(2026, 9, 1), date(2026, 11, 30))
    assert parse_period("2026-11-01..2026-11-15") == Period(date(2026, 11, 1), date(2026, 11, 15))


def test_a_year_covers_its_twelve_months_and_is_named_by_its_number() -> None:
    year = parse_period("2026")
    assert year == Period(date(2026, 1, 1), date(2026, 12, 31))
    assert year.label == "2026"
    assert year.previous() == parse_period("2025-01..2025-12")


def test_the_previous_period_of_months_is_the_same_number_of_whole_months() -> None:
    assert parse_period("2026-03").previous() == parse_period("2026-02")
    assert parse_period("2026-01..2026-03").previous() == parse_period("2025-10..2025-12")
    days = parse_period("2026-11-11..2026-11-20")
    assert days.previous() == Period(date(2026, 11, 1), date(2026, 11, 10))


@pytest.mark.parametrize("text", ["novembre", "2026-13", "2026-11..2026-10", "2026-02-30"])
def test_anything_else_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_period(text)
