"""Domain errors. Each carries an English message id and its parameters so that the
presentation layer can translate it into the reader's language (see core.i18n)."""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark a string for extraction into the catalogues without translating it here."""
    return message


class DomainError(Exception):
    """A rule of the complaint process was not respected."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message.format(**params) if params else message)


class IllegalTransition(DomainError):
    """A lifecycle move that the transition table or one of its guards refuses."""


class NotAuthorised(DomainError):
    """The actor may not do this."""


class InvalidInput(DomainError):
    """The input breaks a rule: empty, too long, out of range, unknown code…"""


class NotFound(DomainError):
    """The thing asked for does not exist, or is not visible to the actor."""


class ConcurrentUpdate(DomainError):
    """Somebody else changed the complaint first; the change was not applied."""


class ProfileError(DomainError):
    """The school profile is incomplete or malformed."""
