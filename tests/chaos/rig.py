"""The chaos rig: ``reclam run`` as a real process that the test kills (SIGKILL) and starts
again on the same database, clients who file complaints in the emulator's chat the way a
person does, and a seeded plan of when to kill.

Settings for longer local runs (environment variables):

- ``RECLAM_CHAOS_CLIENTS``: clients filing at once (default 8);
- ``RECLAM_CHAOS_KILLS``: SIGKILLs per run (default 3);
- ``RECLAM_CHAOS_SEED``: replay a run's plan (default: a fresh seed, printed);
- ``RECLAM_CHAOS_PATIENCE``: seconds a client waits for each answer (default 45).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select

from bots.emulator.html import visible_text
from bots.emulator.people import Emulator
from bots.emulator.world import BotState, Message, User
from bots.telegram.store.tables import inbound_updates
from core.persistence.engine import create_engine
from core.persistence.tables import clients, complaints, outbox
from tests.databases import postgres_database

RECLAM = str(Path(sys.executable).with_name("reclam"))
SERVING = "est en service"  # what ``reclam run`` prints once it polls (staff language: fr)


def _number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


CLIENTS = int(_number("RECLAM_CHAOS_CLIENTS", 8))
KILLS = int(_number("RECLAM_CHAOS_KILLS", 3))
PATIENCE = _number("RECLAM_CHAOS_PATIENCE", 45.0)
SEED_SETTING = os.environ.get("RECLAM_CHAOS_SEED", "").strip()
THINK = 0.15  # at most this long between an answer and the client's next input, seconds


def chaos_seed() -> int:
    return int(SEED_SETTING) if SEED_SETTING else random.SystemRandom().randrange(1_000_000)


# -- the database ----------------------------------------------------------------------


@asynccontextmanager
async def database_url(kind: str, folder: Path) -> AsyncIterator[str]:
    """An empty database that ``reclam run`` migrates at start: a SQLite file, or a
    PostgreSQL database of its own, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'school.db'}"
        return
    async with postgres_database() as url:
        yield url


# -- ``reclam run`` as a process -------------------------------------------------------


def _open_log(path: Path) -> BinaryIO:
    return path.open("wb")


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


class ReclamProcess:
    """One ``reclam run`` at a time, each with its own log file in ``folder``."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env, self.folder = env, folder
        self.process: asyncio.subprocess.Process | None = None
        self.logs: list[Path] = []

    @property
    def log(self) -> Path:
        return self.logs[-1]

    async def start(self) -> None:
        assert self.process is None or self.process.returncode is not None
        self.logs.append(self.folder / f"reclam-run-{len(self.logs) + 1}.log")
        output = _open_log(self.log)
        try:
            self.process = await asyncio.create_subprocess_exec(
                RECLAM,
                "run",
                env=self.env,
                cwd=self.folder,  # no stray .env file
                stdout=output,
                stderr=asyncio.subprocess.STDOUT,
            )
        finally:
            output.close()

    async def serving(self, within: float = 60.0) -> None:
        """Wait until the process says it serves the bot."""
        assert self.process is not None
        deadline = time.monotonic() + within
        for _ in range(int(within / 0.05) + 1):
            if SERVING in _read(self.log):
                return
            if self.process.returncode is not None or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
        raise AssertionError(
            f"reclam run #{len(self.logs)} did not start serving within {within} s "
            f"(exit code {self.process.returncode}):\n{self.tail()}"
        )

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine loses power."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def terminate(self, within: float = 60.0) -> int | None:
        """SIGTERM, the way systemd stops the service; the exit code, or None if it hangs
        (or was not running)."""
        if self.process is None or self.process.returncode is not None:
            return None
        self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            return None

    async def ensure_dead(self) -> None:
        if self.process is not None and self.process.returncode is None:
            await self.kill()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(_read(self.log).splitlines()[-lines:])


# -- the clients -------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One input, and the words that show the bot answered it (all of them must appear in
    messages the bot sends after the input)."""

    kind: str  # "say" or "press"
    value: str
    expect: tuple[str, ...]

    @property
    def action(self) -> str:
        return self.value if self.kind == "say" else f"[{self.value}]"


