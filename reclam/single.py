"""SQLite serves one ``reclam run`` at a time: a second process on the same file is
refused at start (PostgreSQL takes any number of replicas)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from core.persistence.engine import normalise_url


class AlreadyServed(Exception):
    """Another process holds the SQLite file."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve()


@contextmanager
def alone_on(url: str) -> Iterator[None]:
    """Hold an exclusive lock on the SQLite file for the block (flock: released by the
    kernel when the process dies, even by SIGKILL; SQLite's own locks are fcntl's and
    do not see it)."""
    path = sqlite_file(url)
    if path is None:
        yield
        return
    with path.open("ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise AlreadyServed(path) from error
        yield
