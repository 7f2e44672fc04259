"""The client's history: is this complaint a one-off, or the end of a slow degradation?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.domain.enums import HistorySignal, Status
from core.domain.errors import N_


@dataclass(frozen=True)
class PastComplaint:
    reference: str
    received_at: datetime
    category: str
    staff_ids: frozenset[int]
    status: Status
    satisfaction: int | None = None


@dataclass(frozen=True)
class ClientHistory:
    earlier: tuple[PastComplaint, ...]
    last_90_days: int
    last_365_days: int
    repeated_categories: tuple[str, ...]
    repeated_staff_ids: tuple[int, ...]
    satisfaction_falling: bool
    signal: HistorySignal
    reasons: tuple[str, ...]


def _satisfaction_falling(earlier: Iterable[PastComplaint]) -> bool:
    scores = [p.satisfaction for p in sorted(earlier, key=lambda p: p.received_at)]
    known = [s for s in scores if s is not None]
    if not known:
        return False
    if known[-1] <= 2:
        return True
    return len(known) >= 2 and known[-1] < known[-2]


def client_history(
    current: PastComplaint, others: Iterable[PastComplaint], now: datetime
) -> ClientHistory:
    """Summarise the client's complaints filed before ``current``."""
    earlier = tuple(
        sorted(
            (p for p in others if p.received_at < current.received_at),
            key=lambda p: p.received_at,
            reverse=True,
        )
    )
    year_ago, quarter_ago = now - timedelta(days=365), now - timedelta(days=90)
    last_year = [p for p in earlier if p.received_at >= year_ago]
    repeated_categories = tuple(sorted({current.category} & {p.category for p in last_year}))
    staff_before = frozenset().union(*(p.staff_ids for p in last_year))
    repeated_staff = tuple(sorted(current.staff_ids & staff_before))
    falling = _satisfaction_falling(earlier)
    reasons: list[str] = []
    if len(last_year) >= 2:
        reasons.append(N_("several complaints in the last twelve months"))
    if repeated_categories:
        reasons.append(N_("the same subject has come up before"))
    if repeated_staff:
        reasons.append(N_("the same staff member has been named before"))
    if falling:
        reasons.append(N_("satisfaction with earlier handling was low or falling"))
    if not earlier:
        signal = HistorySignal.FIRST
    elif reasons:
        signal = HistorySignal.SLOW_DEGRADATION
    else:
        signal = HistorySignal.ONE_OFF
    return ClientHistory(
        earlier=earlier,
        last_90_days=sum(1 for p in earlier if p.received_at >= quarter_ago),
        last_365_days=len(last_year),
        repeated_categories=repeated_categories,
        repeated_staff_ids=repeated_staff,
        satisfaction_falling=falling,
        signal=signal,
        reasons=tuple(reasons),
    )
