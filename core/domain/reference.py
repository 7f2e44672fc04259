"""Complaint references: ``REC-YYYY-NNNN``, gap-free within a year."""

from __future__ import annotations

import re

from core.domain.errors import N_, InvalidInput

PATTERN = re.compile(r"^REC-(\d{4})-(\d{4,})$")


def format_reference(year: int, number: int) -> str:
    return f"REC-{year:04d}-{number:04d}"


def parse_reference(text: str) -> tuple[int, int]:
    match = PATTERN.match(text.strip().upper())
    if not match:
        raise InvalidInput(N_("{text} is not a complaint reference (REC-YYYY-NNNN)."), text=text)
    return int(match.group(1)), int(match.group(2))


def normalise_reference(text: str) -> str:
    year, number = parse_reference(text)
    return format_reference(year, number)
