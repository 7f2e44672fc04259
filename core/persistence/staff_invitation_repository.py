"""Staff invitations in the database, found by their token's digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.enums import Role
from core.persistence.tables import staff_invitations
from core.usecases.ports import StaffInvitation


class SqlStaffInvitations:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, invitation: StaffInvitation) -> None:
        await self._session.execute(
            insert(staff_invitations).values(
                token_hash=invitation.token_hash,
                name=invitation.name,
                role=invitation.role.value,
                created_at=invitation.created_at,
                expires_at=invitation.expires_at,
            )
        )

    async def find(self, token_hash: str) -> StaffInvitation | None:
        query = select(staff_invitations).where(staff_invitations.c.token_hash == token_hash)
        row = (await self._session.execute(query)).mappings().first()
        if row is None:
            return None
        return StaffInvitation(
            row["token_hash"],
            row["name"],
            Role(row["role"]),
            row["created_at"],
            row["expires_at"],
            row["used_at"],
        )

    async def use(self, token_hash: str, at: datetime, staff_id: int) -> bool:
        """Mark it used; False when it already was (two people at once: one wins)."""
        done = await self._session.execute(
            update(staff_invitations)
            .where(
                staff_invitations.c.token_hash == token_hash,
                staff_invitations.c.used_at.is_(None),
            )
            .values(used_at=at, staff_id=staff_id)
        )
        return bool(getattr(done, "rowcount", 0))
