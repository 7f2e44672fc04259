"""The spine's promises: nothing lost after a crash, nothing processed twice, and the
outbox delivered once through Telegram's errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bots.aiogram.adapter import AiogramBotApi, make_bot
from bots.emulator.limits import Fault
from bots.emulator.people import Emulator
from bots.telegram.delivery.sender import OutboxSender
from bots.telegram.dialogue.engine import Engine
from bots.telegram.store.store import telegram_store
from bots.telegram.store.tables import inbound_updates
from core.clock import SystemClock
from core.persistence.tables import outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.usecases.common import Deps
from tests.databases import migrated_engine
from tests.integration.conftest import DATABASES
from tests.school import demo_profile

pytestmark = pytest.mark.e2e


def update(update_id: int, text: str, user_id: int = 501) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "text": text,
            "chat": {"id": user_id, "type": "private", "first_name": "Léa"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Léa", "language_code": "fr"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
            if text.startswith("/")
            else [],
        },
    }


@pytest.fixture(params=DATABASES)
async def deps(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Deps]:
    async with migrated_engine(request.param, tmp_path) as engine:
        yield Deps(SqlUnitOfWorkFactory(engine), SystemClock(), demo_profile())


async def outbox_rows(deps: Deps) -> list[tuple[str, str, str]]:
    async with deps.uow() as uow:
        rows = await uow.session.execute(  # type: ignore[attr-defined]
            select(outbox.c.recipient, outbox.c.method, outbox.c.status).order_by(outbox.c.id)
        )
        return [tuple(r) for r in rows]


async def test_an_update_stored_before_a_crash_is_processed_at_restart(deps: Deps) -> None:
    async with deps.uow() as uow:  # the process stored the update, then died
        await telegram_store(uow).inbound.record(7, update(7, "/start"), deps.clock.now())
        await uow.commit()
    assert await outbox_rows(deps) == []
    assert await Engine(deps).recover() == 1
    assert await outbox_rows(deps) == [("501", "send_message", "pending")]
    assert await Engine(deps).recover() == 0, "processed once only"


async def test_the_same_update_received_twice_is_processed_once(deps: Deps) -> None:
    engine = Engine(deps)
    await engine.receive(update(8, "/help"))
    await engine.receive(update(8, "/help"))
    assert await outbox_rows(deps) == [("501", "send_message", "pending")]


async def test_a_failing_update_is_set_aside_with_an_apology_and_the_chat_goes_on(
    deps: Deps,
) -> None:
    broken = update(9, "/start")
    broken["message"]["from"]["id"] = "not-a-number"  # type: ignore[index]
    await Engine(deps).receive(broken)
    await Engine(deps).receive(update(10, "/help"))
    async with deps.uow() as uow:
        assert await telegram_store(uow).inbound.unprocessed() == []
        error = await uow.session.scalar(  # type: ignore[attr-defined]
            select(inbound_updates.c.error).where(inbound_updates.c.update_id == 9)
        )
    assert "ValueError" in error
    assert await outbox_rows(deps) == [("501", "send_message", "pending")]  # /help answered


@pytest.mark.parametrize("kind", ["500", "502", "429"])
async def test_a_message_is_delivered_once_through_a_transient_error(
    deps: Deps, kind: str
) -> None:
    async with Emulator() as emulator:
        bot_state = emulator.bot()
        emulator.user(501, "Léa")
        bot = make_bot(bot_state.token, emulator.base_url)
        sender = OutboxSender(deps, AiogramBotApi(bot))
        await Engine(deps).receive(update(11, "/help"))
        emulator.telegram.faults.add(Fault(kind, method="sendMessage", retry_after=1))
        await sender.drain()
        assert emulator.bot_texts(bot_state, 501) == []
        async with deps.uow() as uow:  # the retry is due after the back-off; skip the wait
            await uow.session.execute(
                outbox.update().values(  # type: ignore[attr-defined]
                    next_attempt_at=deps.clock.now()
                )
            )
            await uow.commit()
        await sender.drain()
        await bot.session.close()
        assert len(emulator.bot_texts(bot_state, 501)) == 1
        assert await outbox_rows(deps) == [("501", "send_message", "sent")]


async def test_a_user_who_blocked_the_bot_is_not_retried_forever(deps: Deps) -> None:
    async with Emulator() as emulator:
        bot_state = emulator.bot()
        emulator.block_bot(emulator.user(501, "Léa"))
        bot = make_bot(bot_state.token, emulator.base_url)
        await Engine(deps).receive(update(12, "/help"))
        await OutboxSender(deps, AiogramBotApi(bot)).drain()
        await bot.session.close()
        assert await outbox_rows(deps) == [("501", "send_message", "failed")]


async def test_a_lost_answer_from_telegram_is_retried_so_the_message_is_never_lost(
    deps: Deps,
) -> None:
    """Telegram took the message but the answer was lost. Telegram has no idempotency key,
    so the outbox can only retry: at least once, and here the client sees it twice."""
    async with Emulator() as emulator:
        bot_state = emulator.bot()
        emulator.user(501, "Léa")
        bot = make_bot(bot_state.token, emulator.base_url)
        await Engine(deps).receive(update(13, "/help"))
        emulator.telegram.faults.add(Fault("drop", method="sendMessage"))
        sender = OutboxSender(deps, AiogramBotApi(bot))
        await sender.drain()
        assert await outbox_rows(deps) == [("501", "send_message", "pending")]
        async with deps.uow() as uow:
            await uow.session.execute(
                outbox.update().values(  # type: ignore[attr-defined]
                    next_attempt_at=deps.clock.now()
                )
            )
            await uow.commit()
        await sender.drain()
        await bot.session.close()
        assert len(emulator.bot_texts(bot_state, 501)) == 2
        assert await outbox_rows(deps) == [("501", "send_message", "sent")]
