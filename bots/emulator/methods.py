"""The Bot API methods, as Telegram answers them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bots.emulator.telegram import Telegram
from bots.emulator.validation import (
    MAX_CAPTION,
    MAX_TEXT,
    ApiError,
    bad_request,
    check_markup,
    check_text,
)
from bots.emulator.world import BotState, Json, Message, Topic, now

Handler = Callable[[Telegram, BotState, Json], Any]
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def get_me(tg: Telegram, bot: BotState, p: Json) -> Json:
    return bot.user.to_json() | {
        "can_join_groups": True,
        "can_read_all_group_messages": True,
        "supports_inline_queries": False,
    }


def set_webhook(tg: Telegram, bot: BotState, p: Json) -> bool:
    bot.webhook_url, bot.webhook_secret = p["url"], p.get("secret_token", "")
    if p.get("drop_pending_updates"):
        bot.updates.clear()
    bot.wakeup.set()
    return True


def delete_webhook(tg: Telegram, bot: BotState, p: Json) -> bool:
    bot.webhook_url = bot.webhook_secret = ""
    if p.get("drop_pending_updates"):
        bot.updates.clear()
    return True


def webhook_info(tg: Telegram, bot: BotState, p: Json) -> Json:
    return {
        "url": bot.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(bot.updates),
    }


def _target(tg: Telegram, bot: BotState, p: Json) -> tuple[Any, int | None]:
    chat = tg.chat(p["chat_id"])
    tg.reachable(chat, bot)
    thread = p.get("message_thread_id")
    if (
        thread is not None
        and (chat.id, thread) in tg.topics
        and tg.topics[(chat.id, thread)].closed
    ):
        raise bad_request("TOPIC_CLOSED")
    return chat, thread


def send_message(tg: Telegram, bot: BotState, p: Json) -> Json:
    chat, thread = _target(tg, bot, p)
    check_text(p["text"], p.get("parse_mode"), MAX_TEXT)
    fields: Json = {"text": p["text"]}
    if (markup := check_markup(p.get("reply_markup"))) is not None:
        fields["reply_markup"] = markup
    if p.get("parse_mode"):
        fields["parse_mode"] = p["parse_mode"]  # kept so that tests can read the raw HTML
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


def delete_message(tg: Telegram, bot: BotState, p: Json) -> bool:
    found = tg.messages.get((tg.chat(p["chat_id"]).id, p["message_id"]))
    if found is None or found.deleted:
        raise bad_request("message to delete not found")
    found.deleted = True
    return True


def answer_callback_query(tg: Telegram, bot: BotState, p: Json) -> bool:
    query = tg.callbacks.get(p["callback_query_id"])
    if query is None or "answer" in query:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if len(p.get("text", "")) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query["answer"] = {"text": p.get("text", ""), "show_alert": p.get("show_alert", False)}
    tg.notify()
    return True


def _upload(tg: Telegram, value: Any, default_name: str) -> Any:
    if isinstance(value, dict):
        return tg.keep_file(
            value["content"],
            value.get("filename") or default_name,
            value.get("content_type") or "application/octet-stream",
        )
    stored = tg.files.get(str(value))
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return stored


def _send_file(tg: Telegram, bot: BotState, p: Json, field_name: str) -> Json:
    chat, thread = _target(tg, bot, p)
    stored = _upload(tg, p[field_name], "file")
    fields: Json = {}
    if p.get("caption"):
        check_text(p["caption"], p.get("parse_mode"), MAX_CAPTION, "caption")
        fields["caption"] = p["caption"]
    if (markup := check_markup(p.get("reply_markup"))) is not None:
        fields["reply_markup"] = markup
    if field_name == "photo":
        fields["photo"] = [tg.file_json(stored) | {"width": 800, "height": 600}]
    else:
        fields["document"] = tg.file_json(stored) | {
            "file_name": stored.filename,
            "mime_type": stored.mime_type,
        }
    return tg.store(chat, bot.user, fields, thread).data


def get_file(tg: Telegram, bot: BotState, p: Json) -> Json:
    stored = tg.files.get(p["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    return tg.file_json(stored) | {"file_path": stored.path}


def set_my_commands(tg: Telegram, bot: BotState, p: Json) -> bool:
    commands = p["commands"]
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not COMMAND.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    bot.commands = commands
    return True


def _forum(tg: Telegram, bot: BotState, p: Json) -> Any:
    chat = tg.chat(p["chat_id"])
    tg.reachable(chat, bot)
    if not chat.is_forum:
        raise bad_request("the chat is not a forum")
    if chat.members.get(bot.user.id) not in ("administrator", "creator"):
        raise bad_request("not enough rights to manage topics")
    return chat


def create_forum_topic(tg: Telegram, bot: BotState, p: Json) -> Json:
    chat = _forum(tg, bot, p)
    if not 1 <= len(p["name"]) <= 128:
        raise bad_request("TOPIC_TITLE_EMPTY" if not p["name"] else "TOPIC_TITLE_TOO_LONG")
    thread_id = next(chat.next_topic_id)
    tg.topics[(chat.id, thread_id)] = Topic(chat.id, thread_id, p["name"])
    tg.store(
        chat,
        bot.user,
        {"forum_topic_created": {"name": p["name"], "icon_color": 7322096}},
        thread_id,
    )
    return {"message_thread_id": thread_id, "name": p["name"], "icon_color": 7322096}


def _topic(tg: Telegram, bot: BotState, p: Json) -> Topic:
    chat = _forum(tg, bot, p)
    topic = tg.topics.get((chat.id, p["message_thread_id"]))
    if topic is None:
        raise bad_request("message thread not found")
    return topic


def edit_forum_topic(tg: Telegram, bot: BotState, p: Json) -> bool:
    topic = _topic(tg, bot, p)
    name = p.get("name")
    if name is not None and not 1 <= len(name) <= 128:
        raise bad_request("TOPIC_TITLE_TOO_LONG")
    if name is None or name == topic.name:
        raise bad_request("TOPIC_NOT_MODIFIED")
    topic.name = name
    return True


def close_forum_topic(tg: Telegram, bot: BotState, p: Json) -> bool:
    topic = _topic(tg, bot, p)
    if topic.closed:
        raise bad_request("TOPIC_NOT_MODIFIED")
    topic.closed = True
    return True


def reopen_forum_topic(tg: Telegram, bot: BotState, p: Json) -> bool:
    topic = _topic(tg, bot, p)
    if not topic.closed:
        raise bad_request("TOPIC_NOT_MODIFIED")
    topic.closed = False
    return True


def get_chat_member(tg: Telegram, bot: BotState, p: Json) -> Json:
    chat = tg.chat(p["chat_id"])
    user = tg.users.get(p["user_id"])
    if user is None:
        raise bad_request("user not found")
    status = "member" if chat.type == "private" else chat.members.get(user.id, "left")
    return {"status": status, "user": user.to_json()} | (
        {"can_be_edited": False, "can_manage_topics": True} if status == "administrator" else {}
    )


def get_chat(tg: Telegram, bot: BotState, p: Json) -> Json:
    return tg.chat(p["chat_id"]).to_json(tg.users)


def _true(tg: Telegram, bot: BotState, p: Json) -> bool:
    return True


def _commands(tg: Telegram, bot: BotState, p: Json) -> list[Json]:
    return bot.commands


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
    "sendDocument": lambda tg, bot, p: _send_file(tg, bot, p, "document"),
    "sendPhoto": lambda tg, bot, p: _send_file(tg, bot, p, "photo"),
    "getFile": get_file,
    "sendChatAction": lambda tg, bot, p: _target(tg, bot, p) and True,
    "setMyCommands": set_my_commands,
    "getMyCommands": _commands,
    "deleteMyCommands": _true,
    "createForumTopic": create_forum_topic,
    "editForumTopic": edit_forum_topic,
    "closeForumTopic": close_forum_topic,
    "reopenForumTopic": reopen_forum_topic,
    "getChatMember": get_chat_member,
    "getChat": get_chat,
}


def not_found() -> ApiError:
    return ApiError(404, "Not Found")
