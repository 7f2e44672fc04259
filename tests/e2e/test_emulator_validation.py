"""The emulator refuses what Telegram refuses, in Telegram's error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiohttp import ClientSession, FormData

from bots.emulator.limits import Fault
from bots.emulator.people import Emulator
from bots.emulator.world import BotState


async def call(
    http: ClientSession, emulator: Emulator, bot: BotState, method: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    url = f"{emulator.base_url}/bot{bot.token}/{method}"
    async with http.post(url, json=params) as response:
        return response.status, await response.json()


@pytest.fixture
def lea(emulator: Emulator) -> int:
    return emulator.user(501, "Léa").id


async def test_a_valid_message_is_stored_and_returned_like_telegram_does(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int
) -> None:
    status, body = await call(
        http,
        emulator,
        bot,
        "sendMessage",
        chat_id=lea,
        text="<b>Bonjour</b> &amp; bienvenue",
        parse_mode="HTML",
    )
    assert status == 200
    assert body["ok"] is True
    assert body["result"]["chat"] == {"id": 501, "type": "private", "first_name": "Léa"}
    assert emulator.bot_texts(bot, lea) == ["Bonjour & bienvenue"]


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": "hello"}, 'Bad Request: parameter "chat_id" is required'),
        ({"chat_id": 501}, "Bad Request: message text is empty"),
        ({"chat_id": 501, "text": "   "}, "Bad Request: message text is empty"),
        ({"chat_id": 501, "text": "x" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": 999, "text": "hi"}, "Bad Request: chat not found"),
        (
            {"chat_id": 501, "text": "a < b", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Unexpected character '<'",
        ),
        (
            {"chat_id": 501, "text": "Dupont & fils", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Unescaped '&'",
        ),
        (
            {"chat_id": 501, "text": "<div>x</div>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unsupported start tag "div"',
        ),
        (
            {"chat_id": 501, "text": "<b>x</i>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unmatched end tag "i"',
        ),
        (
            {
                "chat_id": 501,
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "Go", "callback_data": "x" * 65}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
    ],
)
async def test_send_message_refuses_what_telegram_refuses(
    http: ClientSession,
    emulator: Emulator,
    bot: BotState,
    lea: int,
    params: dict[str, Any],
    description: str,
) -> None:
    status, body = await call(http, emulator, bot, "sendMessage", **params)
    assert status == 400
    assert body["ok"] is False
    assert body["error_code"] == 400
    assert body["description"].startswith(description)
    assert emulator.transcript(lea) == []


async def test_an_unknown_method_and_a_wrong_token_are_refused(
    http: ClientSession, emulator: Emulator, bot: BotState
) -> None:
    assert (await call(http, emulator, bot, "sendTelepathy"))[1]["error_code"] == 404
    async with http.post(f"{emulator.base_url}/botnope/getMe") as response:
        assert response.status == 401


async def test_a_wrongly_typed_parameter_is_refused(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int
) -> None:
    status, body = await call(http, emulator, bot, "deleteMessage", chat_id=lea, message_id="x")
    assert status == 400
    assert body["description"] == 'Bad Request: parameter "message_id" has wrong type'


async def test_editing_with_identical_content_is_not_modified(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int
) -> None:
    _, sent = await call(http, emulator, bot, "sendMessage", chat_id=lea, text="Statut : reçue")
    message_id = sent["result"]["message_id"]
    status, body = await call(
        http,
        emulator,
        bot,
        "editMessageText",
        chat_id=lea,
        message_id=message_id,
        text="Statut : reçue",
    )
    assert status == 400
    assert "message is not modified" in body["description"]
    status, _ = await call(
        http,
        emulator,
        bot,
        "editMessageText",
        chat_id=lea,
        message_id=message_id,
        text="Statut : évaluée",
    )
    assert status == 200
    missing = await call(
        http, emulator, bot, "editMessageText", chat_id=lea, message_id=99, text="?"
    )
    assert missing[1]["description"] == "Bad Request: message to edit not found"


async def test_form_encoded_and_multipart_bodies_are_understood(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int
) -> None:
    url = f"{emulator.base_url}/bot{bot.token}"
    async with http.post(f"{url}/sendMessage", data={"chat_id": "501", "text": "form"}) as r:
        assert (await r.json())["ok"]
    form = FormData()
    form.add_field("chat_id", "501")
    form.add_field("caption", "Accusé de réception")
    form.add_field("document", b"%PDF-1.4 fake", filename="ar.pdf", content_type="application/pdf")
    async with http.post(f"{url}/sendDocument", data=form) as r:
        document = (await r.json())["result"]["document"]
    assert document["file_name"] == "ar.pdf"
    async with http.post(f"{url}/getFile", json={"file_id": document["file_id"]}) as r:
        path = (await r.json())["result"]["file_path"]
    async with http.get(f"{emulator.base_url}/file/bot{bot.token}/{path}") as r:
        assert await r.read() == b"%PDF-1.4 fake"


async def test_long_polling_waits_for_an_update_and_offset_confirms_it(
    http: ClientSession, emulator: Emulator, bot: BotState
) -> None:
    lea = emulator.user(501, "Léa")
    import asyncio

    polling = asyncio.create_task(call(http, emulator, bot, "getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    assert not polling.done()
    emulator.send_text(bot, lea, "/start")
    _, body = await polling
    update = body["result"][0]
    assert update["message"]["entities"][0]["type"] == "bot_command"
    again = await call(http, emulator, bot, "getUpdates", offset=update["update_id"])
    assert len(again[1]["result"]) == 1, "not confirmed yet: delivered again"
    confirmed = await call(http, emulator, bot, "getUpdates", offset=update["update_id"] + 1)
    assert confirmed[1]["result"] == []


async def test_get_updates_conflicts_with_an_active_webhook(
    http: ClientSession, emulator: Emulator, bot: BotState
) -> None:
    await call(http, emulator, bot, "setWebhook", url="http://127.0.0.1:9/hook")
    status, body = await call(http, emulator, bot, "getUpdates")
    assert status == 409
    assert body["description"].startswith("Conflict")
    await call(http, emulator, bot, "deleteWebhook")
    assert (await call(http, emulator, bot, "getUpdates"))[0] == 200


async def test_flood_limits_allow_a_short_burst_per_chat_then_answer_429_with_retry_after(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int
) -> None:
    emulator.telegram.limits.enabled = True
    for text in ("1", "2", "3"):
        assert (await call(http, emulator, bot, "sendMessage", chat_id=lea, text=text))[0] == 200
    status, body = await call(http, emulator, bot, "sendMessage", chat_id=lea, text="4")
    assert status == 429
    assert body["parameters"]["retry_after"] == 1
    assert emulator.bot_texts(bot, lea) == ["1", "2", "3"]


@pytest.mark.parametrize(("kind", "code"), [("500", 500), ("502", 502), ("403", 403)])
async def test_injected_faults_fail_the_next_matching_call_only(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int, kind: str, code: int
) -> None:
    emulator.telegram.faults.add(Fault(kind, method="sendMessage", chat_id=lea))
    status, body = await call(http, emulator, bot, "sendMessage", chat_id=lea, text="perdu")
    assert status == code
    assert body["ok"] is False
    assert (await call(http, emulator, bot, "sendMessage", chat_id=lea, text="reçu"))[0] == 200
    assert emulator.bot_texts(bot, lea) == ["reçu"]


async def test_a_user_who_blocked_the_bot_gives_403(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int
) -> None:
    emulator.block_bot(emulator.telegram.users[lea])
    status, body = await call(http, emulator, bot, "sendMessage", chat_id=lea, text="?")
    assert status == 403
    assert body["description"] == "Forbidden: bot was blocked by the user"


async def test_forum_topics_are_created_renamed_and_closed(
    http: ClientSession, emulator: Emulator, bot: BotState
) -> None:
    claire = emulator.user(101, "Claire")
    staff = emulator.group("Équipe", bot, [claire], forum=True)
    _, created = await call(
        http,
        emulator,
        bot,
        "createForumTopic",
        chat_id=staff.id,
        name="REC-2026-0001 · Planning · P3",
    )
    thread = created["result"]["message_thread_id"]
    name = "REC-2026-0001 · Planning · P3"
    _, same = await call(
        http,
        emulator,
        bot,
        "editForumTopic",
        chat_id=staff.id,
        message_thread_id=thread,
        name=name,
    )
    assert same["description"] == "Bad Request: TOPIC_NOT_MODIFIED"
    await call(
        http,
        emulator,
        bot,
        "sendMessage",
        chat_id=staff.id,
        text="Fiche",
        message_thread_id=thread,
    )
    assert (
        await call(
            http, emulator, bot, "closeForumTopic", chat_id=staff.id, message_thread_id=thread
        )
    )[0] == 200
    admin_writes = await call(
        http,
        emulator,
        bot,
        "sendMessage",
        chat_id=staff.id,
        text="Clôture",
        message_thread_id=thread,
    )
    assert admin_writes[0] == 200, "administrators may still write in a closed topic"
    staff.members[bot.user.id] = "member"
    status, body = await call(
        http,
        emulator,
        bot,
        "sendMessage",
        chat_id=staff.id,
        text="trop tard",
        message_thread_id=thread,
    )
    assert status == 400
    assert body["description"] == "Bad Request: TOPIC_CLOSED"
    plain = emulator.group("Bureau", bot, [claire], forum=False)
    _, refused = await call(http, emulator, bot, "createForumTopic", chat_id=plain.id, name="x")
    assert refused["description"] == "Bad Request: the chat is not a forum"


async def test_pressing_a_button_sends_a_callback_query_that_can_be_answered_once(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int
) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Oui", "callback_data": "yes"}]]}
    await call(
        http,
        emulator,
        bot,
        "sendMessage",
        chat_id=lea,
        text="Confirmer ?",
        reply_markup=json.dumps(keyboard),
    )
    query_id = emulator.press(bot, emulator.telegram.users[lea], "Oui")
    assert bot.updates[-1]["callback_query"]["data"] == "yes"
    assert (
        await call(
            http, emulator, bot, "answerCallbackQuery", callback_query_id=query_id, text="Noté"
        )
    )[0] == 200
    assert emulator.answer_to(query_id) == {"text": "Noté", "show_alert": False}
    twice = await call(http, emulator, bot, "answerCallbackQuery", callback_query_id=query_id)
    assert twice[0] == 400


async def test_a_caption_over_1024_characters_is_refused(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int
) -> None:
    form = FormData()
    form.add_field("chat_id", str(lea))
    form.add_field("caption", "x" * 1025)
    form.add_field("document", b"%PDF", filename="a.pdf", content_type="application/pdf")
    async with http.post(f"{emulator.base_url}/bot{bot.token}/sendDocument", data=form) as r:
        body = await r.json()
    assert body["description"] == "Bad Request: caption is too long"


async def test_a_group_gets_at_most_twenty_messages_a_minute(
    http: ClientSession, emulator: Emulator, bot: BotState
) -> None:
    limits = emulator.telegram.limits
    limits.enabled, limits.per_chat_interval = True, 0.0  # isolate the group limit
    staff = emulator.group("Équipe", bot, [emulator.user(101, "Claire")], forum=False)
    statuses = [
        (await call(http, emulator, bot, "sendMessage", chat_id=staff.id, text=f"n°{i}"))[0]
        for i in range(21)
    ]
    assert statuses == [200] * 20 + [429]


async def test_a_timeout_fault_holds_the_answer_back(
    http: ClientSession, emulator: Emulator, bot: BotState, lea: int
) -> None:
    import asyncio

    emulator.telegram.faults.add(Fault("timeout", method="sendMessage", delay=5))
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(
            call(http, emulator, bot, "sendMessage", chat_id=lea, text="lent"), 0.5
        )
    assert emulator.transcript(lea) == [], "a time-out before processing sends nothing"


async def test_webhook_delivery_posts_updates_with_the_secret_token(
    http: ClientSession, emulator: Emulator, bot: BotState
) -> None:
    from aiohttp import web

    received: list[tuple[str | None, dict[str, Any]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        await call(
            http,
            emulator,
            bot,
            "setWebhook",
            url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        emulator.send_text(bot, emulator.user(501, "Léa"), "Bonjour")
        await emulator.wait_until(lambda: bool(received), within=5)
        await emulator.wait_until(lambda: not bot.updates, within=5)
    finally:
        await runner.cleanup()
    assert received[0][0] == "s3cret"
    assert received[0][1]["message"]["text"] == "Bonjour"


async def test_a_webhook_secret_outside_telegrams_alphabet_is_refused(
    http: ClientSession, emulator: Emulator, bot: BotState
) -> None:
    status, answer = await call(
        http, emulator, bot, "setWebhook", url="http://127.0.0.1:9/hook", secret_token="a b"
    )
    assert (status, answer["description"]) == (
        400,
        "Bad Request: secret token contains unallowed characters",
    )
    assert bot.webhook_url == ""


async def test_an_update_is_posted_again_until_the_webhook_answers_200(
    http: ClientSession, emulator: Emulator, bot: BotState
) -> None:
    from aiohttp import web

    answers = [503, 403, 200]
    received: list[int] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((await request.json())["update_id"])
        return web.Response(status=answers[len(received) - 1])

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        await call(http, emulator, bot, "setWebhook", url=f"http://127.0.0.1:{port}/hook")
        emulator.send_text(bot, emulator.user(501, "Léa"), "Bonjour")
        await emulator.wait_until(lambda: not bot.updates, within=5)
    finally:
        await runner.cleanup()
    assert len(received) == 3
    assert len(set(received)) == 1  # the same update, until it was taken
