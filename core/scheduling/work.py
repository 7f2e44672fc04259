"""Scheduled work as the ticker sees it, and the port that stores it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from core.domain.schedule import Planned, WorkKind


@dataclass(frozen=True)
class DueItem:
    id: int
    kind: WorkKind
    key: str
    complaint_id: int | None
    due_at: datetime
    payload: dict[str, Any]
    attempts: int


class DueWork(Protocol):
    async def replace_pending(self, complaint_id: int, planned: list[Planned]) -> None:
        """Make the complaint's pending work exactly ``planned``; work already done, or a
        key already known, is never planned twice."""
        ...

    async def add(self, planned: list[Planned], complaint_id: int | None = None) -> None:
        """Add work, ignoring keys already known."""
        ...

    async def claim(
        self, now: datetime, worker: str, lease: timedelta, limit: int
    ) -> list[DueItem]:
        """Lease up to ``limit`` due items to ``worker`` (rows others hold are skipped)."""
        ...

    async def finish(self, item_id: int, at: datetime) -> bool:
        """Mark the item done; False when it already was (another worker did it)."""
        ...

    async def postpone(self, item_id: int, until: datetime, error: str) -> None: ...
