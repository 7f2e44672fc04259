"""The people of the process: clients and the school's staff."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from core.domain.enums import Role
from core.domain.errors import N_, InvalidInput

EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")


@dataclass
class Client:
    """A client and the ways to reach them, each optional: a Telegram chat, an email
    address, a phone number, a postal address."""

    telegram_id: int | None
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
    telegram_id: int
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
