"""The sender's calls for the staff group: a complaint's topic (or card thread), its card
kept up to date in place, and messages in its thread."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import replace
from typing import Any

from bots.telegram.delivery.bot_api import BotApi
from bots.telegram.store.store import telegram_store
from bots.telegram.store.threads import StaffThread
from core.outbox import Rejected
from core.usecases.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)
STAFF_METHODS = frozenset({"publish_card", "update_card", "thread_message", "thread_file"})


def card_digest(p: dict[str, Any]) -> str:
    """A digest of what the card shows: its text and its buttons."""
    shown = json.dumps([p["text"], p["buttons"]], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(shown.encode()).hexdigest()


class StaffCalls:
    def __init__(self, uow: UnitOfWorkFactory, api: BotApi) -> None:
        self.uow, self.api = uow, api
        self._forum: dict[int, bool] = {}

    async def call(self, method: str, p: dict[str, Any]) -> int | None:
        if method in ("thread_message", "thread_file"):
            return await self.thread_message(p)
        thread = await self._thread(p["reference"], p["chat_id"])
        if thread is None or thread.card_message_id is None:
            return await self.publish(p, thread)
        return await self.update(p, thread)

    def forget(self, chat_id: int) -> None:
        """Ask Telegram again whether the chat is a forum, next time."""
        self._forum.pop(chat_id, None)

    async def is_forum(self, chat_id: int) -> bool:
        if chat_id not in self._forum:
            self._forum[chat_id] = await self.api.is_forum(chat_id)
        return self._forum[chat_id]

    async def topics_allowed(self, chat_id: int) -> bool:
        """Whether the bot may still create topics there (it lost the right: no)."""
        async with self.uow() as uow:
            group = await telegram_store(uow).groups.get(chat_id)
        return group is None or group.topics

    async def _new_topic(self, chat_id: int, name: str) -> int | None:
        """A topic for the complaint, or None (a card and its reply thread) where topics
        cannot be created: topics off, or the bot without the right to manage them."""
        if chat_id > 0 or not await self.is_forum(chat_id):  # private chats have no topics
            return None
        if not await self.topics_allowed(chat_id):
            return None
        try:
            return await self.api.create_topic(chat_id, name)
        except Rejected as refused:
            log.warning("no topic in chat %s (%s): a reply thread instead", chat_id, refused)
            return None

    async def _thread(self, reference: str, chat_id: int) -> StaffThread | None:
        async with self.uow() as uow:
            return await telegram_store(uow).threads.get(reference, chat_id)

    async def _keep(self, thread: StaffThread, message_id: int | None = None) -> None:
        """Saved at once, so that a retry never creates the topic or the card twice."""
        async with self.uow() as uow:
            await telegram_store(uow).threads.save(thread)
            if message_id is not None:
                await telegram_store(uow).threads.remember(
                    thread.chat_id, message_id, thread.reference
                )
            await uow.commit()

    async def publish(self, p: dict[str, Any], thread: StaffThread | None) -> int:
        chat_id = p["chat_id"]
        if thread is None:
            topic = await self._new_topic(chat_id, p["topic_name"])
            thread = StaffThread(p["reference"], chat_id, topic, None, p["topic_name"])
            await self._keep(thread)
        message_id = await self.api.send_message(
            chat_id, p["text"], p["buttons"], thread.thread_id
        )
        thread.card_message_id, thread.card_digest = message_id, card_digest(p)
        await self._keep(thread, message_id)
        return message_id

    async def update(self, p: dict[str, Any], thread: StaffThread) -> int:
        """Edit the card only when its content changed: Telegram refuses an identical edit
        ("message is not modified"), and each edit spends the group's 20 a minute."""
        assert thread.card_message_id is not None
        before = replace(thread)
        digest = card_digest(p)
        if digest != thread.card_digest:
            await self.api.edit_message(
                thread.chat_id, thread.card_message_id, p["text"], p["buttons"]
            )
            thread.card_digest = digest
        if thread.thread_id is not None:
            try:
                await self._follow_topic(p, thread, thread.thread_id)
            except Rejected as refused:  # the bot lost the right to manage topics
                log.warning("topic of %s not updated: %s", thread.reference, refused)
        if thread != before:
            await self._keep(thread)
        return thread.card_message_id

    async def _follow_topic(self, p: dict[str, Any], thread: StaffThread, topic: int) -> None:
        """The topic's name and its open or closed state follow the complaint."""
        if p["topic_name"] != thread.topic_name:
            await self.api.rename_topic(thread.chat_id, topic, p["topic_name"])
            thread.topic_name = p["topic_name"]
        if p["close"] and not thread.closed:
            await self.api.close_topic(thread.chat_id, topic)
            thread.closed = True
        elif not p["close"] and thread.closed:  # reopened
            await self.api.reopen_topic(thread.chat_id, topic)
            thread.closed = False

    async def thread_message(self, p: dict[str, Any]) -> int:
        thread = await self._thread(p["reference"], p["chat_id"])
        chat_id = thread.chat_id if thread else p["chat_id"]
        topic = thread.thread_id if thread else None
        reply_to = thread.card_message_id if thread and topic is None else None
        if "file_id" in p:
            message_id = await self.api.send_file(
                chat_id, p["kind"], p["file_id"], p["text"], topic, reply_to
            )
        else:
            buttons = p.get("buttons") or []
            message_id = await self.api.send_message(chat_id, p["text"], buttons, topic, reply_to)
        if thread is not None:
            await self._keep(thread, message_id)
        return message_id
