"""Parameters of each Bot API method the product uses, checked as Telegram checks them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bots.emulator.html import HtmlError, check_html

REQUIRED, OPTIONAL = True, False
MAX_TEXT, MAX_CAPTION, MAX_CALLBACK_DATA = 4096, 1024, 64


class ApiError(Exception):
    """An error answered in Telegram's shape."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        injected: bool = False,  # a fault the test asked for, not a call Telegram refuses
    ) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after
        self.injected = injected

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            data["parameters"] = {"retry_after": self.retry_after}
        return data


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass(frozen=True)
class Param:
    kind: str  # int, str, bool, json, chat, file
    required: bool = OPTIONAL


def P(kind: str, required: bool = OPTIONAL) -> Param:  # noqa: N802
    return Param(kind, required)


MARKUP = {"reply_markup": P("json"), "parse_mode": P("str"), "message_thread_id": P("int")}
SEND = {
    "chat_id": P("chat", REQUIRED),
    **MARKUP,
    "reply_parameters": P("json"),
    "disable_notification": P("bool"),
    "protect_content": P("bool"),
}
EDIT = {
    "chat_id": P("chat"),
    "message_id": P("int"),
    "inline_message_id": P("str"),
    "reply_markup": P("json"),
}

SPECS: dict[str, dict[str, Param]] = {
    "getMe": {},
    "logOut": {},
    "close": {},
    "getUpdates": {
        "offset": P("int"),
        "limit": P("int"),
        "timeout": P("int"),
        "allowed_updates": P("json"),
    },
    "setWebhook": {
        "url": P("str", REQUIRED),
        "secret_token": P("str"),
        "drop_pending_updates": P("bool"),
        "allowed_updates": P("json"),
        "max_connections": P("int"),
    },
    "deleteWebhook": {"drop_pending_updates": P("bool")},
    "getWebhookInfo": {},
    "sendMessage": {
        **SEND,
        "text": P("str", REQUIRED),
        "link_preview_options": P("json"),
        "entities": P("json"),
    },
    "editMessageText": {
        **EDIT,
        "text": P("str", REQUIRED),
        "parse_mode": P("str"),
        "link_preview_options": P("json"),
        "entities": P("json"),
    },
    "editMessageReplyMarkup": EDIT,
    "deleteMessage": {"chat_id": P("chat", REQUIRED), "message_id": P("int", REQUIRED)},
    "answerCallbackQuery": {
        "callback_query_id": P("str", REQUIRED),
        "text": P("str"),
        "show_alert": P("bool"),
        "url": P("str"),
        "cache_time": P("int"),
    },
    "sendDocument": {**SEND, "document": P("file", REQUIRED), "caption": P("str")},
    "sendPhoto": {**SEND, "photo": P("file", REQUIRED), "caption": P("str")},
    "sendVoice": {**SEND, "voice": P("file", REQUIRED), "caption": P("str")},
    "sendVideo": {**SEND, "video": P("file", REQUIRED), "caption": P("str")},
    "getFile": {"file_id": P("str", REQUIRED)},
    "sendChatAction": {
        "chat_id": P("chat", REQUIRED),
        "action": P("str", REQUIRED),
        "message_thread_id": P("int"),
    },
    "setMyCommands": {
        "commands": P("json", REQUIRED),
        "scope": P("json"),
        "language_code": P("str"),
    },
    "getMyCommands": {"scope": P("json"), "language_code": P("str")},
    "deleteMyCommands": {"scope": P("json"), "language_code": P("str")},
    "createForumTopic": {
        "chat_id": P("chat", REQUIRED),
        "name": P("str", REQUIRED),
        "icon_color": P("int"),
        "icon_custom_emoji_id": P("str"),
    },
    "editForumTopic": {
        "chat_id": P("chat", REQUIRED),
        "message_thread_id": P("int", REQUIRED),
        "name": P("str"),
        "icon_custom_emoji_id": P("str"),
    },
    "closeForumTopic": {"chat_id": P("chat", REQUIRED), "message_thread_id": P("int", REQUIRED)},
    "reopenForumTopic": {"chat_id": P("chat", REQUIRED), "message_thread_id": P("int", REQUIRED)},
    "getChatMember": {"chat_id": P("chat", REQUIRED), "user_id": P("int", REQUIRED)},
    "getChat": {"chat_id": P("chat", REQUIRED)},
}


def _number(name: str, param: Param, value: Any) -> Any:
    """An integer, or for a chat also "@username"; a string of digits is accepted."""
    if isinstance(value, bool):
        raise bad_request(f'parameter "{name}" has wrong type')
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if param.kind == "chat" and text.startswith("@"):
        return text
    try:
        return int(text)
    except ValueError:
        wrong = bad_request(f'parameter "{name}" has wrong type')
        raise (bad_request("chat not found") if param.kind == "chat" else wrong) from None


def _flag(name: str, _param: Param, value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "false", "0"):
        return str(value).lower() in ("true", "1")
    raise bad_request(f'parameter "{name}" has wrong type')


def _json(name: str, _param: Param, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise bad_request(f'can\'t parse "{name}" JSON object') from None


def _text(name: str, _param: Param, value: Any) -> Any:
    if isinstance(value, dict | list):
        raise bad_request(f'parameter "{name}" has wrong type')
    return str(value)


#: how each kind of parameter is read, as Telegram reads it
COERCE: dict[str, Callable[[str, Param, Any], Any]] = {
    "file": lambda _name, _param, value: value,  # an upload, a file_id or a URL: the method checks
    "int": _number,
    "chat": _number,
    "bool": _flag,
    "json": _json,
    "str": _text,
}


def _coerce(name: str, param: Param, value: Any) -> Any:
    return COERCE.get(param.kind, _text)(name, param, value)


def validate(method: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Check required parameters and types; unknown parameters are ignored, as Telegram does."""
    spec = SPECS.get(method)
    if spec is None:
        raise ApiError(404, "Not Found")
    params: dict[str, Any] = {}
    for name, param in spec.items():
        value = raw.get(name)
        if value is None or value == "":
            if param.required and name == "text":
                raise bad_request("message text is empty")
            if param.required:
                raise bad_request(f'parameter "{name}" is required')
            continue
        params[name] = _coerce(name, param, value)
    return params


def check_text(text: str, parse_mode: str | None, limit: int, what: str = "message") -> str:
    """The visible text, after Telegram's checks of length and HTML."""
    visible = text
    if parse_mode:
        if parse_mode.upper() != "HTML":
            raise bad_request(f"unsupported parse_mode {parse_mode}")
        try:
            visible = check_html(text)
        except HtmlError as error:
            raise ApiError(400, str(error)) from None
    if not visible.strip():
        raise bad_request(f"{what} text is empty")
    if len(visible) > limit:
        raise bad_request(f"{what} is too long")
    return visible


def check_markup(markup: Any) -> dict[str, Any] | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and len(str(data).encode()) > MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            if data is None and not any(k in button for k in ("url", "switch_inline_query")):
                raise bad_request("BUTTON_TYPE_INVALID")
    return markup
