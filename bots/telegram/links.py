"""Personal links to the bot: a client's (``https://t.me/<bot>?start=j-<token>``),
printed on letters and put in emails, so that a client who complained elsewhere can
follow the complaint in Telegram; and a staff invitation's (``…?start=s-<token>``). The
bot's username is known once the bot has introduced itself (getMe)."""

from __future__ import annotations

from bots.telegram.dialogue.joining import PREFIX
from bots.telegram.dialogue.staff_joining import PREFIX as INVITATION_PREFIX


def invitation_url(username: str, token: str) -> str:
    """The staff invitation's personal link."""
    return f"https://t.me/{username.lstrip('@')}?start={INVITATION_PREFIX}{token}"


class TelegramLinks:
    def __init__(self, username: str = "") -> None:
        self.username = username.lstrip("@")

    def url(self, token: str) -> str | None:
        if not self.username:
            return None
        return f"https://t.me/{self.username}?start={PREFIX}{token}"

    def invitation(self, token: str) -> str | None:
        return invitation_url(self.username, token) if self.username else None
