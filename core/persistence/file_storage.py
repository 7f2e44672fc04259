"""Where the school keeps its copy of the clients' files: in the database (the default),
or in a folder (``RECLAM_FILES_DIR``), each file named by its SHA-256 digest, so that the
same file sent twice is kept once and a copy can be checked against its name."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Kept:
    """How a file was kept: its digest and size, and either its content (database) or
    its path under the folder."""

    sha256: str
    size: int
    content: bytes | None = None
    path: str | None = None


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def relative_path(sha256: str) -> str:
    """A file's place in the folder: ``ab/abcdef…`` (two levels keep folders small)."""
    return f"{sha256[:2]}/{sha256}"


@dataclass(frozen=True)
class FileStorage:
    """The folder, or None: the database keeps the content."""

    folder: Path | None = None

    def keep(self, content: bytes) -> Kept:
        sha = digest(content)
        if self.folder is None:
            return Kept(sha, len(content), content=content)
        path = relative_path(sha)
        target = self.folder / path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(target, content)
        return Kept(sha, len(content), path=path)

    def read(self, content: bytes | None, path: str | None) -> bytes | None:
        if content is not None:
            return content
        if path is None or self.folder is None:
            return None
        found = self.folder / path
        return found.read_bytes() if found.is_file() else None

    def delete(self, path: str) -> None:
        if self.folder is not None:
            (self.folder / path).unlink(missing_ok=True)


def _write_atomically(target: Path, content: bytes) -> None:
    """Written beside, flushed to disk, then renamed: a crash never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
