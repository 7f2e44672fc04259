"""Lossless spine: an update is stored before Telegram forgets it; no update, Telegram
answer or restart can stop the bot, replay a stale call or edit a card for nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bots.emulator.limits import Fault
from bots.polling import Poller
from bots.telegram.delivery.bot_api import ButtonRows
from bots.telegram.delivery.sender import OutboxSender
from bots.telegram.delivery.staff_calls import StaffCalls
from bots.telegram.dialogue.engine import Engine
from bots.telegram.identity import delivery
from bots.telegram.store.store import telegram_store
from bots.telegram.store.tables import inbound_updates
from bots.telegram.store.threads import StaffThread
from core.clock import FrozenClock, SystemClock
from core.persistence.tables import outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.usecases.common import Deps
from tests.databases import migrated_engine
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_spine import update
from tests.integration.conftest import DATABASES
from tests.school import demo_profile

pytestmark = pytest.mark.e2e

#: a poll of a newer Bot API than the installed libraries know: required fields missing
ALIEN_POLL = {"poll": {"id": "77", "question_entities": [{"type": "future"}]}}


@pytest.fixture(params=DATABASES)
async def deps(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Deps]:
    async with migrated_engine(request.param, tmp_path) as engine:
        yield Deps(SqlUnitOfWorkFactory(engine), FrozenClock(SystemClock().now()), demo_profile())


async def stored(deps: Deps) -> dict[int, str | None]:
    """update_id -> error, for every stored update."""
    async with deps.uow() as uow:
        rows = await uow.session.execute(  # type: ignore[attr-defined]
            select(inbound_updates.c.update_id, inbound_updates.c.error)
        )
        return dict(rows.all())


class Telegram:
    """A getUpdates that remembers what was stored each time the offset moved on."""

    def __init__(self, deps: Deps, pages: list[list[dict[str, Any]]]) -> None:
        self.deps, self.pages = deps, pages
        self.confirmed: list[tuple[int, set[int]]] = []  # (offset, stored when asked)
        self.twice = asyncio.Event()

    async def fetch_updates(self, offset: int, wait: int) -> list[dict[str, Any]]:
        if offset:
            self.confirmed.append((offset, set(await stored(self.deps))))
            if len(self.confirmed) >= 2:
                self.twice.set()
        if self.pages:
            return self.pages.pop(0)
        await asyncio.sleep(0.05)
        return []


async def test_an_update_is_confirmed_to_telegram_only_after_it_is_stored(deps: Deps) -> None:
    pages = [[update(1, "/start"), update(2, "/help", 502)], [update(3, "/help")]]
    telegram = Telegram(deps, pages)
    poller = Poller(telegram, Engine(deps))
    polling = asyncio.create_task(poller.run())
    await asyncio.wait_for(telegram.twice.wait(), 10)
    poller.stop()
    await polling
    (first_offset, first_stored), (second_offset, second_stored) = telegram.confirmed[:2]
    assert first_offset == 3
    assert {1, 2} <= first_stored
    assert second_offset == 4
    assert {1, 2, 3} <= second_stored


async def test_an_update_no_library_can_parse_is_set_aside_and_the_others_go_on(
    deps: Deps,
) -> None:
    alien = {"update_id": 5, **ALIEN_POLL}
    broken = update(6, "/start")
    broken["message"]["from"]["id"] = "not-a-number"  # type: ignore[index]
    engine = Engine(deps)
    poller = Poller(Telegram(deps, [[alien, broken, update(7, "/help")]]), engine)
    polling = asyncio.create_task(poller.run())
    for _ in range(200):  # until the page is stored and none of it is left unprocessed
        async with deps.uow() as uow:
            left = await telegram_store(uow).inbound.unprocessed()
        if not left and await stored(deps):
            break
        await asyncio.sleep(0.02)
    poller.stop()
    await polling
    errors = await stored(deps)
    assert set(errors) == {5, 6, 7}
    assert errors[5] is None  # a kind the bot does not use: processed, nothing to say
    assert errors[6] is not None  # set aside, with its reason
    async with deps.uow() as uow:
        chats = await uow.session.scalars(select(outbox.c.recipient))  # type: ignore[attr-defined]
        assert list(chats) == ["501"]  # /help answered


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_an_update_the_library_cannot_parse_does_not_stop_the_bot(
    framework: Any, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:
        lea = r.emulator.user(501, "Léa")
        r.emulator.push_raw(r.bot, "poll", ALIEN_POLL["poll"])
        r.emulator.push_raw(r.bot, "message", {"message_id": 1, "date": 0, "chat": {"id": 1}})
        welcome = await r.say(lea, "/start")
        assert welcome[0].startswith("Bonjour")


class Recorder:
    """A BotApi that records calls (and sees the outbox while each call is under way)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.calls: list[str] = []
        self.status_during_call: list[str] = []

    async def _status(self) -> None:
        async with self.deps.uow() as uow:
            statuses = await uow.session.scalars(  # type: ignore[attr-defined]
                select(outbox.c.status).order_by(outbox.c.id)
            )
            self.status_during_call += list(statuses)

    async def send_message(
        self,
        chat_id: int,
        text: str,
        buttons: ButtonRows,
        thread_id: int | None,
        reply_to: int | None = None,
    ) -> int:
        await self._status()
        self.calls.append("send_message")
        return len(self.calls)

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None:
        await self._status()
        self.calls.append("answer_callback")

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows
    ) -> None:
        self.calls.append("edit_message")


