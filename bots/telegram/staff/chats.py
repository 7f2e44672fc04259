"""Where staff read about a complaint: the group's thread, or each manager's private chat
when the complaint is confidential."""

from __future__ import annotations

from bots.telegram.identity import delivery, telegram_id
from bots.telegram.markup import Html
from bots.telegram.store.store import staff_group
from core.domain.complaint import Complaint
from core.domain.enums import Role
from core.domain.people import Client, StaffMember
from core.outbox import Delivery
from core.usecases.ports import UnitOfWork

Item = Delivery


async def staff_chats(uow: UnitOfWork, complaint: Complaint, group_id: int | None) -> list[int]:
    """``group_id``: RECLAM_STAFF_CHAT_ID, which overrides the group bound with /setup."""
    if complaint.confidential:
        return await manager_chats(uow)
    group = await staff_group(uow, group_id)
    return [group] if group is not None else []


async def manager_chats(uow: UnitOfWork) -> list[int]:
    managers = [m for m in await uow.staff.list() if m.role is Role.MANAGER]
    return [chat for chat in map(telegram_id, managers) if chat is not None]


def in_thread(
    reference: str, chat_id: int, text: Html, buttons: list[list[list[str]]] | None = None
) -> Item:
    """A message in the complaint's thread of ``chat_id`` (topic, card thread or DM)."""
    payload = {"reference": reference, "chat_id": chat_id, "text": text}
    return delivery(
        chat_id, "thread_message", payload | {"buttons": buttons} if buttons else payload
    )


def direct(chat_id: int, text: Html, buttons: list[list[list[str]]] | None = None) -> Item:
    """A private message to a staff member (or a client)."""
    payload = {"chat_id": chat_id, "text": text, "buttons": buttons or [], "thread_id": None}
    return delivery(chat_id, "send_message", payload)


def direct_to(
    person: Client | StaffMember | None, text: Html, buttons: list[list[list[str]]] | None = None
) -> list[Item]:
    """A private message to the person, if they have a Telegram chat."""
    chat = telegram_id(person)
    return [direct(chat, text, buttons)] if chat is not None else []


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
