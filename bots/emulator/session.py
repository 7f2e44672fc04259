"""One person's chat with the bot, played step by step: for tests and the demo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bots.emulator.html import visible_text
from bots.emulator.people import Emulator
from bots.emulator.world import BotState, Message, User

Listener = Callable[[str, list[Message]], None]


@dataclass
class ChatSession:
    emulator: Emulator
    bot: BotState
    user: User
    listener: Listener | None = None  # told what the person did and what the bot answered

    def bot_messages(self) -> list[Message]:
        return [
            m for m in self.emulator.transcript(self.user.id) if m.sender_id == self.bot.user.id
        ]

    def texts(self) -> list[str]:
        return self.emulator.bot_texts(self.bot, self.user.id)

    def buttons(self) -> list[str]:
        """The labels on the bot's latest message."""
        mine = self.bot_messages()
        return [b["text"] for b in mine[-1].buttons] if mine else []

    async def say(self, text: str, expect: int = 1) -> list[str]:
        before = len(self.bot_messages())
        self.emulator.send_text(self.bot, self.user, text)
        return await self._answered(text, before, expect)

    async def press(self, label: str, expect: int = 1) -> list[str]:
        before = len(self.bot_messages())
        query = self.emulator.press(self.bot, self.user, label)
        await self.emulator.wait_until(lambda: self.emulator.answer_to(query) is not None)
        return await self._answered(f"[{label}]", before, expect)

    async def press_in_place(self, label: str) -> str:
        """Press a button whose answer replaces the message it sits on; return the new text."""
        [message] = [m for m in self.bot_messages() if label in [b["text"] for b in m.buttons]][
            -1:
        ]
        before = message.data.get("edit_date")
        self.emulator.press(self.bot, self.user, label)
        await self.emulator.wait_until(lambda: message.data.get("edit_date") != before)
        if self.listener:
            self.listener(f"[{label}]", [message])
        return visible_text(message.text) if message.data.get("parse_mode") else message.text

    async def send_file(
        self, name: str, kind: str, expect: int = 1, content: bytes = b"demo bytes"
    ) -> list[str]:
        before = len(self.bot_messages())
        self.emulator.send_file(self.bot, self.user, content, name, kind)
        return await self._answered(f"📎 {name}", before, expect)

    async def incoming(self, since: int, expect: int, what: str = "…") -> list[str]:
        """Wait for ``expect`` messages the bot sent on its own after message ``since``."""
        return await self._answered(what, since, expect)

    async def _answered(self, action: str, before: int, expect: int) -> list[str]:
        await self.emulator.wait_until(lambda: len(self.bot_messages()) >= before + expect)
        new = self.bot_messages()[before:]
        if self.listener:
            self.listener(action, new)
        return [visible_text(m.text) if m.data.get("parse_mode") else m.text for m in new]
