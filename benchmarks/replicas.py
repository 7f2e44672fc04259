"""Throughput of one, two and three ``reclam run`` replicas in webhook mode on one
PostgreSQL database, behind a round-robin load balancer (tests/e2e/replicas.py), with the
emulator delivering the webhooks as Telegram does (one update at a time, the next once
the previous got its 200).

Each round starts the replicas on a fresh database, then N clients file a complaint each
at once, each waiting for every answer (14 inputs a complaint, buttons included). The
figures are complaints filed per second and updates processed per second, from the first
input to the last answer. Rounds are interleaved (1, 2, 3, 1, 2, 3…) so that a busy
machine slows every count alike.

    RECLAM_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m benchmarks.replicas [--clients 30] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bots.emulator.people import Emulator
from tests.databases import POSTGRES_URL, postgres_database
from tests.e2e.production import base_env, clients
from tests.e2e.replicas import replicas


async def one_round(count: int, filing: int) -> tuple[float, float]:
    """(complaints/s, updates/s) with ``count`` replicas and ``filing`` clients."""
    async with postgres_database() as url, Emulator() as emulator:
        bot = emulator.bot()
        staff = emulator.group("Équipe", bot, [emulator.user(101, "Claire")], forum=True)
        env = base_env(emulator, bot, staff.id, url)
        with tempfile.TemporaryDirectory() as folder:
            async with replicas(env, count, Path(folder)):
                people = clients(emulator, bot, filing)
                started = time.monotonic()
                await asyncio.gather(*(person.file(patience=120) for person in people))
                took = time.monotonic() - started
        failed = [person.failure for person in people if person.failure]
        if failed:
            raise SystemExit(f"{len(failed)} client(s) failed: {failed[0]}")
        return filing / took, len(people[0].progress.inputs) / took


def spread(values: list[float]) -> str:
    return f"{min(values):.1f}–{max(values):.1f}"


async def main(filing: int, rounds: int) -> None:
    counts = (1, 2, 3)
    results: dict[int, list[tuple[float, float]]] = {count: [] for count in counts}
    for number in range(1, rounds + 1):
        for count in counts:
            results[count].append(await one_round(count, filing))
            complaints, updates = results[count][-1]
            print(
                f"round {number}, {count} replica(s): {complaints:.2f} complaints/s, "
                f"{updates:.1f} updates/s"
            )
    print(f"\n{filing} clients, {rounds} rounds\n")
    print(
        "| replicas | complaints/s (median) | spread | updates/s (median) | spread "
        "| ratio to one replica |"
    )
    print("|---|---|---|---|---|---|")
    baseline = statistics.median(u for _, u in results[1])
    for count in counts:
        complaints = [c for c, _ in results[count]]
        updates = [u for _, u in results[count]]
        print(
            f"| {count} | {statistics.median(complaints):.2f} | {spread(complaints)} | "
            f"{statistics.median(updates):.1f} | {spread(updates)} | "
            f"{statistics.median(updates) / baseline:.2f} |"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    if not POSTGRES_URL:
        raise SystemExit("set RECLAM_TEST_POSTGRES_URL to a PostgreSQL server")
    asyncio.run(main(arguments.clients, arguments.rounds))
