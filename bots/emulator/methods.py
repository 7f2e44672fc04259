"""The Bot API methods, as Telegram answers them."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from bots.emulator.forum import (
    close_forum_topic,
    create_forum_topic,
    edit_forum_topic,
    get_chat_member,
    reopen_forum_topic,
)
from bots.emulator.media import get_file, send_document, send_photo, send_video, send_voice
from bots.emulator.telegram import Telegram
from bots.emulator.validation import (
    MAX_TEXT,
    ApiError,
    bad_request,
    check_markup,
    check_text,
)
from bots.emulator.world import BotState, Json, Message, now

Handler = Callable[[Telegram, BotState, Json], Any]
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def get_me(_tg: Telegram, bot: BotState, _p: Json) -> Json:
    return bot.user.to_json() | {
        "can_join_groups": True,
        "can_read_all_group_messages": True,
        "supports_inline_queries": False,
    }


def set_webhook(_tg: Telegram, bot: BotState, p: Json) -> bool:
    secret = p.get("secret_token", "")
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise bad_request("secret token contains unallowed characters")
    if not re.match(r"https?://", p["url"]):
        raise bad_request("bad webhook: HTTPS url must be provided for webhook")
    bot.webhook_url, bot.webhook_secret = p["url"], secret
    if p.get("drop_pending_updates"):
        bot.updates.clear()
    bot.wakeup.set()
    return True


def delete_webhook(_tg: Telegram, bot: BotState, p: Json) -> bool:
    bot.webhook_url = bot.webhook_secret = ""
    if p.get("drop_pending_updates"):
        bot.updates.clear()
    return True


def webhook_info(_tg: Telegram, bot: BotState, _p: Json) -> Json:
    return {
        "url": bot.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(bot.updates),
    }


def send_message(tg: Telegram, bot: BotState, p: Json) -> Json:
    chat, thread = tg.target(bot, p)
    check_text(p["text"], p.get("parse_mode"), MAX_TEXT)
    fields: Json = {"text": p["text"]}
    if (markup := check_markup(p.get("reply_markup"))) is not None:
        fields["reply_markup"] = markup
    if p.get("parse_mode"):
        fields["parse_mode"] = p["parse_mode"]  # kept so that tests can read the raw HTML
    if reply := (p.get("reply_parameters") or {}).get("message_id"):
        fields["reply_to_message"] = tg.replied(chat.id, reply)
    return tg.store(chat, bot.user, fields, thread).data


def _own_message(tg: Telegram, bot: BotState, p: Json) -> Message:
    if p.get("chat_id") is None or p.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    message = tg.message(tg.chat(p["chat_id"]).id, p["message_id"])
    if message.sender_id != bot.user.id:
        raise bad_request("message can't be edited")
    return message


def _edit(tg: Telegram, message: Message, text: str, markup: Json | None) -> Json:
    """Replace text and keyboard; Telegram refuses an edit that changes neither."""
    if message.data.get("text") == text and message.data.get("reply_markup") == markup:
        raise bad_request(NOT_MODIFIED)
    message.data["text"] = text
    message.data.pop("reply_markup", None)
    if markup is not None:
        message.data["reply_markup"] = markup
    message.data["edit_date"] = now()
    tg.notify()
    return message.data


def edit_message_text(tg: Telegram, bot: BotState, p: Json) -> Json:
    message = _own_message(tg, bot, p)
    check_text(p["text"], p.get("parse_mode"), MAX_TEXT)
    return _edit(tg, message, p["text"], check_markup(p.get("reply_markup")))


def edit_message_reply_markup(tg: Telegram, bot: BotState, p: Json) -> Json:
    message = _own_message(tg, bot, p)
    return _edit(tg, message, message.data.get("text", ""), check_markup(p.get("reply_markup")))


def delete_message(tg: Telegram, _bot: BotState, p: Json) -> bool:
    found = tg.messages.get((tg.chat(p["chat_id"]).id, p["message_id"]))
    if found is None or found.deleted:
        raise bad_request("message to delete not found")
    found.deleted = True
    return True


def answer_callback_query(tg: Telegram, _bot: BotState, p: Json) -> bool:
    query = tg.callbacks.get(p["callback_query_id"])
    too_old = query is not None and time.monotonic() - query["pressed_at"] > tg.callback_lifetime
    if query is None or "answer" in query or too_old:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if len(p.get("text", "")) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query["answer"] = {"text": p.get("text", ""), "show_alert": p.get("show_alert", False)}
    tg.notify()
    return True


def set_my_commands(_tg: Telegram, bot: BotState, p: Json) -> bool:
    commands = p["commands"]
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not COMMAND.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    bot.menus[menu_key(p)] = commands
    return True


def _delete_commands(_tg: Telegram, bot: BotState, p: Json) -> bool:
    bot.menus.pop(menu_key(p), None)
    return True


def menu_key(p: Json) -> tuple[str, str]:
    """Which menu a call names: its scope and its language."""
    scope = p.get("scope") or {"type": "default"}
    kind = str(scope.get("type", "default"))
    if kind in ("chat", "chat_administrators", "chat_member"):
        kind = f"{kind}:{scope.get('chat_id')}"
    return kind, str(p.get("language_code") or "")


GIFTS = (
    "unlimited_gifts",
    "limited_gifts",
    "unique_gifts",
    "premium_subscription",
    "gifts_from_channels",
)


def get_chat(tg: Telegram, _bot: BotState, p: Json) -> Json:
    """A ChatFullInfo, with the fields Telegram always includes."""
    return tg.chat(p["chat_id"]).to_json(tg.users) | {
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": dict.fromkeys(GIFTS, False),
    }


def _true(_tg: Telegram, _bot: BotState, _p: Json) -> bool:
    return True


def _commands(_tg: Telegram, bot: BotState, p: Json) -> list[Json]:
    return bot.menus.get(menu_key(p), [])


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "logOut": _true,
    "close": _true,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": webhook_info,
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "sendVoice": send_voice,
    "sendVideo": send_video,
    "getFile": get_file,
    "sendChatAction": lambda tg, bot, p: tg.target(bot, p) and True,
    "setMyCommands": set_my_commands,
    "getMyCommands": _commands,
    "deleteMyCommands": _delete_commands,
    "createForumTopic": create_forum_topic,
    "editForumTopic": edit_forum_topic,
    "closeForumTopic": close_forum_topic,
    "reopenForumTopic": reopen_forum_topic,
    "getChatMember": get_chat_member,
    "getChat": get_chat,
}


def not_found() -> ApiError:
    return ApiError(404, "Not Found")
