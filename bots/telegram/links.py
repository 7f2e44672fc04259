"""Personal links to the bot (``https://t.me/<bot>?start=j-<token>``): printed on letters
and put in emails, so that a client who complained elsewhere can follow the complaint in
Telegram. The bot's username is known once the bot has introduced itself (getMe)."""

from __future__ import annotations

from bots.telegram.dialogue.joining import PREFIX


class TelegramLinks:
    def __init__(self, username: str = "") -> None:
        self.username = username.lstrip("@")

    def url(self, token: str) -> str | None:
        if not self.username:
            return None
        return f"https://t.me/{self.username}?start={PREFIX}{token}"
