"""Telegram's flood limits, kept on our side so that Telegram seldom has to say 429.

One limiter per bot token: about 30 messages a second overall, one a second per chat
(a short burst allowed, as Telegram does), 20 a minute per group (chat ids below zero)."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from core.outbox import Interrupted


@dataclass(frozen=True)
class RateLimits:
    per_second: int = 30
    chat_interval: float = 1.0
    chat_burst: int = 3
    group_per_minute: int = 20
    #: added to each window: a request reaches Telegram a little after we counted it, and
    #: uneven network delays would otherwise squeeze two requests into one window
    margin: float = 0.05

    @classmethod
    def relaxed(cls) -> RateLimits:
        """No practical limit: for tests that are not about flood limits."""
        return cls(per_second=10_000, chat_interval=0.0, chat_burst=10_000, group_per_minute=10**6)


class RateLimiter:
    def __init__(
        self, limits: RateLimits | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits or RateLimits()
        self.clock = clock
        self.overall: deque[float] = deque()
        self.chat_tokens: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)
        self.groups: defaultdict[int, deque[float]] = defaultdict(deque)
        self.waited = 0.0
        self.closed = False

    def close(self) -> None:
        """Stop waiting: callers still waiting get Interrupted instead of a turn."""
        self.closed = True

    def reopen(self) -> None:
        self.closed = False

    async def acquire(self, chat_id: int) -> None:
        """Wait until one more message to ``chat_id`` is within every limit, and count it."""
        while (wait := self.reserve(chat_id)) > 0:
            if self.closed:
                raise Interrupted("the sender is stopping")
            self.waited += min(wait, 0.25)
            await asyncio.sleep(min(wait, 0.25))

    def reserve(self, chat_id: int) -> float:
        """Count a message now and return 0, or return how long to wait first."""
        now, limits = self.clock(), self.limits
        second, minute = 1.0 + limits.margin, 60.0 + limits.margin
        while self.overall and now - self.overall[0] >= second:
            self.overall.popleft()
        wait = 0.0
        if len(self.overall) >= limits.per_second:
            wait = second - (now - self.overall[0])
        tokens = self._chat_tokens(chat_id, now)
        if tokens < 1.0:
            wait = max(wait, (1.0 - tokens) * limits.chat_interval + limits.margin)
        window = self.groups[chat_id] if chat_id < 0 else None
        if window is not None:
            while window and now - window[0] >= minute:
                window.popleft()
            if len(window) >= limits.group_per_minute:
                wait = max(wait, minute - (now - window[0]))
        if wait > 0:
            return wait
        self.overall.append(now)
        self.chat_tokens[chat_id] = (tokens - 1.0, now)
        if window is not None:
            window.append(now)
        return 0.0

    def _chat_tokens(self, chat_id: int, now: float) -> float:
        limits = self.limits
        tokens, at = self.chat_tokens.get(chat_id, (float(limits.chat_burst), now))
        if limits.chat_interval <= 0:
            return float(limits.chat_burst)
        return min(float(limits.chat_burst), tokens + (now - at) / limits.chat_interval)
