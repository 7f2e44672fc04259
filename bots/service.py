"""Run the bot: our poller fetches raw updates through an adapter's library and stores
them before confirming them, the engine processes each update, the sender drains the
outbox. The same on aiogram and on python-telegram-bot."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal

from bots.polling import Poller
from bots.shared_calls import SharedCalls as BotAdapter
from bots.telegram.commands import menus
from bots.telegram.delivery.bot_api import BotApi
from bots.telegram.delivery.evidence import EvidenceKeeper
from bots.telegram.delivery.failures import DeliveryFailures
from bots.telegram.delivery.leading import Leader, send_while_leading
from bots.telegram.delivery.limiter import RateLimiter, RateLimits
from bots.telegram.delivery.sender import OutboxSender
from bots.telegram.delivery.unreachable import UnreachableChats
from bots.telegram.dialogue.engine import Engine
from bots.telegram.links import TelegramLinks
from bots.telegram.scheduling.handlers import WorkHandlers
from bots.telegram.staff.chats import manager_chats
from bots.telegram.store.store import staff_group
from core.outbox import EMAIL, Transport
from core.scheduling.clockwork import start_ticking
from core.scheduling.planner import planner_for
from core.scheduling.ticker import Ticker
from core.usecases.common import Deps

log = logging.getLogger(__name__)
Framework = Literal["aiogram", "ptb"]


@dataclass(frozen=True)
class ServeOptions:
    """How the bot delivers: flood limits, the other channels' transports (email), the
    staff's language."""

    limits: RateLimits = field(default_factory=RateLimits)
    transports: Mapping[str, Transport] = field(default_factory=dict)
    language: str = "fr"
    tick_seconds: float | None = 5.0  # None: nobody ticks (tests tick by hand)
    webhook: tuple[str, str] | None = None  # (public URL, secret): Telegram POSTs updates
    #: several replicas: the lock whose holder alone drains the outbox (None: this process
    #: is the only one, and sends)
    outbox_leader: Leader | None = None
    #: every so many seconds, take up the updates stored that long ago and still
    #: unprocessed (their replica died); None: never
    sweep_seconds: float | None = 5.0


@dataclass
class Running:
    engine: Engine
    sender: OutboxSender
    username: str
    ticker: Ticker
    api: BotAdapter
    tasks: tuple[asyncio.Task[None], ...] = ()

    def alive(self) -> bool:
        """Whether the polling and sending loops still run (they end only when stopped)."""
        return not any(task.done() for task in self.tasks)


@asynccontextmanager
async def ticking(
    deps: Deps, sender: OutboxSender, staff_chat_id: int | None, options: ServeOptions
) -> AsyncIterator[Ticker]:
    """The scheduler's ticker for this process (APScheduler, in memory)."""
    periodic = planner_for(deps.profile).periodic
    ticker = Ticker(deps, WorkHandlers(staff_chat_id, options.language), periodic=periodic)
    if options.tick_seconds is None:
        yield ticker
        return
    scheduler = start_ticking(ticker, options.tick_seconds, sender.wake)
    try:
        yield ticker
    finally:
        scheduler.shutdown(wait=False)


def make_sender(
    deps: Deps, api: BotApi, staff_chat_id: int | None, options: ServeOptions
) -> OutboxSender:
    unreachable = UnreachableChats(
        deps.profile, staff_chat_id, options.language, EMAIL in options.transports
    )
    limiter = RateLimiter(options.limits)
    evidence = EvidenceKeeper(deps.profile, staff_chat_id, options.language)
    failures = DeliveryFailures(evidence)
    return OutboxSender(deps, api, limiter, options.transports, unreachable, failures)


