"""The spine: store each update before processing it, then decide, act and write every
reply to the outbox in one transaction (design.md §4)."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bots.telegram.delivery.bot_api import EPHEMERAL
from bots.telegram.dialogue.carry_out import carry_out
from bots.telegram.dialogue.client import decide
from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event, parse_membership, parse_update
from bots.telegram.dialogue.replies import Reply, to_delivery
from bots.telegram.dialogue.view import Outcome, View
from bots.telegram.identity import account
from bots.telegram.markup import HtmlTranslator
from bots.telegram.metrics import (
    PROCESSING_SECONDS,
    UPDATES_PROCESSED,
    UPDATES_RECEIVED,
    UPDATES_SWEPT,
)
from bots.telegram.staff.form_slot import form_slot
from bots.telegram.staff.group_setup import membership_changed, setup_command
from bots.telegram.staff.intake import handle_staff
from bots.telegram.store.store import staff_group, telegram_store
from core.domain.enums import Role, Status
from core.i18n import pick_language
from core.logcontext import bound, note
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork

log = logging.getLogger(__name__)
ANSWER_CALLBACK = "answer_callback"
#: Telegram refuses to answer a press this long after it; the sender gives up on an
#: answer queued for its own lifetime: a press stored longer ago than the difference
#: (a busy moment) is processed without an answer to its button
CALLBACK_ANSWER_LIFETIME = timedelta(seconds=15) - EPHEMERAL[ANSWER_CALLBACK]
#: updates processed at once by this process (each holds a database connection, maybe
#: waiting for its chat's lock held by another replica): fewer than the pool holds
PROCESSING_SLOTS = 8
#: the steps whose answer may lead to (or is) the question "who is concerned?"
NEEDS_INSTRUCTORS = frozenset({"where", "where_other", "person", "summary"})
#: commands a staff member may also give in their private chat with the bot
STAFF_COMMANDS = frozenset(
    {
        "open",
        "overdue",
        "show",
        "find",
        "staff",
        "invite",
        "register",
        "report",
        "plan",
        "meeting",
        "erase",
    }
    | {"new"}
)


def chat_of(raw: dict[str, Any]) -> int | None:
    """The chat an update belongs to, read without parsing the whole update; None when the
    update names no chat, or names it in a shape we do not know."""
    try:
        for key in ("message", "edited_message", "my_chat_member"):
            if key in raw:
                return int(raw[key]["chat"]["id"])
        query = raw.get("callback_query")
        if query:
            message = query.get("message") or {}
            return int((message.get("chat") or {}).get("id") or query["from"]["id"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return None


def ids_answer(event: Event, staff_tr: HtmlTranslator) -> Outcome:
    """/id: the chat's id and the sender's, in the sender's language in a private chat."""
    tr = (
        HtmlTranslator(pick_language(event.sender.language_code)) if event.is_private else staff_tr
    )
    text = tr.gettext(
        "This chat's id: <code>{chat}</code>\nYour Telegram id: <code>{user}</code>",
        chat=event.chat_id,
        user=event.sender.telegram_id,
    )
    return Outcome().say(event, text)


