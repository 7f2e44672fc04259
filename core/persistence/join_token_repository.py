"""Join tokens in the database: a personal link's secret, for one client's complaint."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.link_tokens import new_token
from core.persistence.tables import complaints, join_tokens
from core.usecases.ports import JoinToken


class SqlJoinTokens:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def issue(self, client_id: int, reference: str, at: datetime) -> str:
        """The complaint's unused token for this client, or a new one."""
        complaint_id = select(complaints.c.id).where(complaints.c.reference == reference)
        existing = await self._session.scalar(
            select(join_tokens.c.token).where(
                join_tokens.c.client_id == client_id,
                join_tokens.c.complaint_id == complaint_id.scalar_subquery(),
                join_tokens.c.used_at.is_(None),
            )
        )
        if existing is not None:
            return str(existing)
        token = new_token()
        await self._session.execute(
            insert(join_tokens).values(
                token=token,
                client_id=client_id,
                complaint_id=complaint_id.scalar_subquery(),
                created_at=at,
            )
        )
        return token

    async def find(self, token: str) -> JoinToken | None:
        query = (
            select(join_tokens, complaints.c.reference)
            .join(complaints, complaints.c.id == join_tokens.c.complaint_id)
            .where(join_tokens.c.token == token)
        )
        row = (await self._session.execute(query)).mappings().first()
        if row is None:
            return None
        return JoinToken(row["token"], row["client_id"], row["reference"], row["used_at"])

    async def use(self, token: str, at: datetime) -> None:
        await self._session.execute(
            update(join_tokens).where(join_tokens.c.token == token).values(used_at=at)
        )

    async def revoke(self, client_id: int) -> None:
        theirs = join_tokens.c.client_id == client_id
        await self._session.execute(delete(join_tokens).where(theirs))
