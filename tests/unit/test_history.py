"""The history signal tells a one-off from a slow degradation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.domain.enums import HistorySignal, Status
from core.domain.history import PastComplaint, client_history

NOW = datetime(2026, 11, 1, 10, tzinfo=UTC)


def past(
    days_ago: int,
    category: str = "billing",
    staff: frozenset[int] = frozenset(),
    satisfaction: int | None = None,
) -> PastComplaint:
    return PastComplaint(
        f"REC-{days_ago}",
        NOW - timedelta(days=days_ago),
        category,
        staff,
        Status.CLOSED,
        satisfaction,
    )


CURRENT = PastComplaint("REC-NOW", NOW, "planning", frozenset({7}), Status.RECEIVED)


def test_a_first_complaint_is_flagged_as_the_first() -> None:
    history = client_history(CURRENT, [], NOW)
    assert history.signal is HistorySignal.FIRST
    assert history.last_365_days == 0


def test_an_isolated_earlier_complaint_on_another_subject_is_a_one_off() -> None:
    history = client_history(CURRENT, [past(200, satisfaction=5)], NOW)
    assert history.signal is HistorySignal.ONE_OFF
    assert history.reasons == ()


def test_an_old_complaint_beyond_a_year_does_not_count_as_recent() -> None:
    history = client_history(CURRENT, [past(400, "planning", frozenset({7}))], NOW)
    assert history.signal is HistorySignal.ONE_OFF
    assert history.last_365_days == 0


def test_the_same_subject_again_is_a_slow_degradation() -> None:
    history = client_history(CURRENT, [past(60, "planning")], NOW)
    assert history.signal is HistorySignal.SLOW_DEGRADATION
    assert history.repeated_categories == ("planning",)
    assert history.last_90_days == 1


def test_the_same_instructor_named_again_is_a_slow_degradation() -> None:
    history = client_history(CURRENT, [past(100, staff=frozenset({7}))], NOW)
    assert history.repeated_staff_ids == (7,)
    assert history.signal is HistorySignal.SLOW_DEGRADATION


def test_falling_satisfaction_is_a_slow_degradation() -> None:
    history = client_history(CURRENT, [past(300, satisfaction=5), past(200, satisfaction=3)], NOW)
    assert history.satisfaction_falling
    assert history.signal is HistorySignal.SLOW_DEGRADATION


def test_complaints_filed_after_the_current_one_are_not_its_history() -> None:
    later = PastComplaint(
        "REC-LATER", NOW + timedelta(days=1), "planning", frozenset(), Status.RECEIVED
    )
    assert client_history(CURRENT, [later], NOW + timedelta(days=2)).earlier == ()
