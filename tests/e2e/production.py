"""``reclam run`` as a production process for the tests: its own environment, standard
output and standard error in separate files, an HTTP port of its own."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bots.emulator.people import Emulator
from bots.emulator.world import BotState
from core.profile import DEMO
from tests.chaos.rig import SERVING, Client, Progress

RECLAM = str(Path(sys.executable).with_name("reclam"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def base_env(
    emulator: Emulator, bot: BotState, staff_chat: int, database_url: str
) -> dict[str, str]:
    return os.environ | {
        "RECLAM_BOT_TOKEN": bot.token,
        "RECLAM_TELEGRAM_API_URL": emulator.base_url,
        "RECLAM_STAFF_CHAT_ID": str(staff_chat),
        "RECLAM_DATABASE_URL": database_url,
        "RECLAM_PROFILE": str(DEMO),
        "RECLAM_LANGUAGE": "fr",
        "RECLAM_SMTP_HOST": "",
        "RECLAM_RATE_PER_SECOND": "10000",
        "RECLAM_RATE_CHAT_INTERVAL": "0",
        "RECLAM_RATE_CHAT_BURST": "10000",
        "RECLAM_RATE_GROUP_PER_MINUTE": "1000000",
        "PYTHONUNBUFFERED": "1",
    }


@dataclass
class Served:
    process: asyncio.subprocess.Process
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text(errors="replace")

    def log(self) -> str:
        return self.stderr.read_text(errors="replace")

    async def wait_serving(self, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        while SERVING not in self.output():
            if self.process.returncode is not None or time.monotonic() > deadline:
                raise AssertionError(
                    f"reclam run did not serve (exit {self.process.returncode}):\n"
                    f"{self.output()}\n{self.log()[-4000:]}"
                )
            await asyncio.sleep(0.05)

    async def terminate(self, within: float = 30.0) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), within)


@asynccontextmanager
async def reclam_run(
    env: dict[str, str], folder: Path, name: str = "reclam", wait: bool = True
) -> AsyncIterator[Served]:
    """Start ``reclam run``; wait until it serves (unless told not to); SIGKILL it on the
    way out if it still runs."""
    stdout, stderr = folder / f"{name}.out", folder / f"{name}.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = await asyncio.create_subprocess_exec(
            RECLAM, "run", env=env, cwd=folder, stdout=out, stderr=err
        )
    served = Served(process, stdout, stderr)
    try:
        if wait:
            await served.wait_serving()
        yield served
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def clients(emulator: Emulator, bot: BotState, count: int, first: int = 7000) -> list[Client]:
    progress = Progress()
    return [
        Client(
            number,
            emulator.user(first + number, f"Client{number}", "Prod"),
            emulator,
            bot,
            progress,
            random.Random(number),
        )
        for number in range(1, count + 1)
    ]
