"""What a dialogue decision may look at, and the shape of button data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button, Keyboard, Replies, Reply, Toast
from bots.telegram.markup import Html, HtmlTranslator
from core.domain.profile import SchoolProfile


@dataclass(frozen=True)
class View:
    profile: SchoolProfile
    tr: HtmlTranslator
    today: date
    instructors: tuple[tuple[int, str], ...] = ()
    recently_closed: str | None = None  # a complaint its client may still reopen


def data(nonce: int | str, action: str, value: str = "") -> str:
    """Button data: ``nonce|action|value`` (at most 64 bytes, as Telegram requires)."""
    text = f"{nonce}|{action}|{value}"
    if len(text.encode()) > 64:
        raise ValueError(f"button data too long: {text!r}")
    return text


def parse_data(raw: str) -> tuple[str, str, str] | None:
    parts = raw.split("|", 2)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


@dataclass
class Outcome:
    """A decision: what to answer, and at most one effect for the engine to carry out."""

    replies: Replies = field(default_factory=Replies)
    effect: object | None = None

    def say(self, event: Event, text: Html, buttons: Keyboard = ()) -> Outcome:
        self.replies.add(Reply(event.chat_id, text, buttons, event.thread_id))
        return self

    def toast(self, event: Event, text: str = "", alert: bool = False) -> Outcome:
        if event.callback_id:
            self.replies.add(Toast(event.chat_id, event.callback_id, text, alert))
        return self


def menu_buttons(tr: HtmlTranslator) -> Keyboard:
    return (
        (Button(tr.gettext("📝 File a complaint"), data("m", "file")),),
        (Button(tr.gettext("📂 My complaints"), data("m", "mine")),),
        (Button(tr.gettext("❓ Help"), data("m", "help")),),
    )
