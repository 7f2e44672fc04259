"""Clients filing concurrently through the emulator: throughput and reply latency of the
whole Reclam pipeline on SQLite, against a bot on the same framework and emulator that
makes the same Bot API calls per update with no database (a question with its buttons
for a message; ``answerCallbackQuery`` then the next question for a button press), and a
bare echo bot. Rounds are interleaved (echo, same calls, Reclam; aiogram, then PTB) so
that a busy machine slows all; medians and spread over the rounds. Prints Markdown.

Latency runs from the client's action (sending the message, pressing the button) to the
bot's next message in the chat.

    .venv/bin/python -m benchmarks.client_pipeline [--clients 20 100] [--rounds 3]
        [--frameworks aiogram ptb]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from bots.echo import aiogram_echo, aiogram_same_calls, ptb_echo, ptb_same_calls
from bots.emulator.people import Emulator
from bots.emulator.session import ChatSession
from tests.e2e.harness import reclam

Baseline = Callable[[str, str], AbstractAsyncContextManager[None]]
ECHOES: dict[str, Baseline] = {"aiogram": aiogram_echo, "ptb": ptb_echo}
SAME_CALLS: dict[str, Baseline] = {"aiogram": aiogram_same_calls, "ptb": ptb_same_calls}
EXCHANGES_PER_CLIENT = 15
BOTS = ("echo bot", "same calls, no database", "Reclam (SQLite)")


class Timed(ChatSession):
    """A chat session that records how long each answer took, from the client's action."""

    latencies: list[float]

    async def say(self, text: str, expect: int = 1) -> list[str]:
        started = time.perf_counter()
        answered = await super().say(text, expect)
        self.latencies.append(time.perf_counter() - started)
        return answered

    async def press(self, label: str, expect: int = 1) -> list[str]:
        started = time.perf_counter()
        answered = await super().press(label, expect)
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


Script = Callable[[Timed], Awaitable[None]]
Figures = tuple[float, float, float, float]  # updates/s, p50, p95, p99 (ms)


async def run(clients: list[Timed], script: Script) -> Figures:
    gc.collect()
    gc.freeze()  # as ``reclam run`` does once started (reclam/serving.py), for every bot
    started = time.perf_counter()
    try:
        await asyncio.gather(*(script(c) for c in clients))
    finally:
        seconds = time.perf_counter() - started
        gc.unfreeze()
    latencies = sorted(x for c in clients for x in c.latencies)
    q = statistics.quantiles(latencies, n=100)
    return len(latencies) / seconds, q[49] * 1000, q[94] * 1000, q[98] * 1000


def chats(emulator: Emulator, count: int) -> list[Timed]:
    bot = emulator.bot()
    made = []
    for i in range(count):
        chat = Timed(emulator, bot, emulator.user(10_000 + i, f"Client{i}"))
        chat.latencies = []
        made.append(chat)
    return made


async def baseline(bot: Baseline, count: int, script: Script) -> Figures:
    async with Emulator() as emulator:
        clients = chats(emulator, count)
        async with bot(emulator.base_url, emulator.bot().token):
            return await run(clients, script)


async def ours(framework: str, count: int) -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        async with reclam(framework, Path(folder)) as r:  # type: ignore[arg-type]
            return await run(chats(r.emulator, count), file_one)


async def one_round(framework: str, count: int) -> dict[str, Figures]:
    return {
        BOTS[0]: await baseline(ECHOES[framework], count, echo_many),
        BOTS[1]: await baseline(SAME_CALLS[framework], count, file_one),
        BOTS[2]: await ours(framework, count),
    }


def _spread(values: list[float], digits: int = 0) -> str:
    low, middle, high = min(values), statistics.median(values), max(values)
    return f"{middle:,.{digits}f} ({low:,.{digits}f}–{high:,.{digits}f})"


def rows(framework: str, count: int, rounds: list[dict[str, Figures]]) -> list[str]:
    found = []
    for name in BOTS:
        figures = [r[name] for r in rounds]
        cells = [_spread([f[i] for f in figures]) for i in range(4)]
        found.append(f"| {framework} | {name} | {count} | " + " | ".join(cells) + " |")
    ratios = [r[BOTS[2]][0] / r[BOTS[1]][0] for r in rounds]
    echo = [r[BOTS[2]][0] / r[BOTS[0]][0] for r in rounds]
    found.append(
        f"| {framework} | **Reclam / same calls** (vs echo) | {count} | "
        f"**{_spread(ratios, 2)}** ({statistics.median(echo):.2f}) | | | |"
    )
    return found


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[20])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--frameworks", nargs="+", default=["aiogram", "ptb"])
    args = parser.parse_args()
    found: dict[tuple[str, int], list[dict[str, Figures]]] = {}
    for _ in range(args.rounds):
        for count in args.clients:
            for framework in args.frameworks:
                found.setdefault((framework, count), []).append(await one_round(framework, count))
    print("median (min–max) over", args.rounds, "interleaved rounds")
    print()
    print("| framework | bot | clients | updates/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for (framework, count), rounds in found.items():
        for row in rows(framework, count, rounds):
            print(row)


if __name__ == "__main__":
    asyncio.run(main())
