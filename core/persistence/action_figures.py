"""The improvement plan's counts for the quality pack, straight from the actions tables
(complaints' and meetings'): no complaint is loaded to count them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Table, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.improvement import EffectivenessCounts
from core.persistence.tables import complaint_actions, meeting_actions

TABLES: tuple[Table, ...] = (complaint_actions, meeting_actions)


class SqlActionFigures:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def effectiveness(
        self, since: datetime, until: datetime, review_days: int
    ) -> EffectivenessCounts:
        """The checks recorded from ``since`` to ``until`` (and how many worked), and the
        actions done whose check was due by ``until`` but is still missing."""
        checked = effective = late = 0
        due_before = until - timedelta(days=review_days)
        for table in TABLES:
            c = table.c
            in_period = and_(c.reviewed_at >= since, c.reviewed_at < until)
            row = (
                await self._session.execute(
                    select(
                        func.count().filter(in_period),
                        func.count().filter(in_period, c.effective.is_(True)),
                        func.count().filter(
                            c.done_at.is_not(None), c.done_at < due_before, c.reviewed_at.is_(None)
                        ),
                    )
                )
            ).one()
            checked, effective, late = checked + row[0], effective + row[1], late + row[2]
        return EffectivenessCounts(checked, effective, late)