def say(text: str, *expect: str) -> Step:
    return Step("say", text, expect)


def press(label: str, *expect: str) -> Step:
    return Step("press", label, expect)


CATEGORIES = (
    "Facturation et tarifs",
    "Planning et annulations de leçons",
    "Véhicules",
    "Examens (code, conduite)",
)


def marker(number: int) -> str:
    """The words only this client's complaint holds."""
    return f"[chaos client {number}]"


DESCRIPTION = "Facture envoyée deux fois"
NOTED = "C'est noté"


def description_parts(number: int, count: int) -> list[str]:
    """A description in ``count`` messages, numbered: the complaint holds them in order."""
    return [f"{DESCRIPTION} {marker(number)} ({k}/{count})." for k in range(1, count + 1)]


def filing_steps(number: int) -> list[Step]:
    """Filing a complaint from the first /start to "Send", as tests/e2e and the demo do."""
    return [
        say("/start", "Ici l'assistant réclamations"),
        press("📝 Déposer une réclamation", "Pour commencer, votre nom"),
        press("Oui, c'est moi", "Votre numéro de téléphone"),
        say(f"06 12 34 56 {number % 100:02d}", "Votre adresse e-mail"),
        press("Passer", "Votre numéro de dossier élève"),
        press("Passer", "Quel est le sujet de votre réclamation"),
        press(CATEGORIES[number % len(CATEGORIES)], "Quand cela s'est-il passé"),
        press("Hier", "Où cela s'est-il passé"),
        press("Bureau / accueil", "Qui est concerné"),
        press("Personne en particulier", "Décrivez ce qui s'est passé"),
        say(f"{DESCRIPTION} {marker(number)}.", NOTED),
        press("Terminé", "Quelle solution souhaitez-vous"),
        press("Un remboursement", "Votre réclamation, avant envoi"),
        press(
            "✅ Envoyer",
            "est enregistrée sous la référence",
            "accuse réception de votre réclamation",
            "Votre accusé de réception (",  # the PDF letter's caption
        ),
    ]


#: what a client's chat holds at the end when each message was sent once: one answer per
#: input, and the acknowledgement and its letter after "Send"
EXPECTED_BOT_MESSAGES = len(filing_steps(0)) + 2


@dataclass(frozen=True)
class Input:
    update_id: int
    client: int
    action: str
    at: float  # time.monotonic()

    def __str__(self) -> str:
        return f"update {self.update_id} (client {self.client}: {self.action})"


def shown(message: Message) -> str:
    """The text a person reads."""
    return visible_text(message.text) if message.data.get("parse_mode") else message.text


class LeftWaiting(Exception):
    """The bot never answered one of the client's inputs."""


class Progress:
    """Every input the clients made, in order, and a way to wait for the n-th."""

    def __init__(self) -> None:
        self.inputs: list[Input] = []
        self.over = False  # the clients are done (or gave up): no input will come
        self._changed = asyncio.Event()

    def add(self, made: Input) -> None:
        self.inputs.append(made)
        self._wake()

    def end(self) -> None:
        self.over = True
        self._wake()

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def reach(self, count: int) -> bool:
        """Wait for the ``count``-th input; False if the clients are done before."""
        while len(self.inputs) < count and not self.over:
            await self._changed.wait()
        return len(self.inputs) >= count


