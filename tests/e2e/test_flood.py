"""Two hundred clients receive their notifications through Telegram's flood limits and
injected faults (429, 5xx, time-outs, blocked bots): each message arrives once, in order
per chat, or is marked undeliverable with staff told."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bots.emulator.limits import Fault
from bots.emulator.people import Emulator
from bots.service import ServeOptions, make_sender
from bots.telegram.delivery.bot_api import BotApi
from bots.telegram.identity import account, delivery
from core.clock import SystemClock
from core.domain.journal import Actor
from core.domain.people import Client
from core.persistence.tables import outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.usecases.common import Deps
from core.usecases.file_complaint import FileComplaint, file_complaint
from tests.databases import migrated_engine
from tests.school import demo_profile

pytestmark = pytest.mark.e2e
CLIENTS = range(10_000, 10_200)
BLOCKED = frozenset(CLIENTS[::40])  # five clients who blocked the bot
TEXTS = ("Message 1", "Message 2", "Message 3")


async def sending_api(framework: str, token: str, url: str) -> tuple[BotApi, Any]:
    """The adapter's BotApi with a short request time-out, and what to close after."""
    if framework == "aiogram":
        from bots.aiogram.adapter import AiogramBotApi, make_bot

        bot = make_bot(token, url, timeout=2.0)
        return AiogramBotApi(bot), bot.session.close
    from bots.ptb.adapter import PtbBotApi
    from bots.ptb.adapter import make_bot as make_ptb_bot

    ptb = make_ptb_bot(token, url, timeout=2.0)
    await ptb.initialize()
    return PtbBotApi(ptb), ptb.shutdown


async def seed(deps: Deps) -> None:
    category = deps.profile.categories[0].code
    async with deps.uow() as uow:
        for telegram_id in CLIENTS:
            await uow.clients.add(Client(account(telegram_id), f"Client {telegram_id}", "fr"))
        await uow.commit()
    for telegram_id in BLOCKED:
        async with deps.uow() as uow:
            client = await uow.clients.by_chat(account(telegram_id))
        assert client is not None
        assert client.id is not None
        await file_complaint(
            deps,
            Actor.client(client.id),
            FileComplaint(category, "Leçon annulée sans motif.", desired_text="Une leçon"),
        )
    async with deps.uow() as uow:
        items = [
            delivery(chat, "send_message", {"chat_id": chat, "text": text, "buttons": []})
            for chat in CLIENTS
            for text in TEXTS
        ]
        await uow.outbox.add(items, deps.clock.now())
        await uow.commit()


async def statuses(deps: Deps) -> dict[str, int]:
    async with deps.uow() as uow:
        rows = (await uow.session.execute(select(outbox.c.status))).scalars().all()  # type: ignore[attr-defined]
    return {status: rows.count(status) for status in set(rows)}


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_two_hundred_clients_each_get_every_message_once_in_order_or_staff_are_told(
    framework: str, tmp_path: Path
) -> None:
    async with migrated_engine("sqlite", tmp_path) as engine, Emulator() as emulator:
        bot = emulator.bot()
        group = emulator.group("Équipe", bot, [emulator.user(101, "Claire")], forum=False)
        users = {chat: emulator.user(chat, f"Client {chat}") for chat in CLIENTS}
        for chat in BLOCKED:
            emulator.block_bot(users[chat])
        deps = Deps(SqlUnitOfWorkFactory(engine), SystemClock(), demo_profile())
        await seed(deps)
        telegram = emulator.telegram
        telegram.limits.enabled = True
        for kind, times in (("429", 10), ("500", 10), ("502", 5)):
            telegram.faults.add(Fault(kind, method="sendMessage", times=times, retry_after=1))
        telegram.faults.add(Fault("timeout", method="sendMessage", times=3, delay=3.0))
        api, close = await sending_api(framework, bot.token, emulator.base_url)
        sender = make_sender(deps, api, group.id, ServeOptions())
        sending = asyncio.create_task(sender.run(idle=0.2))
        try:
            for _ in range(1200):
                under_way = await statuses(deps)
                if under_way.get("pending", 0) + under_way.get("sending", 0) == 0:
                    break
                await asyncio.sleep(0.1)
        finally:
            sender.stop()
            await sending
            await close()
        assert telegram.faults.injected >= 25
        for chat in CLIENTS:
            expected = [] if chat in BLOCKED else list(TEXTS)
            assert emulator.bot_texts(bot, chat) == expected, chat
        alerts = [m for m in emulator.transcript(group.id) if "joint sur Telegram" in m.text]
        assert len(alerts) == len(BLOCKED)
        counts = await statuses(deps)
        assert counts == {
            "sent": 3 * (len(CLIENTS) - len(BLOCKED)) + len(BLOCKED),
            "failed": 3 * len(BLOCKED),
        }
        async with deps.uow() as uow:
            for chat in BLOCKED:
                client = await uow.clients.by_chat(account(chat))
                assert client is not None
                assert client.reachable is False
