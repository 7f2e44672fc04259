"""A whole Reclam on loopback: the emulator, a SQLite database, the bot on a framework,
and helpers that play the client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bots.emulator.people import Emulator
from bots.emulator.world import BotState, User
from bots.service import Framework, Running, running_bot
from core.clock import SystemClock
from core.domain.enums import Role
from core.domain.journal import Actor
from core.persistence.engine import create_engine
from core.persistence.migrate import upgrade
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.usecases.add_staff_member import AddStaffMember, add_staff_member
from core.usecases.common import Deps
from tests.school import demo_profile


@dataclass
class Reclam:
    emulator: Emulator
    bot: BotState
    deps: Deps
    running: Running

    async def say(self, user: User, text: str, expect: int = 1) -> list[str]:
        """The user writes; return the bot's new messages in that chat."""
        before = len(self.emulator.bot_texts(self.bot, user.id))
        self.emulator.send_text(self.bot, user, text)
        return await self.new_messages(user, before, expect)

    async def press(self, user: User, label: str, expect: int = 1) -> list[str]:
        before = len(self.emulator.bot_texts(self.bot, user.id))
        query = self.emulator.press(self.bot, user, label)
        await self.emulator.wait_until(lambda: self.emulator.answer_to(query) is not None)
        return await self.new_messages(user, before, expect)

    async def send_file(self, user: User, name: str, kind: str = "photo") -> list[str]:
        before = len(self.emulator.bot_texts(self.bot, user.id))
        self.emulator.send_file(self.bot, user, b"\x89PNG fake", name, kind)
        return await self.new_messages(user, before, 1)

    async def new_messages(self, user: User, before: int, expect: int) -> list[str]:
        texts = await self.emulator.replies(self.bot, user.id, before + expect)
        return texts[before:]

    def buttons(self, user: User) -> list[str]:
        """The labels of the buttons on the bot's latest message in the chat."""
        mine = [m for m in self.emulator.transcript(user.id) if m.sender_id == self.bot.user.id]
        return [b["text"] for b in mine[-1].buttons] if mine else []


@asynccontextmanager
async def reclam(framework: Framework, folder: Path) -> AsyncIterator[Reclam]:
    engine = create_engine(f"sqlite+aiosqlite:///{folder / 'reclam.db'}")
    await upgrade(engine)
    deps = Deps(SqlUnitOfWorkFactory(engine), SystemClock(), demo_profile())
    for telegram_id, name, role in (
        (101, "Claire Martin", Role.MANAGER),
        (103, "Marc Petit", Role.INSTRUCTOR),
        (104, "Julie Roux", Role.INSTRUCTOR),
    ):
        await add_staff_member(deps, Actor.system(), AddStaffMember(telegram_id, name, role))
    async with Emulator() as emulator:
        bot = emulator.bot()
        async with running_bot(deps, framework, bot.token, emulator.base_url) as running:
            yield Reclam(emulator, bot, deps, running)
    await engine.dispose()