async def queue(deps: Deps, method: str, payload: dict[str, Any], age: float = 0) -> None:
    async with deps.uow() as uow:
        created = deps.clock.now() - timedelta(seconds=age)
        await uow.outbox.add([delivery(501, method, payload)], created)
        await uow.commit()


async def test_a_button_answer_left_over_from_before_a_restart_is_never_sent(
    deps: Deps,
) -> None:
    answer = {"chat_id": 501, "callback_id": "q1", "text": "", "alert": False}
    await queue(deps, "answer_callback", answer, age=20)  # queued before the crash
    await queue(deps, "answer_callback", answer | {"callback_id": "q2"})  # just now
    api = Recorder(deps)
    await OutboxSender(deps, api).drain()  # type: ignore[arg-type]
    assert api.calls == ["answer_callback"]  # only the fresh one
    async with deps.uow() as uow:
        statuses = await uow.session.scalars(  # type: ignore[attr-defined]
            select(outbox.c.status).order_by(outbox.c.id)
        )
        assert list(statuses) == ["expired", "sent"]


async def test_a_button_answer_under_way_when_the_process_died_is_not_answered_again(
    deps: Deps,
) -> None:
    answer = {"chat_id": 501, "callback_id": "q1", "text": "", "alert": False}
    await queue(deps, "answer_callback", answer)
    async with deps.uow() as uow:  # the process died during the call (a fast restart)
        await uow.outbox.mark_sending([1])
        await uow.commit()
    api = Recorder(deps)
    await OutboxSender(deps, api).drain()  # type: ignore[arg-type]
    assert api.calls == []  # Telegram would refuse a second answer to the same press


async def test_a_message_is_recorded_as_sending_before_its_call_and_sent_right_after(
    deps: Deps,
) -> None:
    text = {"chat_id": 501, "text": "Bonjour", "buttons": [], "thread_id": None}
    await queue(deps, "send_message", text)
    await queue(deps, "send_message", text | {"text": "Encore"})
    api = Recorder(deps)
    await OutboxSender(deps, api).drain()  # type: ignore[arg-type]
    # during the first call: it is "sending"; during the second: the first is "sent"
    assert api.status_during_call == ["sending", "pending", "sent", "sending"]


async def test_a_message_left_sending_by_a_crash_is_sent_again_at_least_once(
    deps: Deps,
) -> None:
    text = {"chat_id": 501, "text": "Bonjour", "buttons": [], "thread_id": None}
    await queue(deps, "send_message", text)
    async with deps.uow() as uow:  # the process died during the call
        await uow.outbox.mark_sending([1])
        await uow.commit()
    api = Recorder(deps)
    await OutboxSender(deps, api).drain()  # type: ignore[arg-type]
    assert api.calls == ["send_message"]


