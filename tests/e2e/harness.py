"""A whole Reclam on loopback: the emulator, a SQLite database, the bot on a framework,
and helpers that play the client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.emulator.people import Emulator
from bots.emulator.session import ChatSession
from bots.emulator.world import BotState, Chat, User
from bots.service import Framework, Running, ServeOptions, running_bot
from bots.telegram.delivery.evidence import EvidenceKeeper
from bots.telegram.delivery.limiter import RateLimits
from bots.telegram.delivery.notices import ClientNotices
from bots.telegram.identity import account
from bots.telegram.links import TelegramLinks
from bots.telegram.staff.desk import StaffDesk
from bots.telegram.staff.survey_alerts import LowScoreAlerts
from bots.telegram.store.erasure import erase_telegram_copies
from core.clock import FrozenClock, SystemClock
from core.domain.complaint import Complaint
from core.domain.enums import Role
from core.domain.journal import Actor, JournalEvent
from core.outbox import EMAIL, Transport
from core.persistence.file_storage import FileStorage
from core.persistence.tables import outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.scheduling.planner import WorkPlanner
from core.usecases.add_staff_member import AddStaffMember, add_staff_member
from core.usecases.common import Deps
from core.usecases.ports import Mailer
from mail.transport import MailTransport
from tests.databases import migrated_engine
from tests.school import demo_profile

STAFF = (
    (101, "Claire Martin", Role.MANAGER),
    (102, "Sami Benali", Role.AGENT),
    (103, "Marc Petit", Role.INSTRUCTOR),
    (104, "Julie Roux", Role.INSTRUCTOR),
    (105, "Nadia Ferhat", Role.MANAGER),
)


@dataclass
class Reclam:
    framework: Framework
    emulator: Emulator
    bot: BotState
    deps: Deps
    uow: SqlUnitOfWorkFactory
    staff_group: Chat
    running: Running | None = None
    override: int | None = None  # RECLAM_STAFF_CHAT_ID (None: the group bound with /setup)
    options: ServeOptions = field(
        default_factory=lambda: ServeOptions(RateLimits.relaxed(), tick_seconds=None)
    )
    stack: AsyncExitStack = field(default_factory=AsyncExitStack)

    async def start(self) -> None:
        self.running = await self.stack.enter_async_context(
            running_bot(
                self.deps,
                self.framework,
                self.bot.token,
                self.emulator.base_url,
                self.override,
                self.options,
            )
        )

    async def restart(self) -> None:
        """Stop the bot process and start a new one on the same database."""
        await self.stack.aclose()
        self.stack = AsyncExitStack()
        await self.start()

    @property
    def clock(self) -> FrozenClock:
        """The clock the bot reads: tests move it to reach deadlines."""
        assert isinstance(self.deps.clock, FrozenClock)
        return self.deps.clock

    def chat(self, user: User) -> ChatSession:
        return ChatSession(self.emulator, self.bot, user)

    def texts(self, user: User) -> list[str]:
        return self.chat(user).texts()

    async def say(self, user: User, text: str, expect: int = 1) -> list[str]:
        """The user writes; return the bot's ``expect`` new messages in that chat."""
        return await self.chat(user).say(text, expect)

    async def press(self, user: User, label: str, expect: int = 1) -> list[str]:
        return await self.chat(user).press(label, expect)

    async def send_file(
        self, user: User, name: str, kind: str, content: bytes = b"demo bytes"
    ) -> list[str]:
        return await self.chat(user).send_file(name, kind, content=content)

    async def new_messages(self, user: User, before: int, expect: int) -> list[str]:
        texts = await self.emulator.replies(self.bot, user.id, before + expect)
        return texts[before:]

    def buttons(self, user: User) -> list[str]:
        return self.chat(user).buttons()

    async def complaints_of(self, user: User) -> list[Complaint]:
        async with self.uow() as uow:
            client = await uow.clients.by_chat(account(user.id))
            return await uow.complaints.of_client(client.id) if client and client.id else []

    async def eventually_journal(
        self, reference: str, kind: str, within: float = 10.0
    ) -> list[JournalEvent]:
        """The complaint's journal once it holds an event of ``kind``."""
        for _ in range(int(within / 0.05)):
            async with self.uow() as uow:
                journal = await uow.complaints.journal(reference)
            if any(e.kind.value == kind for e in journal):
                return journal
            await asyncio.sleep(0.05)
        raise AssertionError(f"no {kind} in the journal of {reference}")

    async def outbox_statuses(self) -> set[str]:
        async with self.uow() as uow:
            return set((await uow.session.scalars(select(outbox.c.status))).all())

    async def settled(self, within: float = 10.0) -> set[str]:
        """The outbox's statuses once nothing is pending any more."""
        for _ in range(int(within / 0.05)):
            statuses = await self.outbox_statuses()
            if not statuses & {"pending", "sending"}:
                return statuses
            await asyncio.sleep(0.05)
        return await self.outbox_statuses()


