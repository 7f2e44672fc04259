"""A message still undelivered after its retries reaches the managers: one alert a day
per complaint in their private chats, then the morning digest; ``reclam outbox failed``
lists it and ``--retry`` queues it again. On both adapters."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from bots.emulator.limits import Fault
from bots.telegram.identity import account
from core.domain.journal import Actor
from core.profile import DEMO
from core.usecases.inform_client import InformClient, inform_client
from reclam.cli import app
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly

pytestmark = pytest.mark.e2e
MANAGERS = (101, 105)


async def give_up(r: Reclam, rounds: int = 24) -> None:
    """Let the sender retry with its backoff until it gives up (the clock moves on)."""
    assert r.running is not None
    for _ in range(rounds):
        r.clock.advance(timedelta(seconds=130))
        await r.running.sender.drain()


def alerts(r: Reclam, chat_id: int) -> list[str]:
    return [t for t in r.emulator.bot_texts(r.bot, chat_id) if "n'a pas pu être" in t]


def digests(r: Reclam, chat_id: int) -> list[str]:
    return [t for t in r.emulator.bot_texts(r.bot, chat_id) if t.startswith("📋")]


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_delivery_failing_after_its_retries_alerts_the_managers_once_per_complaint(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path, failures_expected=True) as r:  # type: ignore[arg-type]
        assert r.running is not None
        lea = r.emulator.user(501, "Léa", "Dubois")
        ref = await file_quickly(r, lea)
        await r.settled()
        r.emulator.telegram.faults.add(Fault("500", "sendMessage", lea.id, times=1000))
        manager = await _manager(r)
        for text in ("Nous vérifions la facture.", "Le comptable revient lundi."):
            await inform_client(r.deps, manager, InformClient(ref, text))
        await give_up(r)
        await r.running.ticker.until_idle()
        await give_up(r, rounds=2)
        for chat in MANAGERS:
            [alert] = alerts(r, chat)  # two failures, one alert
            assert ref in alert
            assert "un message Telegram" in alert
            assert "Nous vérifions" not in alert  # the client's news stay out of it
        env = {
            "RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'reclam.db'}",
            "RECLAM_PROFILE": str(DEMO),
        }
        listed = await asyncio.to_thread(CliRunner().invoke, app, ["outbox", "failed"], env=env)
        failed = [line for line in listed.output.splitlines() if f"telegram:{lea.id}" in line]
        assert len(failed) == 2
        assert all(ref in line for line in failed)
        r.clock.set(_next_morning(r))  # the digest comes the next morning, whatever the hour now
        await r.running.ticker.until_idle()
        await give_up(r, rounds=2)
        for chat in MANAGERS:
            [digest] = digests(r, chat)
            assert digest.startswith("📋 2 envois ont échoué le")
            assert digest.count(f"à {lea.id} ({ref})") == 2
        r.emulator.telegram.faults.pending.clear()  # the cause is fixed
        retried = await asyncio.to_thread(
            CliRunner().invoke, app, ["outbox", "failed", "--retry"], env=env
        )
        assert retried.output.splitlines()[-1] == "2 envois remis en file."
        await r.running.sender.drain()
        news = r.emulator.bot_texts(r.bot, lea.id)
        assert any("Nous vérifions la facture." in t for t in news)
        assert any("Le comptable revient lundi." in t for t in news)


def _next_morning(r: Reclam) -> datetime:
    """A few minutes after the reminder hour of the day after the failures."""
    zone = ZoneInfo(r.deps.profile.timezone)
    today = r.clock.now().astimezone(zone).date()
    hour = r.deps.profile.deadlines.reminder_hour
    return datetime.combine(today + timedelta(days=1), time(hour, 5), tzinfo=zone)


async def _manager(r: Reclam) -> Actor:
    async with r.uow() as uow:
        member = await uow.staff.by_chat(account(MANAGERS[0]))
    assert member is not None
    assert member.id is not None
    return Actor.staff(member.id, member.role, member.name)
