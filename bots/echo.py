"""Bare echo bots on aiogram and python-telegram-bot: the baseline for benchmarks, and a
proof that both libraries speak to the emulator exactly as to Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def aiogram_echo(base_url: str, token: str) -> AsyncIterator[None]:
    import asyncio

    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    session = AiohttpSession(api=TelegramAPIServer.from_base(base_url))
    bot = Bot(token, session=session)
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    try:
        yield
    finally:
        await dispatcher.stop_polling()
        await polling
        await bot.session.close()


@asynccontextmanager
async def ptb_echo(base_url: str, token: str) -> AsyncIterator[None]:
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    application = (
        Application.builder()
        .token(token)
        .base_url(f"{base_url}/bot")
        .base_file_url(f"{base_url}/file/bot")
        .build()
    )

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "?")

    application.add_handler(MessageHandler(filters.ALL, echo))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()


#: the labels of the buttons a client presses while filing (benchmarks/client_pipeline.py)
FILING_LABELS = (
    "📝 Déposer une réclamation",
    "Oui, c'est moi",
    "Passer",
    "Facturation et tarifs",
    "Hier",
    "Bureau / accueil",
    "Personne en particulier",
    "Terminé",
    "Un remboursement",
    "✅ Envoyer",
)
QUESTION = "<b>Votre réclamation</b> — choisissez ou écrivez votre réponse."


def filing_keyboard() -> list[list[dict[str, str]]]:
    return [[{"text": label, "callback_data": str(n)}] for n, label in enumerate(FILING_LABELS)]


@asynccontextmanager
async def aiogram_same_calls(base_url: str, token: str) -> AsyncIterator[None]:
    """The calls Reclam makes for a client, with no database: a message is answered with a
    question and its buttons; a button press with ``answerCallbackQuery``, then the next
    question."""
    import asyncio

    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

    session = AiohttpSession(api=TelegramAPIServer.from_base(base_url))
    bot = Bot(token, session=session)
    dispatcher = Dispatcher()
    keyboard = InlineKeyboardMarkup.model_validate({"inline_keyboard": filing_keyboard()})

    @dispatcher.message()
    async def answer(message: Message) -> None:
        await bot.send_message(message.chat.id, QUESTION, parse_mode="HTML", reply_markup=keyboard)

    @dispatcher.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()
        chat_id = query.message.chat.id if query.message else query.from_user.id
        await bot.send_message(chat_id, QUESTION, parse_mode="HTML", reply_markup=keyboard)

    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    try:
        yield
    finally:
        await dispatcher.stop_polling()
        await polling
        await bot.session.close()


@asynccontextmanager
async def ptb_same_calls(base_url: str, token: str) -> AsyncIterator[None]:
    """As ``aiogram_same_calls``, on python-telegram-bot."""
    from telegram import InlineKeyboardMarkup, Update
    from telegram.ext import (
        Application,
        CallbackQueryHandler,
        ContextTypes,
        MessageHandler,
        filters,
    )

    application = (
        Application.builder()
        .token(token)
        .base_url(f"{base_url}/bot")
        .base_file_url(f"{base_url}/file/bot")
        .concurrent_updates(True)  # as Reclam: chats in parallel
        .build()
    )
    keyboard = InlineKeyboardMarkup.de_json({"inline_keyboard": filing_keyboard()}, None)

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(
            update.effective_chat.id, QUESTION, parse_mode="HTML", reply_markup=keyboard
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        assert update.effective_chat is not None
        await update.callback_query.answer()
        await context.bot.send_message(
            update.effective_chat.id, QUESTION, parse_mode="HTML", reply_markup=keyboard
        )

    application.add_handler(CallbackQueryHandler(pressed))
    application.add_handler(MessageHandler(filters.ALL, answer))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()
