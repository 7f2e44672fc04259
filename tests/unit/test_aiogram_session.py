"""The aiogram adapter's session keeps the generic answer models it has used, which
pydantic caches only weakly (otherwise rebuilt after each garbage collection)."""

from __future__ import annotations

import gc
import weakref

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import GetMyDescription, GetMyName
from aiogram.methods.base import Response

from bots.aiogram.adapter import make_bot

API = "http://127.0.0.1:9"


def kept_after_a_collection(bot: Bot, method: GetMyName | GetMyDescription, answer: str) -> bool:
    bot.session.check_response(bot, method, 200, answer)
    model = weakref.ref(Response[method.__returning__])
    gc.collect()
    return model() is not None


def test_the_answer_model_of_a_method_survives_a_garbage_collection() -> None:
    bot = make_bot("1:token", API)
    answer = '{"ok": true, "result": {"description": "Réclamations"}}'
    assert kept_after_a_collection(bot, GetMyDescription(), answer)


def test_a_plain_aiogram_session_loses_it_which_is_why_the_adapter_keeps_them() -> None:
    plain = Bot("1:token", session=AiohttpSession(api=TelegramAPIServer.from_base(API)))
    assert not kept_after_a_collection(plain, GetMyName(), '{"ok": true, "result": {"name": "x"}}')
