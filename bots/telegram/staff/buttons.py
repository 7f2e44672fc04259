"""The staff buttons' data, typed: ``s|<action>|<reference>[|<answer>]``, packed and
unpacked here only (Telegram allows 64 bytes; ``Button`` checks them)."""

from __future__ import annotations

from dataclasses import dataclass

from bots.telegram.dialogue.view import data, parse_data

SCOPE = "s"


@dataclass(frozen=True)
class StaffButton:
    action: str
    reference: str
    answer: str = ""

    def pack(self) -> str:
        value = f"{self.reference}|{self.answer}" if self.answer else self.reference
        return data(SCOPE, self.action, value)

    @classmethod
    def unpack(cls, raw: str) -> StaffButton | None:
        parsed = parse_data(raw)
        if parsed is None or parsed[0] != SCOPE:
            return None
        reference, _, answer = parsed[2].partition("|")
        return cls(parsed[1], reference, answer)


def staff(action: str, reference: str, answer: object = "") -> str:
    """A staff button's packed data."""
    return StaffButton(action, reference, str(answer)).pack()
