"""The sender's own flood limits, on a fake monotonic clock."""

from __future__ import annotations

import pytest

from bots.telegram.delivery.limiter import RateLimiter, RateLimits


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_private_chat_gets_a_short_burst_then_one_message_a_second() -> None:
    ticks = Ticks()
    limiter = RateLimiter(RateLimits(chat_burst=3, margin=0.0), ticks)
    assert [limiter.reserve(501) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.reserve(501) == 1.0
    ticks.now += 1.0
    assert limiter.reserve(501) == 0.0
    assert limiter.reserve(502) == 0.0  # another chat is not held back


def test_a_group_gets_at_most_twenty_messages_a_minute() -> None:
    ticks = Ticks()
    limiter = RateLimiter(RateLimits(chat_interval=0.0, group_per_minute=20, margin=0.0), ticks)
    for _ in range(20):
        assert limiter.reserve(-100) == 0.0
        ticks.now += 0.5
    assert limiter.reserve(-100) == 50.0  # the first of the twenty leaves the window at 60 s
    ticks.now += 50.0
    assert limiter.reserve(-100) == 0.0


def test_all_chats_together_get_at_most_thirty_messages_a_second() -> None:
    ticks = Ticks()
    limiter = RateLimiter(RateLimits(per_second=30, margin=0.0), ticks)
    assert all(limiter.reserve(chat) == 0.0 for chat in range(1, 31))
    assert limiter.reserve(31) == 1.0
    ticks.now += 1.0
    assert limiter.reserve(31) == 0.0


def test_a_refused_message_is_not_counted() -> None:
    ticks = Ticks()
    limiter = RateLimiter(RateLimits(chat_burst=1), ticks)
    assert limiter.reserve(501) == 0.0
    assert limiter.reserve(501) > 0
    assert limiter.reserve(501) > 0
    ticks.now += 1.0
    assert limiter.reserve(501) == 0.0


def test_a_margin_keeps_uneven_network_delays_from_squeezing_two_messages_into_a_window() -> None:
    ticks = Ticks()
    limiter = RateLimiter(RateLimits(chat_burst=1, margin=0.05), ticks)
    assert limiter.reserve(501) == 0.0
    assert limiter.reserve(501) == pytest.approx(1.05)
