"""The composition root: settings in, a ready-to-use application out."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.telegram.delivery.evidence import EvidenceKeeper
from bots.telegram.delivery.limiter import RateLimits
from bots.telegram.delivery.notices import ClientNotices
from bots.telegram.links import TelegramLinks
from bots.telegram.staff.desk import StaffDesk
from bots.telegram.staff.survey_alerts import LowScoreAlerts
from bots.telegram.store.erasure import erase_telegram_copies
from core.clock import Clock, SystemClock
from core.domain.profile import SchoolProfile
from core.outbox import EMAIL, Transport
from core.persistence.engine import create_engine, normalise_url
from core.persistence.file_storage import FileStorage
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.profile import load_profile
from core.scheduling.planner import WorkPlanner
from core.usecases.common import Deps
from core.usecases.ports import CommitListener, Mailer
from mail.smtp import SmtpMailer, SmtpSettings
from mail.transport import MailTransport
from reclam.migrate import upgrade
from reclam.settings import Settings


@dataclass
class App:
    deps: Deps
    engine: AsyncEngine

    async def close(self) -> None:
        await self.engine.dispose()


def check_sqlite_folder(url: str) -> None:
    """A SQLite file needs a folder that exists and that Reclam may write in (told before
    SQLite is asked, so that the school reads why)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return
    if parsed.database == ":memory:":
        return
    folder = Path(parsed.database).resolve().parent
    if not folder.is_dir():
        raise OSError(errno.ENOENT, f"no folder {folder}")
    if not os.access(folder, os.W_OK):
        raise OSError(errno.EACCES, f"cannot write in {folder}")


class FilesFolderUnusable(Exception):
    """RECLAM_FILES_DIR cannot be created or written in (told before any file comes)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder


def check_files_folder(folder: Path | None) -> None:
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FilesFolderUnusable(folder) from error
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FilesFolderUnusable(folder)


async def bootstrap(
    settings: Settings,
    clock: Clock | None = None,
    profile: SchoolProfile | None = None,
    migrate: bool = True,
) -> App:
    """Load the profile (refusing one without a mediator), open and upgrade the database."""
    profile = profile or load_profile(settings.profile)
    check_sqlite_folder(settings.database_url)
    check_files_folder(settings.files_dir)
    engine = create_engine(settings.database_url)
    if migrate:
        try:
            await upgrade(engine)
        except BaseException:
            await engine.dispose()  # no connection left behind for the loop to close
            raise
    links = TelegramLinks()  # the bot's username is learnt when it starts (getMe)
    listeners: list[CommitListener] = [
        ClientNotices(
            profile,
            email_enabled=settings.smtp_host is not None,
            staff_chat_id=settings.staff_chat_id,
            staff_language=settings.language,
            links=links,
        ),
        StaffDesk(profile, settings.staff_chat_id, settings.language),
        EvidenceKeeper(profile, settings.staff_chat_id, settings.language),
        LowScoreAlerts(profile, settings.staff_chat_id, settings.language),
        WorkPlanner(profile),
    ]
    storage = FileStorage(settings.files_dir)
    uow = SqlUnitOfWorkFactory(engine, listeners, [erase_telegram_copies], storage)
    deps = Deps(uow, clock or SystemClock(), profile, links)
    return App(deps, engine)


def mailer(settings: Settings, profile: SchoolProfile) -> Mailer | None:
    if settings.smtp_host is None:
        return None
    return SmtpMailer(
        SmtpSettings(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_sender or profile.email,
            settings.smtp_username,
            settings.smtp_password,
            settings.smtp_starttls,
        )
    )


def rate_limits(settings: Settings) -> RateLimits:
    return RateLimits(
        settings.rate_per_second,
        settings.rate_chat_interval,
        settings.rate_chat_burst,
        settings.rate_group_per_minute,
    )


def transports(settings: Settings, deps: Deps) -> dict[str, Transport]:
    """The channels that deliver beside Telegram: email, when a mail server is set."""
    found = mailer(settings, deps.profile)
    return {EMAIL: MailTransport(deps.uow, found)} if found is not None else {}
