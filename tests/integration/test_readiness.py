"""Readiness on a real database: each check fails for its own reason and says which."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.clock import FrozenClock
from core.outbox import Delivery
from core.persistence.engine import create_engine
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from reclam.http.health import BotApiProbe, Readiness
from reclam.migrate import upgrade

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


async def answered() -> None:
    return None


async def refused() -> None:
    raise ConnectionRefusedError("api.telegram.org: connection refused")


async def test_readiness_fails_on_the_bot_api_and_on_an_outbox_that_lags(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'school.db'}")
    await upgrade(engine)
    clock = FrozenClock(NOON)
    try:
        ready = Readiness(engine, clock, BotApiProbe(answered), max_outbox_lag=300)
        assert {name: c.ok for name, c in (await ready.checks()).items()} == {
            "database": True,
            "migrations": True,
            "bot_api": True,
            "outbox": True,
        }
        async with SqlUnitOfWorkFactory(engine)() as uow:
            await uow.outbox.add([Delivery("telegram", "501", "send_message", {})], NOON)
            await uow.commit()
        clock.advance(timedelta(minutes=4))
        assert (await ready.checks())["outbox"].ok
        clock.advance(timedelta(minutes=2))
        outbox = (await ready.checks())["outbox"]
        assert not outbox.ok
        assert outbox.detail == "lag 360 s (at most 300)"

        telegram_down = Readiness(engine, clock, BotApiProbe(refused))
        bot_api = (await telegram_down.checks())["bot_api"]
        assert not bot_api.ok
        assert "connection refused" in bot_api.detail
    finally:
        await engine.dispose()