@asynccontextmanager
async def reclam(
    framework: Framework,
    folder: Path,
    database: str = "sqlite",
    forum: bool = True,
    auto_acknowledge: bool = False,
    mailer: Mailer | None = None,
    failures_expected: bool = False,
    files_dir: Path | None = None,
    unbound: bool = False,
) -> AsyncIterator[Reclam]:
    """Most scenarios acknowledge explicitly; ``auto_acknowledge`` is the product default.
    With ``failures_expected`` the scenario itself checks the undeliverable messages;
    ``files_dir``: the clients' files are kept there (else in the database). Most
    scenarios name the staff group with RECLAM_STAFF_CHAT_ID; ``unbound``: no such
    setting, and the bot is not in the group yet (a manager binds it with /setup)."""
    storage = FileStorage(files_dir)
    async with (
        migrated_engine(database, folder) as engine,
        _reclam(
            framework,
            engine,
            forum,
            auto_acknowledge,
            mailer,
            failures_expected,
            storage,
            unbound,
        ) as running,
    ):
        yield running


@asynccontextmanager
async def _reclam(
    framework: Framework,
    engine: AsyncEngine,
    forum: bool,
    auto_acknowledge: bool,
    mailer: Mailer | None,
    failures_expected: bool,
    storage: FileStorage,
    unbound: bool = False,
) -> AsyncIterator[Reclam]:
    async with Emulator() as emulator:
        bot = emulator.bot()
        members = [emulator.user(telegram_id, name) for telegram_id, name, _ in STAFF]
        title = "Équipe — réclamations"
        if unbound:
            group = emulator.new_group(title, members, forum=forum)
        else:
            group = emulator.group(title, bot, members, forum=forum)
        override = None if unbound else group.id
        profile = demo_profile()
        if not auto_acknowledge:
            profile = replace(
                profile, deadlines=replace(profile.deadlines, auto_acknowledge=False)
            )
        links = TelegramLinks()  # the bot fills in its username when it starts
        listeners = [
            ClientNotices(profile, mailer is not None, override, links=links),
            StaffDesk(profile, override),
            EvidenceKeeper(profile, override),
            LowScoreAlerts(profile, override),
            WorkPlanner(profile),
        ]
        uow = SqlUnitOfWorkFactory(engine, listeners, [erase_telegram_copies], storage)
        deps = Deps(uow, FrozenClock(SystemClock().now()), profile, links)
        for telegram_id, name, role in STAFF:
            await add_staff_member(
                deps, Actor.system(), AddStaffMember(account(telegram_id), name, role)
            )
        r = Reclam(framework, emulator, bot, deps, uow, group, override=override)
        others: dict[str, Transport] = {EMAIL: MailTransport(uow, mailer)} if mailer else {}
        r.options = ServeOptions(RateLimits.relaxed(), others, tick_seconds=None)
        await r.start()
        try:
            yield r
            # every message the bot sent passed the emulator's strict validation
            if not failures_expected:
                assert await r.settled() <= {"sent"}, "an outgoing call was refused"
                assert emulator.invalid_calls() == [], "Telegram would refuse these calls"
        finally:
            await r.stack.aclose()
