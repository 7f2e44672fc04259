"""Who the bot is (getMe), for the command line: its username makes the personal links."""

from __future__ import annotations

import aiohttp

from bots.service import BotRefused, TelegramUnreachable
from core.i18n import Translator
from reclam.doctor import BotApiCalls
from reclam.settings import Settings
from reclam.setup_errors import SetupMistake


async def bot_username(settings: Settings) -> str:
    """The bot's username; a missing or refused token, or no Telegram, is a setup mistake."""
    if not settings.bot_token:
        tr = Translator(settings.language)
        raise SetupMistake(tr.gettext("RECLAM_BOT_TOKEN is missing: the token from @BotFather."))
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
            me = await BotApiCalls(session, settings).call("getMe")
    except (aiohttp.ClientError, TimeoutError) as error:
        raise TelegramUnreachable(settings.telegram_api_url) from error
    if not me.get("ok"):
        raise BotRefused()
    return str(me["result"].get("username", ""))
