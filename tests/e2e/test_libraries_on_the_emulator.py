"""The real aiogram and python-telegram-bot libraries talk HTTP to the emulator."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import pytest

from bots.echo import aiogram_echo, ptb_echo
from bots.emulator.people import Emulator
from bots.emulator.world import BotState

Echo = Callable[[str, str], AbstractAsyncContextManager[None]]
FRAMEWORKS = [pytest.param(aiogram_echo, id="aiogram"), pytest.param(ptb_echo, id="ptb")]


@pytest.mark.e2e
@pytest.mark.parametrize("echo", FRAMEWORKS)
async def test_a_bot_on_the_library_receives_messages_and_answers_them(
    emulator: Emulator, bot: BotState, echo: Echo
) -> None:
    lea = emulator.user(501, "Léa")
    tom = emulator.user(502, "Tom", language="en")
    async with echo(emulator.base_url, bot.token):
        emulator.send_text(bot, lea, "Bonjour")
        emulator.send_text(bot, tom, "Hello")
        emulator.send_text(bot, lea, "Encore <moi> & toi")
        assert await emulator.replies(bot, lea.id, 2) == ["Bonjour", "Encore <moi> & toi"]
        assert await emulator.replies(bot, tom.id, 1) == ["Hello"]
