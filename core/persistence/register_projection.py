"""The register as one flat query: a row per complaint, its client's and handler's names
joined, its persons, actions and compensations folded by the database (in their order), so
that an export of 100,000 complaints streams rows instead of loading whole aggregates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import ColumnElement, String, Text, case, cast, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.periods import ComplaintFilter
from core.persistence.complaint_repository import filter_conditions
from core.persistence.tables import (
    clients,
    compensations,
    complaint_actions,
    complaint_persons,
    complaints,
    staff_members,
)
from core.reports.register import ActionWords, RegisterLine

c = complaints.c


class _Fold:
    """A child table's rows of the outer complaint, folded into one text in their order:
    ``string_agg(… ORDER BY …)`` on PostgreSQL; on SQLite (which orders an aggregate from
    3.44 only) ``group_concat`` over the ordered rows of a subquery."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres

    def join(
        self,
        values: ColumnElement[Any],
        order: ColumnElement[Any],
        separator: str,
        source: Any,
        condition: ColumnElement[bool],
        wrap: Any = None,
    ) -> Any:
        """``wrap(folded, count_done)`` may build the cell around the folded text."""
        if self.postgres:
            folded: Any = func.string_agg(values, aggregate_order_by(literal(separator), order))
            query = select(wrap(folded, None) if wrap else folded)
            return query.select_from(source).where(condition).scalar_subquery()
        rows = (
            select(values.label("value"), *(wrap.columns if wrap else ()))
            .select_from(source)
            .where(condition)
            .order_by(order)
            .correlate(complaints)
            .subquery()
        )
        folded = func.group_concat(rows.c.value, separator)
        return select(wrap(folded, rows) if wrap else folded).scalar_subquery()

    def json(self, items: list[ColumnElement[Any]], order: ColumnElement[Any], table: Any) -> Any:
        """The rows as a JSON array of arrays, in order."""
        condition = table.c.complaint_id == c.id
        if self.postgres:
            folded = func.json_agg(aggregate_order_by(func.json_build_array(*items), order))
            return select(cast(folded, Text)).where(condition).scalar_subquery()
        rows = (
            select(func.json_array(*items).label("item"))
            .where(condition)
            .order_by(order)
            .correlate(complaints)
            .subquery()
        )
        return select(func.json_group_array(func.json(rows.c.item))).scalar_subquery()


class _ActionCell:
    """The actions column: "done/all — description (state); …", or nothing."""

    def __init__(self, words: ActionWords) -> None:
        done = complaint_actions.c.done_at.is_not(None)
        self.columns = [case((done, 1), else_=None).label("done")]
        self.text = (
            complaint_actions.c.description
            + " ("
            + case((done, literal(words.done)), else_=literal(words.open))
            + ")"
        )

    def __call__(self, folded: Any, rows: Any) -> Any:
        done = func.count(rows.c.done if rows is not None else complaint_actions.c.done_at)
        return cast(done, String) + "/" + cast(func.count(), String) + " — " + folded


def register_query(
    postgres: bool, f: ComplaintFilter, timezone: str, confidential: bool, words: ActionWords
) -> Any:
    fold = _Fold(postgres)
    person = complaint_persons.c
    named = fold.join(
        func.coalesce(staff_members.c.name, person.name),
        person.position,
        ", ",
        complaint_persons.outerjoin(staff_members, staff_members.c.id == person.staff_id),
        person.complaint_id == c.id,
    )
    cell = _ActionCell(words)
    actions = fold.join(
        cell.text,
        complaint_actions.c.number,
        "; ",
        complaint_actions,
        complaint_actions.c.complaint_id == c.id,
        cell,
    )
    x = compensations.c
    given = fold.json(
        [x.kind, x.amount_cents, x.quantity, x.description], x.position, compensations
    )
    ack = c.acknowledgement
    handler = staff_members.alias("handler")
    conditions = filter_conditions(f, timezone)
    if not confidential:
        conditions.append(c.confidential.is_(False))
    return (
        select(
            c.reference,
            clients.c.display_name,
            c.received_at,
            c.channel,
            c.subject,
            c.category,
            c.status,
            c.acknowledge_by,
            c.answer_by,
            case(
                (ack["by_post"].as_boolean(), ack["posted_at"].as_string()),
                else_=ack["at"].as_string(),
            ),
            c.priority,
            func.coalesce(handler.c.name, ""),
            func.coalesce(named, ""),
            actions,
            c.outcome,
            c.decision["at"].as_string(),
            c.decision["reasons"].as_string(),
            given,
            c.satisfaction,
            c.closed_at,
        )
        .select_from(
            complaints.join(clients, clients.c.id == c.client_id).outerjoin(
                handler, handler.c.id == c.handler_id
            )
        )
        .where(*conditions)
        .order_by(c.id)
    )


class SqlRegisterProjection:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lines(
        self,
        f: ComplaintFilter,
        timezone: str,
        confidential: bool,
        words: ActionWords,
        size: int = 2000,
    ) -> AsyncIterator[list[RegisterLine]]:
        """The register's lines for what ``f`` selects, oldest first, in batches of
        ``size``; without the confidential complaints unless ``confidential``."""
        bind = self._session.bind
        postgres = bind is not None and bind.dialect.name == "postgresql"
        query = register_query(postgres, f, timezone, confidential, words)
        result = await self._session.stream(query.execution_options(yield_per=size))
        async for batch in result.partitions(size):
            yield [RegisterLine._make(row) for row in batch]
