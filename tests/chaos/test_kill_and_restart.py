"""``reclam run`` killed with SIGKILL at random moments while clients file complaints:
nothing a client did is lost or done twice.

Each case starts the emulator in the test process, a real staff group in it, and
``reclam run`` as a subprocess on an empty database (it migrates at start). N clients file a
complaint at once through the chat; each waits for the bot's answer to every input and never
repeats one (Telegram keeps the updates the bot has not confirmed, and delivers them again
to the next process). Meanwhile the process is killed several times, at least once a few
milliseconds after an input, and started again on the same database.

The seed is printed; ``RECLAM_CHAOS_SEED`` replays a run's plan. ``RECLAM_CHAOS_CLIENTS``,
``RECLAM_CHAOS_KILLS`` and ``RECLAM_CHAOS_PATIENCE`` make longer runs (see ``rig.py``).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
from pathlib import Path

import pytest

from bots.emulator.people import Emulator
from core.profile import DEMO
from tests.chaos.rig import (
    CLIENTS,
    EXPECTED_BOT_MESSAGES,
    KILLS,
    Client,
    Progress,
    ReclamProcess,
    chaos_seed,
    database_url,
    filing_steps,
    kill_and_restart,
    kill_plan,
    marker,
    read_records,
)
from tests.databases import POSTGRES_URL, SKIP_POSTGRES

pytestmark = pytest.mark.chaos

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[pytest.mark.postgres, pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)],
    ),
]


def pushed_by_the_emulator(emulator: Emulator) -> int:
    """How many updates the emulator queued for the bot, read without consuming its counter
    (itertools.count shows its next value as ``count(n)``)."""
    [bot] = emulator.telegram.bots.values()
    found = re.fullmatch(r"count\((\d+)\)", repr(bot.next_update_id))
    assert found is not None
    return int(found.group(1)) - 1


def chaos_problems(chaos: asyncio.Task[None], planned: int, journal: list[str]) -> list[str]:
    """Whether the kills happened. The first always can (it comes early); later ones may
    find the clients done when many kills are asked of few clients: the journal says so."""
    done = sum(line.startswith("kill ") for line in journal)
    if not chaos.done():
        chaos.cancel()
        return [f"reclam run did not serve again within 120 s after kill {done}"]
    if chaos.exception() is not None:
        return [f"killing and restarting failed after {done} kills: {chaos.exception()}"]
    return [] if done or not planned else ["no kill happened: the run proves nothing"]


@pytest.mark.parametrize("database", DATABASES)
@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_killing_reclam_run_loses_no_input_and_records_each_complaint_once(
    framework: str, database: str, tmp_path: Path
) -> None:
    seed = chaos_seed()
    rng = random.Random(seed)
    steps = len(filing_steps(0))
    plan = kill_plan(rng, KILLS, CLIENTS, steps)
    journal = [
        f"chaos seed {seed} (replay: RECLAM_CHAOS_SEED={seed}), {framework} on {database}, "
        f"{CLIENTS} clients x {steps} inputs, {len(plan)} kills: {plan}"
    ]
    print(journal[0])
    began = time.monotonic()
    async with database_url(database, tmp_path) as url, Emulator() as emulator:
        bot = emulator.bot()
        manager = emulator.user(101, "Claire", "Martin")
        group = emulator.group("Équipe — réclamations", bot, [manager], forum=True)
        env = os.environ | {
            "RECLAM_BOT_TOKEN": bot.token,
            "RECLAM_TELEGRAM_API_URL": emulator.base_url,
            "RECLAM_STAFF_CHAT_ID": str(group.id),
            "RECLAM_DATABASE_URL": url,
            "RECLAM_FRAMEWORK": framework,
            "RECLAM_PROFILE": str(DEMO),
            "RECLAM_LANGUAGE": "fr",
            "RECLAM_SMTP_HOST": "",
            # flood limits are another test's subject: here they would only slow the run
            "RECLAM_RATE_PER_SECOND": "10000",
            "RECLAM_RATE_CHAT_INTERVAL": "0",
            "RECLAM_RATE_CHAT_BURST": "10000",
            "RECLAM_RATE_GROUP_PER_MINUTE": "1000000",
            "PYTHONUNBUFFERED": "1",
        }
        server = ReclamProcess(env, tmp_path)
        progress = Progress()
        clients = [
            Client(
                number,
                emulator.user(7000 + number, f"Client{number}", "Chaos"),
                emulator,
                bot,
                progress,
                random.Random(f"{seed}-{number}"),
            )
            for number in range(1, CLIENTS + 1)
        ]
        exit_code: int | None = None
        problems: list[str] = []
        try:
            await server.start()
            await server.serving()
            journal.append(f"reclam run #1 serves after {time.monotonic() - began:.1f} s")
            chaos = asyncio.create_task(kill_and_restart(server, progress, plan, journal))
            await asyncio.gather(*(client.file() for client in clients))
            progress.end()
            await asyncio.wait({chaos}, timeout=120)  # the last restart may still be starting
            problems += chaos_problems(chaos, len(plan), journal)
            journal.append(f"clients done after {time.monotonic() - began:.1f} s")
            stopping = time.monotonic()
            exit_code = await server.terminate()
            journal.append(
                f"SIGTERM: exit code {exit_code} after {time.monotonic() - stopping:.1f} s"
            )
        finally:
            await server.ensure_dead()
        records = await read_records(url)
        invalid_calls = emulator.invalid_calls()
        still_queued = {int(u["update_id"]) for u in bot.updates}
        chats = {c.number: len(c.bot_messages()) for c in clients if c.failure is None}
        pushed = pushed_by_the_emulator(emulator)

    inputs = {made.update_id: made for made in progress.inputs}
    resent = {n: count - EXPECTED_BOT_MESSAGES for n, count in chats.items()}
    journal.append(f"{len(inputs)} inputs; messages sent twice, by client done: {resent}")
    journal.append(f"outbox at the end: {records.outbox}")
    journal.append(f"whole case: {time.monotonic() - began:.1f} s")
    print("\n".join(journal[1:]))

    # every input the clients made is stored once, processed, without error
    if pushed != len(inputs) or sorted(inputs) != list(range(1, pushed + 1)):
        problems.append(f"the emulator queued {pushed} updates, the clients made {len(inputs)}")
    for update_id, made in sorted(inputs.items()):
        if update_id not in records.inbound:
            where = (
                "still queued at Telegram"
                if update_id in still_queued
                else "confirmed to Telegram, so Telegram dropped it"
            )
            problems.append(f"{made} was lost: never stored, {where}")
            continue
        processed_at, error = records.inbound[update_id]
        if processed_at is None:
            problems.append(f"{made} was stored but never processed")
        if error is not None:
            problems.append(f"{made} failed: {error}")
    strangers = sorted(set(records.inbound) - set(inputs))
    if strangers:
        problems.append(f"updates stored that no client made: {strangers}")
    # nobody is left waiting for an answer
    problems += [client.failure for client in clients if client.failure is not None]
    # every client's complaint exists exactly once
    for client in clients:
        theirs = [c for c in records.complaints if c[0] == client.user.id]
        if len(theirs) != 1 or marker(client.number) not in theirs[0][2]:
            problems.append(f"client {client.number} has {len(theirs)} complaints: {theirs}")
    if len(records.complaints) != len(clients):
        problems.append(f"{len(records.complaints)} complaints for {len(clients)} clients")
    # Telegram refused nothing the bot did, and nothing was given up
    problems += [f"the emulator refused {call}" for call in invalid_calls]
    problems += [item.explain(emulator) for item in records.failed_outbox]
    # the last process stops cleanly
    if exit_code != 0:
        problems.append(
            f"the last reclam run exited with {exit_code} on SIGTERM:\n{server.tail()}"
        )
    assert not problems, "\n".join([journal[0], *problems])