@dataclass
class Client:
    """A person filing a complaint: after each input they wait for the bot's answer, as
    long as it takes (up to ``PATIENCE``), and never repeat the input."""

    number: int
    user: User
    emulator: Emulator
    bot: BotState
    progress: Progress
    rng: random.Random
    steps_done: int = 0
    failure: str | None = None
    inputs: list[Input] = field(default_factory=list)

    async def file(self, patience: float = PATIENCE, burst: int = 1) -> None:
        """File the complaint; with ``burst`` above 1, the description comes in that many
        messages sent one right after the other, before any answer."""
        try:
            await asyncio.sleep(self.rng.uniform(0, 0.5))  # people do not all start at once
            for step in filing_steps(self.number):
                if burst > 1 and step.value.startswith(DESCRIPTION):
                    await self._say_at_once(description_parts(self.number, burst), patience)
                else:
                    await self._take(step, patience)
                self.steps_done += 1
                await asyncio.sleep(self.rng.uniform(0, THINK))
        except LeftWaiting as error:
            self.failure = str(error)
        except Exception as error:  # any surprise is a finding: reported, not raised
            self.failure = f"client {self.number} failed at step {self.steps_done + 1}: {error!r}"

    async def _take(self, step: Step, patience: float) -> None:
        """Make the step's input once, then wait for the bot's answer."""
        seen = {m.message_id for m in self.bot_messages()}
        made = self._act(step)
        try:
            await self.emulator.wait_until(lambda: self._answered(step, seen), patience)
        except TimeoutError:
            missing = [w for w in step.expect if not self._answered_with(w, seen)]
            raise LeftWaiting(
                f"client {self.number} waited {patience:.0f} s in vain for an answer to "
                f"{made} (still missing: {missing})"
            ) from None

    async def _say_at_once(self, texts: list[str], patience: float) -> None:
        """Several messages without waiting in between (one types fast); then one answer
        each."""
        seen = {m.message_id for m in self.bot_messages()}
        made = [self._act(say(text)) for text in texts]

        def answered() -> bool:
            new = [m for m in self.bot_messages() if m.message_id not in seen]
            return sum(NOTED in shown(m) for m in new) >= len(texts)

        try:
            await self.emulator.wait_until(answered, patience)
        except TimeoutError:
            raise LeftWaiting(
                f"client {self.number} waited {patience:.0f} s in vain for the answers to "
                f"{', '.join(map(str, made))}"
            ) from None

    def _act(self, step: Step) -> Input:
        """Push the input to the bot's update queue, exactly once."""
        if step.kind == "say":
            sent = self.emulator.send_text(self.bot, self.user, step.value)
            update = self.bot.updates[-1]
            assert update["message"]["message_id"] == sent["message_id"]
        else:
            query_id = self.emulator.press(self.bot, self.user, step.value)
            update = self.bot.updates[-1]
            assert update["callback_query"]["id"] == query_id
        made = Input(int(update["update_id"]), self.number, step.action, time.monotonic())
        self.inputs.append(made)
        self.progress.add(made)
        return made

    def bot_messages(self) -> list[Message]:
        return [
            m for m in self.emulator.transcript(self.user.id) if m.sender_id == self.bot.user.id
        ]

    def _answered_with(self, words: str, seen: set[int]) -> bool:
        return any(words in shown(m) for m in self.bot_messages() if m.message_id not in seen)

    def _answered(self, step: Step, seen: set[int]) -> bool:
        return all(self._answered_with(words, seen) for words in step.expect)


# -- when to kill ------------------------------------------------------------------------


@dataclass(frozen=True)
class Kill:
    after_input: int  # the kill comes after the clients' n-th input overall (1-based) ...
    delay: float  # ... and this many seconds later

    @property
    def just_after_an_input(self) -> bool:
        return self.delay <= 0.060


def kill_plan(rng: random.Random, kills: int, clients: int, inputs_each: int) -> list[Kill]:
    """Kills spread over the first 60 % of the clients' inputs, never before their first
    ones, so that each catches work in flight and the clients still have inputs left after
    the restarts. The first kill comes 5-60 ms after an input, where a library that confirms
    an update before storing it loses it; the others come either as soon or later."""
    total = clients * inputs_each
    first, last = clients, max(clients + 1, int(total * 0.6))
    span = (last - first) / max(kills, 1)
    plan = []
    for k in range(kills):
        low = first + int(k * span)
        high = max(low + 1, first + int((k + 1) * span))
        just_after = k == 0 or rng.random() < 0.5
        delay = rng.uniform(0.005, 0.060) if just_after else rng.uniform(0.080, 0.400)
        plan.append(Kill(rng.randrange(low, high), round(delay, 3)))
    return plan


