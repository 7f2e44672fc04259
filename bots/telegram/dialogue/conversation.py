"""A chat's conversation state, kept in the database between updates."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Conversation:
    chat_id: int
    language: str = "fr"
    step: str | None = None
    draft: dict[str, Any] = field(default_factory=dict)
    trail: list[str] = field(default_factory=list)
    editing: bool = False
    nonce: int = 0
    context: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Conversation:
        return cls(**data)

    def reset(self) -> None:
        self.step, self.draft, self.trail, self.editing, self.context = None, {}, [], False, {}