async def test_a_button_answer_and_the_message_after_it_are_under_way_before_the_answer(
    deps: Deps,
) -> None:
    await queue(deps, "answer_callback", {"callback_id": "q1", "text": "", "alert": False})
    await queue(deps, "send_message", {"chat_id": 501, "text": "Et ensuite ?", "buttons": []})
    api = Recorder(deps)
    await OutboxSender(deps, api).drain()  # type: ignore[arg-type]
    assert api.calls == ["answer_callback", "send_message"]
    # the answer's result is recorded with the message's: a crash in between leaves both
    # "sending", so the answer expires and the message is sent again
    assert api.status_during_call == ["sending", "sending", "sending", "sending"]
    async with deps.uow() as uow:
        statuses = await uow.session.scalars(  # type: ignore[attr-defined]
            select(outbox.c.status).order_by(outbox.c.id)
        )
        assert list(statuses) == ["sent", "sent"]


async def test_after_a_crash_between_a_button_answer_and_its_message_only_the_message_goes(
    deps: Deps,
) -> None:
    await queue(deps, "answer_callback", {"callback_id": "q1", "text": "", "alert": False})
    await queue(deps, "send_message", {"chat_id": 501, "text": "Et ensuite ?", "buttons": []})
    async with deps.uow() as uow:  # the process died after the answer, before recording it
        await uow.outbox.mark_sending([1, 2])
        await uow.commit()
    api = Recorder(deps)
    await OutboxSender(deps, api).drain()  # type: ignore[arg-type]
    assert api.calls == ["send_message"]


class UnsavedStaffCalls(StaffCalls):
    """The staff calls, without a complaint behind the thread to save."""

    async def _keep(self, thread: StaffThread, message_id: int | None = None) -> None:
        return None


async def test_the_staff_card_is_edited_only_when_its_content_changes(deps: Deps) -> None:
    api = Recorder(deps)
    calls = UnsavedStaffCalls(deps.uow, api)  # type: ignore[arg-type]
    card = {"text": "REC · P2", "buttons": [[["Note", "s|note|R"]]], "topic_name": "R"}
    card |= {"close": False, "chat_id": -100, "reference": "R"}
    thread = StaffThread("R", -100, None, 7, "R")
    await calls.update(card, thread)
    await calls.update(card, thread)  # "inform the client" changes nothing on the card
    await calls.update(card | {"text": "REC · P1"}, thread)
    assert api.calls == ["edit_message", "edit_message"]


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_proxy_error_page_instead_of_telegram_is_retried_until_delivered(
    framework: Any, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:
        lea = r.emulator.user(501, "Léa")
        r.emulator.telegram.faults.add(Fault("html502", method="sendMessage", chat_id=501))
        await asyncio.wait_for(_answered_after_retry(r, lea.id), 30)
        assert r.emulator.bot_texts(r.bot, lea.id)[0].startswith("Bonjour")


async def _answered_after_retry(r: Reclam, chat_id: int) -> None:
    r.emulator.send_text(r.bot, r.emulator.telegram.users[chat_id], "/start")
    while not r.emulator.bot_texts(r.bot, chat_id):
        async with r.uow() as uow:  # the retry is due after a back-off: skip the wait
            await uow.session.execute(outbox.update().values(next_attempt_at=r.deps.clock.now()))
            await uow.commit()
        assert r.running is not None
        r.running.sender.wake()
        await asyncio.sleep(0.1)


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_getupdates_failing_with_a_proxy_page_does_not_stop_polling(
    framework: Any, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:
        r.emulator.telegram.faults.add(Fault("html502", method="getUpdates", times=2))
        welcome = await r.chat(r.emulator.user(501, "Léa")).say("/start", 1)
        assert welcome[0].startswith("Bonjour")
