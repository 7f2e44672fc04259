"""The Telegram channel's repositories, opened on a unit of work's transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bots.telegram.store.thread_repository import SqlStaffForms, SqlStaffThreads
from bots.telegram.store.update_repository import SqlConversations, SqlInboundUpdates
from core.usecases.ports import UnitOfWork


class TelegramStore:
    def __init__(self, session: AsyncSession) -> None:
        self.inbound = SqlInboundUpdates(session)
        self.conversations = SqlConversations(session)
        self.threads = SqlStaffThreads(session)
        self.forms = SqlStaffForms(session)


def telegram_store(uow: UnitOfWork) -> TelegramStore:
    """The Telegram tables, in the same transaction as the complaint process's."""
    return uow.store(TelegramStore)
