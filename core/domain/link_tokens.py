"""The secrets of personal links (a client's join link, a staff invitation): random,
unguessable, and read back from what a person opened only when well formed."""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_BYTES = 24  # 192 random bits: 32 characters in the link
#: what a token may look like once it comes back in a link (URL-safe base64)
SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """What is stored of a token that must not be readable in the database."""
    return hashlib.sha256(token.encode()).hexdigest()


def parse_token(raw: str) -> str | None:
    """The token in what a person opened or typed, or None when it cannot be one."""
    candidate = raw.strip()
    return candidate if SHAPE.fullmatch(candidate) else None
