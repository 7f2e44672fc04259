"""What the log lines of a piece of work share: the update, the chat, the complaint.

The channel binds the fields it knows (an update's id and chat) around the work; the use
cases add the complaint's reference once they know it. The composition root's logging
configuration reads them into every line (as JSON fields, or a suffix in text)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Field = str | int | None
_fields: ContextVar[dict[str, Field] | None] = ContextVar("reclam_log_fields", default=None)


@contextmanager
def bound(**fields: Field) -> Iterator[None]:
    """Within the block, every log line carries ``fields`` (and those bound around it)."""
    token = _fields.set({**(_fields.get() or {}), **fields})
    try:
        yield
    finally:
        _fields.reset(token)


def note(**fields: Field) -> None:
    """Add fields to the current block's lines from now on (nothing outside a block)."""
    current = _fields.get()
    if current is not None:
        current.update(fields)


def current() -> dict[str, Field]:
    """The fields bound now, without the unset ones."""
    return {key: value for key, value in (_fields.get() or {}).items() if value is not None}
