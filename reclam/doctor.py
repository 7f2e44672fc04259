"""``reclam doctor``: every check ``reclam run`` needs, one line each (✔, or ✖ and how to
fix it), in the school's language; exit code 0 only when everything is right."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp
import aiosmtplib
from sqlalchemy.ext.asyncio import AsyncSession

from bots.telegram.store.staff_groups import SqlStaffGroups
from core.domain.errors import DomainError
from core.i18n import Translator
from core.persistence.engine import create_engine
from core.profile import load_profile
from reclam.bootstrap import check_sqlite_folder
from reclam.migrate import current_revision, head_revision
from reclam.settings import Settings
from reclam.setup_errors import telegram_unreachable, token_refused


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str

    def line(self) -> str:
        return ("✔ " if self.ok else "✖ ") + self.text


class BotApiCalls:
    """The few Bot API calls the doctor makes, over plain HTTP (no framework needed)."""

    def __init__(self, session: aiohttp.ClientSession, settings: Settings) -> None:
        self.session, self.settings = session, settings

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        url = f"{self.settings.telegram_api_url}/bot{self.settings.bot_token}/{method}"
        async with self.session.post(url, json=params) as response:
            found: dict[str, Any] = await response.json(content_type=None)
            return found


def profile_check(settings: Settings, tr: Translator) -> Check:
    try:
        profile = load_profile(settings.profile)
    except DomainError as error:
        return Check(False, tr.error(error))
    return Check(True, tr.gettext("School profile: {name}", name=profile.name))


async def database_check(settings: Settings, tr: Translator, upgrading: bool = False) -> Check:
    """Reachable and up to date (``upgrading``: reclam run brings it up to date itself)."""
    try:
        check_sqlite_folder(settings.database_url)
        engine = create_engine(settings.database_url)
        try:
            revision = await current_revision(engine)
        finally:
            await engine.dispose()
    except Exception as error:  # noqa: BLE001  (any reason is told, in one line)
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:120]
        text = tr.gettext(
            "Database out of reach ({reason}): check RECLAM_DATABASE_URL.", reason=reason
        )
        return Check(False, text)
    if revision != head_revision() and not upgrading:
        return Check(False, tr.gettext("Database not up to date: run “reclam db upgrade”."))
    return Check(True, tr.gettext("Database reachable and up to date"))


async def telegram_checks(settings: Settings, tr: Translator) -> list[Check]:
    if not settings.bot_token:
        return [
            Check(False, tr.gettext("RECLAM_BOT_TOKEN is missing: the token from @BotFather."))
        ]
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
            api = BotApiCalls(session, settings)
            me = await api.call("getMe")
            if not me.get("ok"):
                return [Check(False, token_refused(tr))]
            bot = me["result"]
            found = [Check(True, tr.gettext("Bot @{name}", name=bot.get("username", "")))]
            return found + await group_checks(api, int(bot["id"]), settings, tr)
    except (aiohttp.ClientError, TimeoutError):
        return [Check(False, telegram_unreachable(tr, settings.telegram_api_url))]


async def bound_group(settings: Settings) -> int | None:
    """The group a manager bound with /setup, if the database can tell (its own check
    says why it cannot)."""
    try:
        engine = create_engine(settings.database_url)
        try:
            async with AsyncSession(engine) as session:
                return await SqlStaffGroups(session).bound()
        finally:
            await engine.dispose()
    except Exception:  # noqa: BLE001  (out of reach, or not migrated yet)
        return None


async def group_checks(
    api: BotApiCalls, bot_id: int, settings: Settings, tr: Translator
) -> list[Check]:
    """The staff group: RECLAM_STAFF_CHAT_ID when set, else the group bound with /setup."""
    group = settings.staff_chat_id or await bound_group(settings)
    if group is None:
        text = tr.gettext(
            "No staff group yet: add the bot to the staff group, make it an administrator, "
            "then a manager sends /setup there."
        )
        return [Check(False, text)]
    chat = await api.call("getChat", chat_id=group)
    if not chat.get("ok"):
        text = tr.gettext(
            "The staff group {id} is unknown to the bot: add the bot to the group, then "
            "send /setup there (or correct RECLAM_STAFF_CHAT_ID).",
            id=group,
        )
        return [Check(False, text)]
    info = chat["result"]
    member = (await api.call("getChatMember", chat_id=group, user_id=bot_id)).get("result", {})
    return rights_checks(info, member, tr, bound=settings.staff_chat_id is None)


def rights_checks(
    info: dict[str, Any], member: dict[str, Any], tr: Translator, bound: bool = False
) -> list[Check]:
    """``bound``: the group was bound with /setup (not named by RECLAM_STAFF_CHAT_ID)."""
    title = str(info.get("title", ""))
    if bound:
        named = tr.gettext("Staff group: {title}, bound with /setup", title=title)
    else:
        named = tr.gettext("Staff group: {title}", title=title)
    found = [Check(True, named)]
    if info.get("type") != "supergroup":
        text = tr.gettext(
            "The staff group is not a supergroup: turn on its topics (or make it public "
            "once) so that Telegram upgrades it."
        )
        found.append(Check(False, text))
    if member.get("status") not in ("administrator", "creator"):
        text = tr.gettext("The bot is not an administrator of the staff group: promote it.")
        return [*found, Check(False, text)]
    if info.get("is_forum") and not member.get("can_manage_topics"):
        text = tr.gettext(
            "The group has topics but the bot may not manage them: give it that right."
        )
        return [*found, Check(False, text)]
    mode = tr.gettext("topics") if info.get("is_forum") else tr.gettext("a card thread each")
    found.append(Check(True, tr.gettext("The bot's rights in the group ({mode})", mode=mode)))
    return found


async def smtp_check(settings: Settings, tr: Translator) -> list[Check]:
    if settings.smtp_host is None:
        return [Check(True, tr.gettext("Email off (RECLAM_SMTP_HOST not set)"))]
    try:
        client = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            timeout=10,
            start_tls=settings.smtp_starttls,
        )
        await client.connect()
        if settings.smtp_username:
            await client.login(settings.smtp_username, settings.smtp_password or "")
        await client.quit()
    except (aiosmtplib.SMTPException, OSError) as error:
        text = tr.gettext(
            "The mail server {host}:{port} refuses or does not answer ({reason}): check "
            "RECLAM_SMTP_*.",
            host=settings.smtp_host,
            port=settings.smtp_port,
            reason=type(error).__name__,
        )
        return [Check(False, text)]
    return [Check(True, tr.gettext("Mail server {host} answers", host=settings.smtp_host))]


async def all_checks(settings: Settings) -> list[Check]:
    tr = Translator(settings.language)
    database, telegram, mail = await asyncio.gather(
        database_check(settings, tr), telegram_checks(settings, tr), smtp_check(settings, tr)
    )
    return [profile_check(settings, tr), database, *telegram, *mail]


async def start_checks(settings: Settings) -> tuple[Check | None, list[Check]]:
    """What reclam run checks at start: the first fatal problem (the profile, the database,
    the token), if any, and the other problems (the staff group, the mail server), which
    do not keep the bot from serving clients (nor from being bound to its group)."""
    tr = Translator(settings.language)
    database, telegram, mail = await asyncio.gather(
        database_check(settings, tr, upgrading=True),
        telegram_checks(settings, tr),
        smtp_check(settings, tr),
    )
    fatal = [profile_check(settings, tr), database, telegram[0]]
    others = [check for check in [*telegram[1:], *mail] if not check.ok]
    return next((check for check in fatal if not check.ok), None), others
