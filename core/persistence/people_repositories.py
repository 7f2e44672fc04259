"""Clients and staff members in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Table, and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.enums import Role
from core.domain.people import ChatAccount, Client, StaffMember
from core.persistence.mapping import Row
from core.persistence.tables import clients, complaints, staff_members

CLIENT_FIELDS = (
    "display_name",
    "language",
    "phone",
    "email",
    "student_file_number",
    "postal_address",
    "reachable",
    "created_at",
    "anonymised_at",
)


def _chat(row: Row) -> ChatAccount | None:
    network, user_id = row["chat_network"], row["chat_user_id"]
    return None if network is None or user_id is None else ChatAccount(network, user_id)


def _chat_values(chat: ChatAccount | None) -> dict[str, object]:
    return {
        "chat_network": chat.network if chat else None,
        "chat_user_id": chat.user_id if chat else None,
    }


def _is_chat(table: Table, chat: ChatAccount) -> ColumnElement[bool]:
    return and_(table.c.chat_network == chat.network, table.c.chat_user_id == chat.user_id)


def _client(row: Row) -> Client:
    return Client(_chat(row), **{f: row[f] for f in CLIENT_FIELDS}, id=row["id"])


def _client_values(client: Client) -> dict[str, object]:
    return {f: getattr(client, f) for f in CLIENT_FIELDS} | _chat_values(client.chat)


def _member(row: Row) -> StaffMember:
    chat = _chat(row)
    assert chat is not None  # a staff member always has one
    return StaffMember(chat, row["name"], Role(row["role"]), row["active"], row["id"])


class SqlClientRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, client: Client) -> None:
        values = _client_values(client)
        client.id = await self._session.scalar(
            insert(clients).values(values).returning(clients.c.id)
        )

    async def save(self, client: Client) -> None:
        values = _client_values(client)
        await self._session.execute(
            update(clients).where(clients.c.id == client.id).values(values)
        )

    async def names(self, client_ids: list[int]) -> dict[int, str]:
        query = select(clients.c.id, clients.c.display_name).where(clients.c.id.in_(client_ids))
        return {row.id: row.display_name for row in await self._session.execute(query)}

    async def past_retention(self, before: datetime) -> list[int]:
        ended = func.coalesce(complaints.c.closed_at, complaints.c.withdrawn_at)
        still_kept = select(complaints.c.client_id).where(
            or_(complaints.c.status.not_in(["closed", "withdrawn"]), ended >= before)
        )
        query = (
            select(clients.c.id)
            .where(
                clients.c.anonymised_at.is_(None),
                clients.c.id.in_(select(complaints.c.client_id)),
                clients.c.id.not_in(still_kept),
            )
            .order_by(clients.c.id)
        )
        return list((await self._session.scalars(query)).all())

    async def mark_reachable(self, chats: list[ChatAccount]) -> None:
        if chats:
            await self._session.execute(
                update(clients)
                .where(or_(*(_is_chat(clients, c) for c in chats)))
                .where(clients.c.reachable.is_(False))
                .values(reachable=True)
            )

    async def get(self, client_id: int) -> Client | None:
        row = (
            (await self._session.execute(select(clients).where(clients.c.id == client_id)))
            .mappings()
            .first()
        )
        return _client(row) if row else None

    async def by_chat(self, chat: ChatAccount) -> Client | None:
        query = select(clients).where(_is_chat(clients, chat))
        row = (await self._session.execute(query)).mappings().first()
        return _client(row) if row else None

    async def by_email(self, email: str) -> Client | None:
        query = (
            select(clients)
            .where(func.lower(clients.c.email) == email.lower())
            .where(clients.c.anonymised_at.is_(None))
            .order_by(clients.c.id)
        )
        row = (await self._session.execute(query)).mappings().first()
        return _client(row) if row else None


class SqlStaffRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _values(self, m: StaffMember) -> dict[str, object]:
        return {"name": m.name, "role": m.role.value, "active": m.active} | _chat_values(m.chat)

    async def add(self, member: StaffMember) -> None:
        member.id = await self._session.scalar(
            insert(staff_members).values(self._values(member)).returning(staff_members.c.id)
        )

    async def save(self, member: StaffMember) -> None:
        await self._session.execute(
            update(staff_members)
            .where(staff_members.c.id == member.id)
            .values(self._values(member))
        )

    async def get(self, staff_id: int) -> StaffMember | None:
        row = (
            (
                await self._session.execute(
                    select(staff_members).where(staff_members.c.id == staff_id)
                )
            )
            .mappings()
            .first()
        )
        return _member(row) if row else None

    async def by_chat(self, chat: ChatAccount) -> StaffMember | None:
        query = select(staff_members).where(_is_chat(staff_members, chat))
        row = (await self._session.execute(query)).mappings().first()
        return _member(row) if row else None

    async def list(self, active_only: bool = True) -> list[StaffMember]:
        query = select(staff_members).order_by(staff_members.c.name)
        if active_only:
            query = query.where(staff_members.c.active.is_(True))
        return [_member(r) for r in (await self._session.execute(query)).mappings()]