@asynccontextmanager
async def running_bot(
    deps: Deps,
    framework: Framework,
    token: str,
    api_url: str,
    staff_chat_id: int | None = None,
    options: ServeOptions | None = None,
) -> AsyncIterator[Running]:
    opener = _aiogram if framework == "aiogram" else _ptb
    options = options or ServeOptions()
    async with opener(token, api_url) as (api, username):
        if isinstance(deps.links, TelegramLinks):
            deps.links.username = username  # personal links now point to this bot
        async with deps.uow() as uow:
            managers = await manager_chats(uow)
            group = await staff_group(uow, staff_chat_id)  # bound with /setup, or overridden
        await api.set_commands(menus(group, managers))
        sender = make_sender(deps, api, staff_chat_id, options)
        engine = Engine(deps, username, sender.wake, staff_chat_id, options.language)
        await engine.recover()
        poller = Poller(api, engine)
        if options.webhook is None:  # polling: Telegram refuses getUpdates while a webhook is set
            await api.delete_webhook()
        else:
            await api.set_webhook(*options.webhook)
        leader = options.outbox_leader
        sending = asyncio.create_task(send_while_leading(sender, leader))
        loops: tuple[asyncio.Task[None], ...] = (sending,)
        if options.webhook is None:
            loops += (asyncio.create_task(poller.run()),)
        sweeper = asyncio.create_task(sweeping(engine, options.sweep_seconds))
        try:
            async with ticking(deps, sender, staff_chat_id, options) as ticker:
                yield Running(engine, sender, username, ticker, api, loops)
        finally:
            poller.stop()
            sweeper.cancel()
            await asyncio.gather(*loops[1:])
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
            await _stop_sending(sender, sending, leader)


async def sweeping(engine: Engine, every: float | None) -> None:
    """Take up, every ``every`` seconds, the updates stored at least that long ago and
    still unprocessed: another replica stored them, answered Telegram, and died."""
    if every is None:
        return
    while True:
        await asyncio.sleep(every)
        try:
            await engine.sweep(timedelta(seconds=every))
        except Exception:  # the database is away: the next round tries again
            log.warning("the stored updates could not be swept", exc_info=True)


async def _stop_sending(
    sender: OutboxSender, sending: asyncio.Task[None], leader: Leader | None
) -> None:
    """Let the sender finish and record its round, then deliver what is left, briefly
    (only the replica that sends: the others leave the outbox to it)."""
    sender.stop()
    try:
        await asyncio.wait_for(sending, 30)
    except TimeoutError:
        log.warning("the sender did not stop in time; unrecorded messages may be resent")
        return
    if leader is not None and not leader.held:
        return
    with contextlib.suppress(Exception):
        await asyncio.wait_for(sender.drain(), 10)
    if leader is not None:
        await leader.release()


class BotRefused(Exception):
    """Telegram refuses the bot's token (401): a setup mistake."""


class TelegramUnreachable(Exception):
    """No answer from the Bot API at start: the network, or a wrong API address."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


@asynccontextmanager
async def _aiogram(token: str, api_url: str) -> AsyncIterator[tuple[BotAdapter, str]]:
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

    from bots.aiogram.adapter import AiogramBotApi, make_bot

    bot = make_bot(token, api_url)
    try:
        try:
            me = await bot.get_me()
        except TelegramUnauthorizedError as error:
            raise BotRefused() from error
        except TelegramNetworkError as error:
            raise TelegramUnreachable(api_url) from error
        yield AiogramBotApi(bot), me.username or ""
    finally:
        await bot.session.close()


@asynccontextmanager
async def _ptb(token: str, api_url: str) -> AsyncIterator[tuple[BotAdapter, str]]:
    from telegram.request import HTTPXRequest

    from bots.ptb.adapter import PtbBotApi, make_bot

    polling = HTTPXRequest(connect_timeout=5.0)
    async with _ptb_started(make_bot(token, api_url, polling=polling), api_url) as bot:
        yield PtbBotApi(bot, polling), bot.username


@asynccontextmanager
async def _ptb_started(bot: Any, api_url: str) -> AsyncIterator[Any]:
    """PTB's bot, started (its getMe), with a refused token or no Telegram told apart."""
    from telegram.error import InvalidToken, NetworkError

    try:
        await bot.initialize()
    except InvalidToken as error:
        raise BotRefused() from error
    except NetworkError as error:
        raise TelegramUnreachable(api_url) from error
    try:
        yield bot
    finally:
        await bot.shutdown()
