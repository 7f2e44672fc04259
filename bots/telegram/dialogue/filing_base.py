"""What every filing question shares: the step's shape, buttons and text answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button, Keyboard
from bots.telegram.dialogue.view import Outcome, View, data
from bots.telegram.markup import Html
from core.domain.errors import N_, InvalidInput

Ask = Callable[[Conversation, View], tuple[Html, list[list[Button]]]]
Take = Callable[[Conversation, Event, str | None, View, Outcome], str | None]


@dataclass(frozen=True)
class Step:
    """``ask`` the question; ``take`` the answer and return the next step (None: stay)."""

    ask: Ask
    take: Take


def b(c: Conversation, v: View, label: str, value: str) -> Button:
    return Button(v.tr.gettext(label), data(c.nonce, "f", value))


def text_answer(e: Event, what: str, limit: int) -> str:
    text = e.text.strip()
    if not text:
        raise InvalidInput(N_("Please answer with a text message."))
    if len(text) > limit:
        raise InvalidInput(
            N_("The {what} is too long ({length} characters, at most {limit})."),
            what=what,
            length=len(text),
            limit=limit,
        )
    return text


def as_keyboard(rows: list[list[Button]]) -> Keyboard:
    return tuple(tuple(r) for r in rows)
