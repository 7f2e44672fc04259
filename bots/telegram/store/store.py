"""The Telegram channel's repositories, opened on a unit of work's transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bots.telegram.store.staff_groups import SqlStaffGroups
from bots.telegram.store.thread_repository import SqlStaffForms, SqlStaffThreads
from bots.telegram.store.update_repository import SqlConversations, SqlInboundUpdates
from core.usecases.ports import UnitOfWork


class TelegramStore:
    def __init__(self, session: AsyncSession) -> None:
        self.inbound = SqlInboundUpdates(session)
        self.conversations = SqlConversations(session)
        self.threads = SqlStaffThreads(session)
        self.forms = SqlStaffForms(session)
        self.groups = SqlStaffGroups(session)


def telegram_store(uow: UnitOfWork) -> TelegramStore:
    """The Telegram tables, in the same transaction as the complaint process's."""
    return uow.store(TelegramStore)


async def staff_group(uow: UnitOfWork, override: int | None = None) -> int | None:
    """The staff group's chat id: RECLAM_STAFF_CHAT_ID's (``override``) when set, else the
    group a manager bound with /setup, else None (not bound yet)."""
    if override is not None:
        return override
    return await telegram_store(uow).groups.bound()
