"""Forum topics and chat members, as Telegram manages them."""

from __future__ import annotations

from typing import Any

from bots.emulator.telegram import Telegram
from bots.emulator.validation import bad_request
from bots.emulator.world import BotState, Json, Topic, chat_member


def _forum(tg: Telegram, bot: BotState, p: Json) -> Any:
    chat = tg.chat(p["chat_id"])
    tg.reachable(chat, bot)
    if not chat.is_forum:
        raise bad_request("the chat is not a forum")
    member = chat_member(chat, bot.user)
    if member["status"] != "creator" and not member.get("can_manage_topics"):
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


def get_chat_member(tg: Telegram, _bot: BotState, p: Json) -> Json:
    chat = tg.chat(p["chat_id"])
    user = tg.users.get(p["user_id"])
    if user is None:
        raise bad_request("user not found")
    return chat_member(chat, user)
