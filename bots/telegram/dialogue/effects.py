"""What a dialogue decision asks the engine to do through the use cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SubmitDraft:
    draft: dict[str, Any]


@dataclass(frozen=True)
class ShowMyComplaints:
    pass


@dataclass(frozen=True)
class AddInformation:
    reference: str
    text: str = ""
    file: dict[str, Any] | None = None


@dataclass(frozen=True)
class Withdraw:
    reference: str


@dataclass(frozen=True)
class SaveLanguage:
    language: str


@dataclass(frozen=True)
class AnswerSurvey:
    reference: str
    answers: str  # "y"/"n" twice, then the score: "yn4"
    comment: str = ""


@dataclass(frozen=True)
class Reopen:
    reference: str
    reason: str


@dataclass(frozen=True)
class ShowMyData:
    pass


@dataclass(frozen=True)
class Forget:
    pass


@dataclass(frozen=True)
class Join:
    """Follow, in this chat, the complaint of a personal link (its token)."""

    token: str


@dataclass(frozen=True)
class ReadInvitation:
    """Show what a staff invitation offers (its token), and ask to confirm."""

    token: str


@dataclass(frozen=True)
class AcceptInvitation:
    """Join the staff with the invitation of this token."""

    token: str
