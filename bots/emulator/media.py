"""Files: uploads (multipart or file_id), documents, photos and getFile."""

from __future__ import annotations

from typing import Any

from bots.emulator.telegram import Telegram
from bots.emulator.validation import MAX_CAPTION, bad_request, check_markup, check_text
from bots.emulator.world import BotState, Json

MAX_DOWNLOAD = 20 * 1024 * 1024  # Telegram hands a bot files of up to 20 MB


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
    chat, thread = tg.target(bot, p)
    stored = _upload(tg, p[field_name], "file")
    fields: Json = {}
    if p.get("caption"):
        check_text(p["caption"], p.get("parse_mode"), MAX_CAPTION, "caption")
        fields["caption"] = p["caption"]
    if (markup := check_markup(p.get("reply_markup"))) is not None:
        fields["reply_markup"] = markup
    if reply := (p.get("reply_parameters") or {}).get("message_id"):
        fields["reply_to_message"] = tg.replied(chat.id, reply)
    if field_name == "photo":
        fields["photo"] = [tg.file_json(stored) | {"width": 800, "height": 600}]
    elif field_name in ("voice", "video"):
        fields[field_name] = tg.file_json(stored) | {"duration": 3}
    else:
        fields["document"] = tg.file_json(stored) | {
            "file_name": stored.filename,
            "mime_type": stored.mime_type,
        }
    return tg.store(chat, bot.user, fields, thread).data


def get_file(tg: Telegram, _bot: BotState, p: Json) -> Json:
    stored = tg.files.get(p["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.content) > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return tg.file_json(stored) | {"file_path": stored.path}


def send_document(tg: Telegram, bot: BotState, p: Json) -> Json:
    return _send_file(tg, bot, p, "document")


def send_photo(tg: Telegram, bot: BotState, p: Json) -> Json:
    return _send_file(tg, bot, p, "photo")


def send_voice(tg: Telegram, bot: BotState, p: Json) -> Json:
    return _send_file(tg, bot, p, "voice")


def send_video(tg: Telegram, bot: BotState, p: Json) -> Json:
    return _send_file(tg, bot, p, "video")
