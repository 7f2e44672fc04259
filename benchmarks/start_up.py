"""What the bot's process loads at start: import time and resident memory of a fresh
interpreter that imports the modules `reclam run` needs, against the same interpreter that
also imports the report writers (as start-up did before they were loaded on demand).

Rounds are interleaved (lazy, eager, lazy, eager…) so that a busy machine slows both.

    .venv/bin/python -m benchmarks.start_up [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

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


def measure(modules: tuple[str, ...]) -> dict[str, float]:
    code = SCRIPT.format(imports="\n".join(f"import {m}" for m in modules))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(done.stdout)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
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


if __name__ == "__main__":
    main()
