"""Telegram's flood limits and injected faults, both set by the tests."""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

from bots.emulator.validation import ApiError

SENDING = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendVoice",
        "sendVideo",
        "editMessageText",
        "editMessageReplyMarkup",
    }
)


@dataclass
class FloodLimits:
    """About 30 messages/s overall, 1/s per chat with a short burst allowed, as Telegram
    does, and 20/min per group (off unless enabled)."""

    enabled: bool = False
    per_second: int = 30
    per_chat_interval: float = 1.0
    per_chat_burst: int = 3
    per_group_minute: int = 20
    overall: deque[float] = field(default_factory=deque)
    by_chat: dict[int, tuple[float, float]] = field(default_factory=dict)  # (tokens, at)
    by_group: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    refused: int = 0

    def check(self, method: str, chat_id: int | None, is_group: bool) -> None:
        if not self.enabled or method not in SENDING or chat_id is None:
            return
        now = time.monotonic()
        while self.overall and now - self.overall[0] >= 1.0:
            self.overall.popleft()
        wait = 0.0
        if len(self.overall) >= self.per_second:
            wait = max(wait, 1.0 - (now - self.overall[0]))
        tokens = self._tokens(chat_id, now)
        if tokens < 1.0:
            wait = max(wait, (1.0 - tokens) * self.per_chat_interval)
        if is_group:
            window = self.by_group[chat_id]
            while window and now - window[0] >= 60.0:
                window.popleft()
            if len(window) >= self.per_group_minute:
                wait = max(wait, 60.0 - (now - window[0]))
        if wait > 0:
            self.refused += 1
            retry = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
        self.overall.append(now)
        self.by_chat[chat_id] = (tokens - 1.0, now)
        if is_group:
            self.by_group[chat_id].append(now)

    def _tokens(self, chat_id: int, now: float) -> float:
        burst = float(self.per_chat_burst)
        if self.per_chat_interval <= 0:
            return burst
        tokens, at = self.by_chat.get(chat_id, (burst, now))
        return min(burst, tokens + (now - at) / self.per_chat_interval)


@dataclass
class Fault:
    """The next ``times`` matching calls fail: 500, 502, 403, 429, a time-out, a drop, or
    ``html502``: a proxy's HTML error page instead of Telegram's JSON.

    A time-out delays the answer by ``delay`` seconds; with ``after_processing`` the call
    takes effect first. A drop breaks the connection after the call took effect, as when
    Telegram sent the message but its answer was lost."""

    kind: str
    method: str | None = None
    chat_id: int | None = None
    times: int = 1
    delay: float = 30.0
    after_processing: bool = False
    retry_after: int = 1

    def matches(self, method: str, chat_id: int | None) -> bool:
        return (self.method in (None, method)) and (self.chat_id in (None, chat_id))

    def error(self) -> ApiError:
        if self.kind == "403":
            return ApiError(403, "Forbidden: bot was blocked by the user", injected=True)
        if self.kind == "429":
            return ApiError(
                429,
                f"Too Many Requests: retry after {self.retry_after}",
                retry_after=self.retry_after,
                injected=True,
            )
        if self.kind == "502":
            return ApiError(502, "Bad Gateway", injected=True)
        return ApiError(500, "Internal Server Error", injected=True)


@dataclass
class Faults:
    pending: list[Fault] = field(default_factory=list)
    injected: int = 0

    def add(self, fault: Fault) -> None:
        self.pending.append(fault)

    def take(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self.pending:
            if fault.matches(method, chat_id):
                fault.times -= 1
                if fault.times <= 0:
                    self.pending.remove(fault)
                self.injected += 1
                return fault
        return None
