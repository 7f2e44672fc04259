"""The bot's footprint: how long ``reclam run`` takes from the process's start to its first
answered ``/start``, and its resident memory once idle, on both frameworks; then what the
interpreter loads (the modules ``reclam run`` needs, against the same modules plus the
report writers, as start-up did before they were loaded on demand).

Each round starts a real ``reclam run`` process against the emulator (in this process) on
a SQLite file migrated by an unmeasured first run. The client's ``/start`` is sent at the
moment the process is spawned, so the time covers the interpreter, the imports, the
start checks, the database, the ``getMe`` and the first poll. The idle RSS is read from
``/proc`` a few seconds after the answer; the CPU time the process used until the answer
is given beside the wall time, as a busy machine inflates only the latter. Rounds are
interleaved (aiogram, PTB, aiogram…) so that a busy machine slows both.

    .venv/bin/python -m benchmarks.start_up [--rounds 5] [--idle 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bots.emulator.people import Emulator
from bots.emulator.session import ChatSession
from tests.e2e.production import base_env, reclam_run

FRAMEWORKS = ("aiogram", "ptb")
TOKENS = {"aiogram": "100000001:AIOGRAM-BENCH", "ptb": "100000002:PTB-BENCH"}
COMMON = (
    "reclam.cli",
    "reclam.serving",
    "bots.service",
    "bots.telegram.dialogue.engine",
    "bots.telegram.staff.intake",
)
#: a process runs one framework
BOTS = {"aiogram": (*COMMON, "bots.aiogram.adapter"), "ptb": (*COMMON, "bots.ptb.adapter")}
WRITERS = ("core.reports.exports", "core.reports.pack_files", "core.documents.letter")
SCRIPT = """
import json, resource, time
started = time.perf_counter()
{imports}
seconds = time.perf_counter() - started
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "rss_mb": rss_mb}}))
"""


def cpu_seconds(pid: int) -> float:
    """The CPU time the process used so far (user and system): what a busy machine does
    not inflate, unlike the wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """The process's resident set now (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError(pid)


async def one_start(
    emulator: Emulator, framework: str, folder: Path, user_id: int, idle: float
) -> dict[str, float]:
    """One ``reclam run``: seconds to the first answered /start, then the idle RSS."""
    bot = emulator.bot(TOKENS[framework], f"{framework}_bot")  # one bot, one database each
    env = base_env(emulator, bot, -100123, f"sqlite:///{folder / (framework + '.db')}")
    env |= {"RECLAM_FRAMEWORK": framework}
    chat = ChatSession(emulator, bot, emulator.user(user_id, "Léa"))
    started = time.perf_counter()
    async with reclam_run(env, folder, f"{framework}-{user_id}", wait=False) as served:
        emulator.send_text(bot, chat.user, "/start")
        await emulator.wait_until(lambda: bool(chat.bot_messages()), within=120)
        answered = time.perf_counter() - started
        cpu = cpu_seconds(served.process.pid)
        await asyncio.sleep(idle)
        memory = rss_mb(served.process.pid)
        await served.terminate()
    return {"seconds": answered, "cpu": cpu, "rss_mb": memory}


async def footprint(rounds: int, idle: float) -> dict[str, list[dict[str, float]]]:
    """One emulator throughout: its update ids go on growing, as Telegram's do."""
    found: dict[str, list[dict[str, float]]] = {f: [] for f in FRAMEWORKS}
    with tempfile.TemporaryDirectory() as folder:
        async with Emulator() as emulator:
            for framework in FRAMEWORKS:  # unmeasured: migrates the database, warms the cache
                await one_start(emulator, framework, Path(folder), 500, 0)
            for number in range(rounds):
                for framework in FRAMEWORKS:
                    run = await one_start(emulator, framework, Path(folder), 501 + number, idle)
                    found[framework].append(run)
    return found


def print_footprint(found: dict[str, list[dict[str, float]]]) -> None:
    print("| framework | start to first answered /start, s | its CPU time, s |", end="")
    print(" idle RSS MB | aims |")
    print("|---|---|---|---|---|")
    for framework, runs in found.items():
        cells = [_spread([r[key] for r in runs], digits) for key, digits in FOOTPRINT]
        print(f"| {framework} | " + " | ".join(cells) + " | ≤ 2 s, ≤ 150 MB |")


FOOTPRINT = (("seconds", 2), ("cpu", 2), ("rss_mb", 0))


def _spread(values: list[float], digits: int) -> str:
    """The median (min–max)."""
    low, middle, high = min(values), statistics.median(values), max(values)
    return f"{middle:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def measure(modules: tuple[str, ...]) -> dict[str, float]:
    code = SCRIPT.format(imports="\n".join(f"import {m}" for m in modules))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(done.stdout)
    return found


def imports(rounds: int) -> None:
    print("| framework | start-up | import s (median) | spread | peak RSS MB (median) | spread |")
    print("|---|---|---|---|---|---|")
    for framework, bot in BOTS.items():
        lazy: list[dict[str, float]] = []
        eager: list[dict[str, float]] = []
        for _ in range(rounds):
            lazy.append(measure(bot))
            eager.append(measure(bot + WRITERS))
        report(framework, lazy, eager)


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def report(framework: str, lazy: list[dict[str, float]], eager: list[dict[str, float]]) -> None:
    for name, runs in (("writers on demand (now)", lazy), ("writers at start", eager)):
        seconds = [r["seconds"] for r in runs]
        rss = [r["rss_mb"] for r in runs]
        print(
            f"| {framework} | {name} | {statistics.median(seconds):.2f} | {min(seconds):.2f}–"
            f"{max(seconds):.2f} | {statistics.median(rss):.0f} | {min(rss):.0f}–{max(rss):.0f} |"
        )
    ratio_s = _median(lazy, "seconds") / _median(eager, "seconds")
    ratio_m = _median(lazy, "rss_mb") / _median(eager, "rss_mb")
    print(f"| {framework} | **ratio now / before** | **{ratio_s:.2f}** | | **{ratio_m:.2f}** | |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds idle before the RSS")
    parser.add_argument("--no-imports", action="store_true", help="only the real processes")
    args = parser.parse_args()
    print_footprint(asyncio.run(footprint(args.rounds, args.idle)))
    if not args.no_imports:
        print()
        imports(args.rounds)


if __name__ == "__main__":
    main()
