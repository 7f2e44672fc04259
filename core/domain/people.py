"""The people of the process: clients and the school's staff."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from core.domain.enums import Role
from core.domain.errors import N_, InvalidInput

EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")


@dataclass(frozen=True)
class ChatAccount:
    """A person's account on a chat network: the network's name and their id there. The
    channel that owns the network resolves it; the process only keeps it and compares it."""

    network: str
    user_id: int

    @property
    def lane(self) -> tuple[str, str]:
        """Where the outbox queues messages to this account: (its channel, its address)."""
        return (self.network, str(self.user_id))


@dataclass
class Client:
    """A client and the ways to reach them, each optional: a chat account, an email
    address, a phone number, a postal address."""

    chat: ChatAccount | None
    display_name: str
    language: str = "fr"
    phone: str | None = None
    email: str | None = None
    student_file_number: str | None = None
    postal_address: str | None = None
    reachable: bool = True
    created_at: datetime | None = None
    anonymised_at: datetime | None = None
    id: int | None = None


@dataclass
class StaffMember:
    chat: ChatAccount
    name: str
    role: Role
    active: bool = True
    id: int | None = None


def validate_email(text: str) -> str:
    value = text.strip()
    if not EMAIL.match(value) or len(value) > 254:
        raise InvalidInput(N_("{value} is not a valid email address."), value=value)
    return value.lower()


def validate_phone(text: str) -> str:
    value = text.strip()
    if not PHONE.match(value):
        raise InvalidInput(N_("{value} is not a valid phone number."), value=value)
    return value
