"""Delivery under Telegram's flood limits, enforced by the emulator: how close the sender
comes to the allowed rate (30 messages a second overall), and how many 429s Telegram
had to send. The baseline is the allowed rate itself: a ratio of 1.0 is the best any
sender may do.

    .venv/bin/python -m benchmarks.delivery [--clients 200] [--messages 3]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bots.emulator.people import Emulator
from bots.service import ServeOptions, make_sender
from bots.telegram.identity import delivery
from core.clock import SystemClock
from core.persistence.tables import outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.usecases.common import Deps
from tests.databases import migrated_engine
from tests.e2e.test_flood import sending_api
from tests.school import demo_profile


async def pending(deps: Deps) -> int:
    async with deps.uow() as uow:
        query = select(func.count()).select_from(outbox).where(outbox.c.status == "pending")
        return int(await uow.session.scalar(query) or 0)  # type: ignore[attr-defined]


async def run(framework: str, clients: int, messages: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        async with migrated_engine("sqlite", Path(folder)) as engine, Emulator() as emulator:
            bot = emulator.bot()
            chats = [emulator.user(20_000 + i, f"Client {i}").id for i in range(clients)]
            deps = Deps(SqlUnitOfWorkFactory(engine), SystemClock(), demo_profile())
            async with deps.uow() as uow:
                items = [
                    delivery(
                        chat, "send_message", {"chat_id": chat, "text": f"n°{n}", "buttons": []}
                    )
                    for chat in chats
                    for n in range(messages)
                ]
                await uow.outbox.add(items, deps.clock.now())
                await uow.commit()
            emulator.telegram.limits.enabled = True
            api, close = await sending_api(framework, bot.token, emulator.base_url)
            sender = make_sender(deps, api, None, ServeOptions())
            started = time.perf_counter()
            sending = asyncio.create_task(sender.run(idle=0.05))
            for _ in range(100_000):  # polls the database: the sender runs apart
                if not await pending(deps):
                    break
                await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - started
            sender.stop()
            await sending
            await close()
            total = clients * messages
            assert sum(len(emulator.bot_texts(bot, c)) for c in chats) == total
            return total / elapsed, emulator.telegram.limits.refused


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--messages", type=int, default=3)
    args = parser.parse_args()
    allowed = 30
    print("| framework | messages | delivered/s | allowed/s | ratio | 429 from Telegram |")
    print("|---|---|---|---|---|---|")
    for framework in ("aiogram", "ptb"):
        rate, refused = await run(framework, args.clients, args.messages)
        print(
            f"| {framework} | {args.clients * args.messages} | {rate:.1f} | {allowed} "
            f"| {rate / allowed:.2f} | {refused} |"
        )


if __name__ == "__main__":
    asyncio.run(main())