async def kill_and_restart(
    server: ReclamProcess, progress: Progress, plan: list[Kill], journal: list[str]
) -> None:
    """Carry out the plan: SIGKILL at each planned moment, then a new ``reclam run`` on the
    same database, serving before the next kill."""
    for number, kill in enumerate(plan, 1):
        # after a restart, the planned input may be long past: then the next one counts
        if not await progress.reach(max(kill.after_input, len(progress.inputs) + 1)):
            journal.append(f"only {number - 1} of {len(plan)} kills: the clients were done")
            return
        await asyncio.sleep(kill.delay)
        latest = progress.inputs[-1]
        since = (time.monotonic() - latest.at) * 1000
        await server.kill()
        sharp = ", just after an input" if kill.just_after_an_input else ""
        journal.append(
            f"kill {number}: SIGKILL {since:.0f} ms after {latest} "
            f"(planned: {kill.delay * 1000:.0f} ms after input #{kill.after_input}{sharp})"
        )
        started = time.monotonic()
        await server.start()
        await server.serving()
        took = time.monotonic() - started
        journal.append(f"  reclam run #{len(server.logs)} serves again {took:.1f} s later")


# -- what the database holds at the end ------------------------------------------------


@dataclass(frozen=True)
class FailedItem:
    """An outbox row the sender gave up on."""

    method: str
    payload: dict[str, Any]
    queued_at: datetime
    failed_at: datetime | None
    attempts: int
    error: str | None

    def explain(self, emulator: Emulator) -> str:
        """What happened, as far as the emulator can tell (a callback answer: was it a
        second answer to the same press, or a first one that came too late?)."""
        waited = (self.failed_at - self.queued_at).total_seconds() if self.failed_at else None
        why = f"an outbox {self.method} failed after {self.attempts} attempt(s): {self.error}"
        if self.method == "answer_callback":
            query = emulator.telegram.callbacks.get(str(self.payload.get("callback_id")), {})
            if "answer" in query:
                why += " - the press had been answered already: the answer was replayed"
            elif waited is not None:
                why += f" - its first answer, tried {waited:.1f} s after it was queued"
        return why


@dataclass
class Records:
    inbound: dict[int, tuple[object, str | None]]  # update_id -> (processed_at, error)
    complaints: list[tuple[int, str, str]]  # (client's telegram id, reference, description)
    outbox: dict[str, int]  # status -> rows
    failed_outbox: list[FailedItem]


async def read_records(url: str) -> Records:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            inbound = {
                int(update_id): (processed_at, error)
                for update_id, processed_at, error in await connection.execute(
                    select(
                        inbound_updates.c.update_id,
                        inbound_updates.c.processed_at,
                        inbound_updates.c.error,
                    )
                )
            }
            filed = [
                (int(telegram_id), str(reference), str(description))
                for telegram_id, reference, description in await connection.execute(
                    select(
                        clients.c.chat_user_id, complaints.c.reference, complaints.c.description
                    )
                    .join_from(complaints, clients, complaints.c.client_id == clients.c.id)
                    .order_by(complaints.c.reference)
                )
            ]
            statuses = {
                str(status): int(count)
                for status, count in await connection.execute(
                    select(outbox.c.status, func.count()).group_by(outbox.c.status)
                )
            }
            failed = [
                FailedItem(
                    str(row.method),
                    dict(row.payload),
                    row.created_at,
                    row.sent_at,
                    int(row.attempts),
                    row.error,
                )
                for row in await connection.execute(
                    select(outbox).where(outbox.c.status == "failed").order_by(outbox.c.id)
                )
            ]
    finally:
        await engine.dispose()
    return Records(inbound, filed, statuses, failed)
