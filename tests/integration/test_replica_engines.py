"""Several engines on one database, as replicas behind a load balancer are: a chat's
updates are processed oldest first whichever replica stored them, an update a dead
replica stored is taken up by the sweeper, and a single replica holds the outbox's lock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.telegram.dialogue.engine import Engine
from bots.telegram.store.store import telegram_store
from core.clock import FrozenClock
from core.outbox import Delivery
from core.persistence.advisory import SessionLock
from core.persistence.engine import create_engine
from core.persistence.spine_repositories import OUTBOX_CHANNEL
from core.persistence.tables import outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.usecases.common import Deps
from reclam.migrate import upgrade
from tests.databases import POSTGRES_URL, SKIP_POSTGRES, postgres_database
from tests.e2e.test_spine import update
from tests.school import demo_profile

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def deps_on(engine: AsyncEngine) -> Deps:
    return Deps(SqlUnitOfWorkFactory(engine), FrozenClock(NOW), demo_profile())


async def stored_by_a_replica(deps: Deps, raw: dict[str, Any]) -> None:
    """What a replica does before its 200: store the update (and then, here, die)."""
    async with deps.uow() as uow:
        chat = int(raw["message"]["chat"]["id"]) if "message" in raw else 501
        await telegram_store(uow).inbound.record(
            int(raw["update_id"]), raw, deps.clock.now(), chat
        )
        await uow.commit()


async def queued(deps: Deps) -> list[tuple[str, str]]:
    async with deps.uow() as uow:
        rows = await uow.session.execute(  # type: ignore[attr-defined]
            select(outbox.c.method, outbox.c.payload).order_by(outbox.c.id)
        )
        return [(method, str(payload.get("text", ""))) for method, payload in rows]


def press(update_id: int, data: str = "nothing") -> dict[str, object]:
    chat = {"id": 501, "type": "private", "first_name": "Léa"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"q{update_id}",
            "from": {"id": 501, "is_bot": False, "first_name": "Léa", "language_code": "fr"},
            "chat_instance": "501",
            "message": {"message_id": 1, "date": 0, "chat": chat, "text": "menu"},
            "data": data,
        },
    }


async def test_an_update_waits_for_the_older_one_of_its_chat_that_another_replica_stored(
    engine: AsyncEngine,
) -> None:
    deps = deps_on(engine)
    await stored_by_a_replica(deps, update(20, "/start"))  # replica A: stored, not processed
    await Engine(deps).receive(update(21, "/help"))  # replica B: the chat's next message
    answers = await queued(deps)
    assert [method for method, _ in answers] == ["send_message", "send_message"]
    assert "assistant réclamations" in answers[0][1], "/start was answered first"
    async with deps.uow() as uow:
        assert await telegram_store(uow).inbound.unprocessed() == []


async def test_the_sweeper_takes_up_an_update_left_unprocessed_for_some_seconds(
    engine: AsyncEngine,
) -> None:
    deps = deps_on(engine)
    clock = deps.clock
    assert isinstance(clock, FrozenClock)
    await stored_by_a_replica(deps, update(30, "/start"))
    survivor = Engine(deps)
    clock.advance(timedelta(seconds=2))
    assert await survivor.sweep(timedelta(seconds=5)) == 0, "its replica may be on it"
    clock.advance(timedelta(seconds=4))
    assert await survivor.sweep(timedelta(seconds=5)) == 1
    await survivor.settle()
    assert [method for method, _ in await queued(deps)] == ["send_message"]
    assert await survivor.sweep(timedelta(seconds=5)) == 0


async def test_a_press_that_waited_too_long_is_processed_without_its_button_answer(
    engine: AsyncEngine,
) -> None:
    deps = deps_on(engine)
    clock = deps.clock
    assert isinstance(clock, FrozenClock)
    bot = Engine(deps)
    await bot.receive(press(40))
    assert "answer_callback" in [method for method, _ in await queued(deps)]
    await stored_by_a_replica(deps, press(41))
    clock.advance(timedelta(seconds=6))  # Telegram refuses an answer 15 s after the press
    before = len(await queued(deps))
    await bot.process(41)
    assert "answer_callback" not in [method for method, _ in (await queued(deps))[before:]]
    async with deps.uow() as uow:
        assert await telegram_store(uow).inbound.unprocessed() == [], "processed all the same"


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)
async def test_one_replica_at_a_time_holds_the_outbox_lock_and_its_death_frees_it() -> None:
    async with postgres_database() as url:
        first, second = create_engine(url), create_engine(url)
        try:
            await upgrade(second)
            one, other = SessionLock(first, 1, 2), SessionLock(second, 1, 2)
            assert await one.try_acquire()
            assert not await other.try_acquire()
            # the holder is woken by a commit that queues a delivery, in another process
            woken = asyncio.Event()
            await one.listen(OUTBOX_CHANNEL, woken.set)
            async with SqlUnitOfWorkFactory(second)() as uow:
                await uow.outbox.add([Delivery("telegram", "501", "send_message", {})], NOW)
                await uow.commit()
            await asyncio.wait_for(woken.wait(), 10)
            # the holder dies: the server ends its session, and the lock with it (the
            # second argument waits until the backend is gone, up to five seconds)
            async with second.connect() as connection:
                await connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks"
                        " WHERE locktype = 'advisory' AND classid = 1 AND objid = 2"
                    )
                )
            assert await other.try_acquire()
            assert not await one.still_held()
            await other.release()
            assert await one.try_acquire(), "released: free again"
            await one.release()
        finally:
            await first.dispose()
            await second.dispose()