class Engine:
    def __init__(
        self,
        deps: Deps,
        bot_username: str = "",
        on_outbox: Callable[[], None] | None = None,
        staff_chat_id: int | None = None,
        staff_language: str = "fr",
    ) -> None:
        self.deps = deps
        self.staff_chat_id = staff_chat_id
        self.staff_tr = HtmlTranslator(staff_language, deps.profile.timezone)
        self.bot_username = bot_username
        self.on_outbox = on_outbox or (lambda: None)
        self._locks: defaultdict[int | None, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._working: set[asyncio.Task[None]] = set()
        self._queued: set[int] = set()  # dispatched, not processed yet
        self._slots = asyncio.Semaphore(PROCESSING_SLOTS)

    async def receive(self, raw: dict[str, Any]) -> None:
        """Take one raw update from Telegram (a webhook call), at least once: it is
        committed before this returns, then processed."""
        update_id, chat = int(raw["update_id"]), chat_of(raw)
        async with self._locks[chat]:
            async with self.deps.uow() as uow:
                inbound = telegram_store(uow).inbound
                new = await inbound.record(update_id, raw, self.deps.clock.now(), chat)
                await uow.commit()
            UPDATES_RECEIVED.labels("webhook").inc(int(new))
            await self.process(update_id)

    async def store_page(
        self, page: list[dict[str, Any]], source: str = "polling"
    ) -> list[tuple[int, int | None]]:
        """Store a page of raw updates in one transaction; return the new ones as
        ``(update_id, chat)``, in order. Duplicates (already stored) are dropped."""
        stored: list[tuple[int, int | None]] = []
        now = self.deps.clock.now()
        async with self.deps.uow() as uow:
            for raw in page:
                update_id = raw.get("update_id")
                if not isinstance(update_id, int):
                    log.warning("an update without an update_id was ignored")
                    log.debug("the update without an update_id: %.200r", raw)  # client text
                    continue
                chat = chat_of(raw)
                if await telegram_store(uow).inbound.record(update_id, raw, now, chat):
                    stored.append((update_id, chat))
            await uow.commit()
        UPDATES_RECEIVED.labels(source).inc(len(stored))
        return stored

    def dispatch(self, stored: list[tuple[int, int | None]]) -> int:
        """Process stored updates in the background: each chat in order, chats in parallel.
        An update already waiting its turn here is not queued twice; return how many were
        queued."""
        by_chat: defaultdict[int | None, list[int]] = defaultdict(list)
        for update_id, chat in stored:
            if update_id not in self._queued:
                self._queued.add(update_id)
                by_chat[chat].append(update_id)
        for chat, update_ids in by_chat.items():
            task = asyncio.create_task(self._process_chat(chat, update_ids))
            self._working.add(task)
            task.add_done_callback(self._working.discard)
        return sum(len(update_ids) for update_ids in by_chat.values())

    async def _process_chat(self, chat: int | None, update_ids: list[int]) -> None:
        try:
            async with self._locks[chat]:  # FIFO: a later page of this chat waits its turn
                for update_id in update_ids:
                    await self.process(update_id)
        finally:
            self._queued.difference_update(update_ids)

    async def wait_for_backlog(self, limit: int) -> None:
        """Wait while more than ``limit`` chats' updates are still being processed."""
        while len(self._working) > limit:
            await asyncio.wait(set(self._working), return_when=asyncio.FIRST_COMPLETED)

    async def settle(self, within: float = 30.0) -> None:
        """Let the updates under way finish (at shutdown); the rest waits in the database."""
        if self._working:
            await asyncio.wait(set(self._working), timeout=within)

    async def recover(self) -> int:
        """Process the updates stored but never processed (after a crash); return how many."""
        async with self.deps.uow() as uow:
            pending = await telegram_store(uow).inbound.unprocessed(limit=10_000)
        for update_id, _ in pending:
            await self.process(update_id)
        return len(pending)

    async def sweep(self, older_than: timedelta, limit: int = 1_000) -> int:
        """Queue the updates stored ``older_than`` ago or more and still unprocessed: the
        replica that stored them (and answered Telegram's webhook) was killed before it
        processed them (or this one is slow: it finds them done, or waits its turn). Return
        how many were queued (not those already waiting here)."""
        before = self.deps.clock.now() - older_than
        async with self.deps.uow() as uow:
            stale = await telegram_store(uow).inbound.unprocessed(limit, received_before=before)
        taken = self.dispatch(stale)
        if taken:
            log.info("%s update(s) stored but left unprocessed are taken up", taken)
            UPDATES_SWEPT.inc(taken)
        return taken

    async def process(self, update_id: int) -> None:
        """Process the update, after the older ones of its chat still waiting (another
        replica may have stored them): each chat's updates in their order, each once."""
        with bound(update=update_id), PROCESSING_SECONDS.time():
            results = await self._process(update_id)
        for result in results:
            UPDATES_PROCESSED.labels(result).inc()
        self.on_outbox()

    async def _process(self, update_id: int) -> list[str]:
        results: list[str] = []
        chat: int | None = None
        while True:
            current = update_id
            try:
                async with self._slots, self.deps.uow() as uow:
                    inbound = telegram_store(uow).inbound
                    if not results:
                        chat = await inbound.chat_of(update_id)
                    taken = await self._take(uow, update_id, chat)
                    if taken is None:
                        # already processed, here or by another replica
                        return results or ["duplicate"]
                    current, raw, received_at = taken
                    with bound(update=current):  # the log lines name the update and chat
                        note(chat=chat_of(raw))
                        await self._handle(uow, current, raw, received_at)
                        await uow.commit()
                        log.info("update %s processed", current)
                results.append("ok")
            except Exception as error:  # a bug must not block the chat forever
                log.exception("update %s failed", current)
                await self._give_up(current, chat, error)
                results.append("failed")
            if current == update_id:
                return results

    async def _take(
        self, uow: UnitOfWork, update_id: int, chat: int | None
    ) -> tuple[int, dict[str, Any], datetime | None] | None:
        """The update to process now, locked for this transaction, with when it was
        stored: the oldest unprocessed one of the chat (under the chat's lock) if it is
        not younger than ``update_id``; ``update_id`` itself when it names no chat."""
        inbound = telegram_store(uow).inbound
        if chat is None:
            raw = await inbound.claim(update_id)
            return None if raw is None else (update_id, raw, None)
        await inbound.lock_chat(chat)
        oldest = await inbound.oldest_of_chat(chat)
        return None if oldest is None or oldest[0] > update_id else oldest

    async def _handle(
        self, uow: UnitOfWork, update_id: int, raw: dict[str, Any], received_at: datetime | None
    ) -> None:
        now = self.deps.clock.now()
        # a press waiting this long (a busy moment) can no longer be answered: Telegram
        # refuses an answer 15 seconds after the press
        late = received_at is not None and now - received_at > CALLBACK_ANSWER_LIFETIME
        event = parse_update(raw, self.bot_username)
        if (membership := parse_membership(raw)) is not None:
            items = await membership_changed(
                uow, membership, self.staff_tr, self.staff_chat_id, now
            )
            await uow.outbox.add(items, now)
        elif event is not None and event.command == "id":  # any chat: for those who script
            await self._queue(uow, ids_answer(event, self.staff_tr), late)
        elif event is not None and event.command == "setup" and not event.is_private:
            await uow.outbox.add(
                await setup_command(uow, event, self.staff_tr, self.staff_chat_id), now
            )
        elif event is not None and event.is_private and await self._staff_in_private(uow, event):
            deps = self.deps.within(uow)
            await self._queue(uow, await handle_staff(deps, uow, event, self.staff_tr), late)
        elif event is not None and event.is_private:
            state = await telegram_store(uow).conversations.load(event.chat_id)
            conversation = (
                Conversation.from_json(state)
                if state is not None
                else Conversation(event.chat_id, pick_language(event.sender.language_code))
            )
            view = await self._view(uow, conversation, event)
            outcome = decide(conversation, event, view)
            if outcome.effect is not None:
                deps = self.deps.within(uow)
                if conversation.language != view.tr.language:  # the client just changed it
                    view = await self._view(uow, conversation, event)
                await carry_out(deps, conversation, event, view, outcome)
            await self._queue(uow, outcome, late)
            await telegram_store(uow).conversations.save(
                conversation.chat_id, conversation.to_json(), now
            )
        elif event is not None and event.chat_id == await staff_group(uow, self.staff_chat_id):
            deps = self.deps.within(uow)
            await self._queue(uow, await handle_staff(deps, uow, event, self.staff_tr), late)
        await telegram_store(uow).inbound.mark_processed(update_id, now)

    async def _staff_in_private(self, uow: UnitOfWork, event: Event) -> bool:
        """A staff member working a card in their private chat (confidential complaints)."""
        if event.button is not None and event.button.startswith(("s|", "mr|")):
            return True
        if event.command in STAFF_COMMANDS:
            return await uow.staff.by_chat(account(event.sender.telegram_id)) is not None
        if event.command or not event.text.strip():
            return False
        return await form_slot(uow, event).get() is not None

    async def _view(self, uow: UnitOfWork, conversation: Conversation, event: Event) -> View:
        profile = self.deps.profile
        instructors: tuple[tuple[int, str], ...] = ()
        if conversation.step in NEEDS_INSTRUCTORS:
            staff = await uow.staff.list()
            instructors = tuple(
                (m.id, m.name) for m in staff if m.role is Role.INSTRUCTOR and m.id
            )
        now = self.deps.clock.now()
        today = self.deps.calendar.local_date(now)
        tr = HtmlTranslator(conversation.language, profile.timezone)
        # only a message written outside any step may be about a closed complaint
        chatting = conversation.step is None and event.command is None and event.button is None
        closed = await self._recently_closed(uow, conversation) if chatting else None
        return View(profile, tr, today, instructors, closed)

    async def _recently_closed(self, uow: UnitOfWork, conversation: Conversation) -> str | None:
        """The client's latest complaint, when it is closed recently enough to reopen."""
        client = await uow.clients.by_chat(account(conversation.chat_id))
        if client is None or client.id is None:
            return None
        latest = max(
            await uow.complaints.of_client(client.id), key=lambda c: c.reference, default=None
        )
        if latest is None or latest.closure is None or latest.status is not Status.CLOSED:
            return None
        period = timedelta(days=self.deps.profile.deadlines.reopen_days)
        return latest.reference if self.deps.clock.now() - latest.closure.at <= period else None

    async def _queue(self, uow: UnitOfWork, outcome: Outcome, late: bool = False) -> None:
        """Queue the outcome's replies; a late press's answer (the spinner) is left out."""
        items = [to_delivery(item) for item in outcome.replies.items]
        if late:
            items = [item for item in items if item.method != ANSWER_CALLBACK]
        await uow.outbox.add(items, self.deps.clock.now())

    async def _give_up(self, update_id: int, chat: int | None, error: Exception) -> None:
        """Mark the update failed and apologise to the client, in a transaction of its own
        (under the chat's lock: no other replica takes the update up meanwhile)."""
        async with self.deps.uow() as uow:
            if chat is not None:
                await telegram_store(uow).inbound.lock_chat(chat)
            raw = await telegram_store(uow).inbound.claim(update_id)
            if raw is None:
                return
            try:
                event: Event | None = parse_update(raw, self.bot_username)
            except (KeyError, TypeError, ValueError):
                event = None  # malformed: nobody to answer with certainty
            if event is not None and event.is_private:
                tr = HtmlTranslator(pick_language(event.sender.language_code))
                sorry = tr.gettext("Sorry, something went wrong. Please try again in a moment.")
                outcome = Outcome()
                outcome.replies.add(Reply(event.chat_id, sorry))
                if event.callback_id:
                    outcome.toast(event)
                await self._queue(uow, outcome)
            await telegram_store(uow).inbound.mark_processed(
                update_id, self.deps.clock.now(), repr(error)[:500]
            )
            await uow.commit()
