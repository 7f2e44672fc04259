"""Binding the staff group without its id: added to a group, the bot says how to bind it;
``/setup`` (``/configurer``) by a manager queues the check of the bot's rights (the sender
asks Telegram, answers, and binds); the bot demoted or removed later alerts the managers
once, in private."""

from __future__ import annotations

from datetime import datetime

from bots.telegram.delivery.bot_api import PRESENT, GroupFacts
from bots.telegram.dialogue.events import Event, Sender
from bots.telegram.identity import account, delivery
from bots.telegram.markup import HtmlTranslator
from bots.telegram.staff.chats import Item, direct, manager_chats
from bots.telegram.staff.group_rights import lost_text, welcome_text
from bots.telegram.store.staff_groups import StaffGroup
from bots.telegram.store.store import staff_group, telegram_store
from core.domain.authorisation import Permission, can
from core.domain.journal import Actor
from core.usecases.ports import UnitOfWork


async def actor_of(uow: UnitOfWork, sender: Sender) -> Actor:
    member = await uow.staff.by_chat(account(sender.telegram_id))
    if member is None or not member.active or member.id is None:
        return Actor.unknown(sender.full_name)
    return Actor.staff(member.id, member.role, member.name)


async def setup_command(
    uow: UnitOfWork, event: Event, tr: HtmlTranslator, override: int | None = None
) -> list[Item]:
    """A manager's /setup: the sender checks the group and binds it. Anyone else is
    refused, and learns nothing about the group or the bot's rights. ``override``:
    RECLAM_STAFF_CHAT_ID, which another group's binding would not change."""
    if not can(await actor_of(uow, event.sender), Permission.BIND_STAFF_GROUP):
        refusal = tr.gettext("Sorry, only a manager of the school may set up this group.")
        return [say(event.chat_id, event.thread_id, refusal)]
    if override is not None and override != event.chat_id:
        text = tr.gettext(
            "RECLAM_STAFF_CHAT_ID names another group as the staff group: remove that "
            "setting from Reclam's settings and restart it, then send /setup here again."
        )
        return [say(event.chat_id, event.thread_id, text)]
    check = {
        "chat_id": event.chat_id,
        "thread_id": event.thread_id,
        "by": event.sender.telegram_id,
        "language": tr.language,
    }
    return [delivery(event.chat_id, "setup_group", check)]


def say(chat_id: int, thread_id: int | None, text: str) -> Item:
    payload = {"chat_id": chat_id, "text": text, "buttons": [], "thread_id": thread_id}
    return delivery(chat_id, "send_message", payload)


async def membership_changed(
    uow: UnitOfWork,
    change: tuple[GroupFacts, str, Sender],
    tr: HtmlTranslator,
    override: int | None,
    now: datetime,
) -> list[Item]:
    """The bot added to a group says how to bind it; in the staff group, its rights are
    followed (see ``rights_changed``)."""
    facts, before, _by = change
    items: list[Item] = []
    if facts.present and before not in PRESENT:
        items.append(say(facts.chat_id, None, welcome_text(tr)))
    if facts.chat_id == await staff_group(uow, override):
        items += await rights_changed(uow, facts, tr, now)
    return items


async def rights_changed(
    uow: UnitOfWork, facts: GroupFacts, tr: HtmlTranslator, now: datetime
) -> list[Item]:
    """Topics only while the bot may create them; losing the rights (or the group) alerts
    the managers once, until the rights come back."""
    groups = telegram_store(uow).groups
    known = await groups.get(facts.chat_id) or StaffGroup(facts.chat_id, facts.title)
    lost = not facts.serving
    items: list[Item] = []
    if lost and known.rights_lost_at is None:
        known.rights_lost_at = now
        items = [direct(chat, lost_text(facts, tr)) for chat in await manager_chats(uow)]
    elif not lost:
        known.rights_lost_at = None
    known.title, known.topics = facts.title or known.title, facts.topics
    await groups.save(known)
    return items
