"""Clients filing concurrently through the emulator: throughput and reply latency of the
whole Reclam pipeline on SQLite, against a bare echo bot on the same framework and
emulator, in the same run. Prints a Markdown table.

    .venv/bin/python -m benchmarks.client_pipeline [--clients 20] [--frameworks aiogram ptb]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bots.echo import aiogram_echo, ptb_echo
from bots.emulator.people import Emulator
from bots.emulator.session import ChatSession
from tests.e2e.harness import reclam

ECHOES = {"aiogram": aiogram_echo, "ptb": ptb_echo}
EXCHANGES_PER_CLIENT = 15


class Timed(ChatSession):
    """A chat session that records how long each answer took."""

    latencies: list[float]

    async def _answered(self, action: str, before: int, expect: int) -> list[str]:
        started = time.perf_counter()
        answered = await super()._answered(action, before, expect)
        self.latencies.append(time.perf_counter() - started)
        return answered


async def file_one(chat: Timed) -> None:
    await chat.say("/start")
    await chat.press("📝 Déposer une réclamation")
    await chat.press("Oui, c'est moi")
    await chat.press("Passer")
    await chat.say("client@example.org")
    await chat.press("Passer")
    await chat.press("Facturation et tarifs")
    await chat.press("Hier")
    await chat.press("Bureau / accueil")
    await chat.press("Personne en particulier")
    await chat.say("Facture envoyée deux fois.")
    await chat.press("Terminé")
    await chat.press("Un remboursement")
    await chat.press("✅ Envoyer")
    await chat.say("/mycomplaints")


async def echo_many(chat: Timed) -> None:
    for i in range(EXCHANGES_PER_CLIENT):
        await chat.say(f"message {i}")


async def run(clients: list[Timed], script: object) -> float:
    started = time.perf_counter()
    await asyncio.gather(*(script(c) for c in clients))  # type: ignore[operator]
    return time.perf_counter() - started


def chats(emulator: Emulator, count: int) -> list[Timed]:
    bot = emulator.bot()
    made = []
    for i in range(count):
        chat = Timed(emulator, bot, emulator.user(10_000 + i, f"Client{i}"))
        chat.latencies = []
        made.append(chat)
    return made


def summary(clients: list[Timed], seconds: float) -> tuple[float, float, float, float]:
    latencies = sorted(x for c in clients for x in c.latencies)
    q = statistics.quantiles(latencies, n=100)
    return len(latencies) / seconds, q[49] * 1000, q[94] * 1000, q[98] * 1000


async def measure(framework: str, count: int) -> list[str]:
    async with Emulator() as emulator:
        clients = chats(emulator, count)
        async with ECHOES[framework](emulator.base_url, emulator.bot().token):
            echo = summary(clients, await run(clients, echo_many))
    with tempfile.TemporaryDirectory() as folder:
        async with reclam(framework, Path(folder)) as r:  # type: ignore[arg-type]
            clients = chats(r.emulator, count)
            ours = summary(clients, await run(clients, file_one))
    rows = []
    for name, (rate, p50, p95, p99) in (("echo bot", echo), ("Reclam (SQLite)", ours)):
        rows.append(
            f"| {framework} | {name} | {count} | {rate:,.0f} | {p50:.0f} | {p95:.0f} | {p99:.0f} |"
        )
    rows.append(f"| {framework} | **ratio** | | **{ours[0] / echo[0]:.2f}** | | | |")
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--frameworks", nargs="+", default=["aiogram", "ptb"])
    args = parser.parse_args()
    print("| framework | bot | clients | updates/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for framework in args.frameworks:
        for row in await measure(framework, args.clients):
            print(row)


if __name__ == "__main__":
    asyncio.run(main())
