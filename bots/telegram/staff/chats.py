"""Where staff read about a complaint: the group's thread, or each manager's private chat
when the complaint is confidential."""

from __future__ import annotations

from typing import Any

from bots.telegram.markup import Html
from core.domain.complaint import Complaint
from core.domain.enums import Role
from core.usecases.ports import UnitOfWork

Item = tuple[int, str, dict[str, Any]]


async def staff_chats(uow: UnitOfWork, complaint: Complaint, group_id: int | None) -> list[int]:
    if complaint.confidential:
        return await manager_chats(uow)
    return [group_id] if group_id is not None else []


async def manager_chats(uow: UnitOfWork) -> list[int]:
    return [m.telegram_id for m in await uow.staff.list() if m.role is Role.MANAGER]


def in_thread(
    reference: str, chat_id: int, text: Html, buttons: list[list[list[str]]] | None = None
) -> Item:
    """A message in the complaint's thread of ``chat_id`` (topic, card thread or DM)."""
    payload = {"reference": reference, "chat_id": chat_id, "text": text}
    return (chat_id, "thread_message", payload | {"buttons": buttons} if buttons else payload)


def direct(chat_id: int, text: Html, buttons: list[list[list[str]]] | None = None) -> Item:
    """A private message to a staff member (or a client)."""
    payload = {"chat_id": chat_id, "text": text, "buttons": buttons or [], "thread_id": None}
    return (chat_id, "send_message", payload)


async def tell_staff(
    uow: UnitOfWork, complaint: Complaint, group_id: int | None, text: Html
) -> list[Item]:
    return [
        in_thread(complaint.reference, chat, text)
        for chat in await staff_chats(uow, complaint, group_id)
    ]


async def alert_managers(
    uow: UnitOfWork, complaint: Complaint, group_id: int | None, text: Html
) -> list[Item]:
    """In the complaint's thread, and to each manager directly (a confidential complaint's
    thread already is the managers' private chats)."""
    items = await tell_staff(uow, complaint, group_id, text)
    if not complaint.confidential:
        items += [direct(chat, text) for chat in await manager_chats(uow)]
    return items
