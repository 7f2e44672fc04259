"""``reclam backup`` and ``reclam restore``: a consistent copy of the database and of the
clients' files while the bot runs, and its restoration into an empty database.

The archive (tar) holds ``manifest.json`` (the database kind, the migration, each member's
SHA-256 digest and size), the database copy (SQLite's online backup API, or ``pg_dump``'s
custom format) and ``files/``: the RECLAM_FILES_DIR files, named by their digest. Files
never change once written (their name is their digest), so copying them after the
database gives every file the copy names."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from core.i18n import Translator
from core.persistence.engine import normalise_url
from reclam.settings import Settings

MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


class BackupRefused(Exception):
    """Told to the school in one line (French by default); the command exits with 2."""


@dataclass(frozen=True)
class Target:
    """The database as the backup tools see it."""

    url: URL

    @classmethod
    def of(cls, settings: Settings) -> Target:
        return cls(make_url(normalise_url(settings.database_url)))

    @property
    def kind(self) -> str:
        return "postgresql" if self.url.get_backend_name() == "postgresql" else "sqlite"

    @property
    def sqlite_path(self) -> Path:
        return Path(self.url.database or "")

    @property
    def libpq(self) -> str:
        """The URL ``pg_dump`` and ``pg_restore`` read (no SQLAlchemy driver name)."""
        return self.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entry(name: str, path: Path) -> dict[str, Any]:
    return {"name": name, "sha256": _sha256(path), "size": path.stat().st_size}


def _tool(name: str, tr: Translator) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(
            tr.gettext(
                "{tool} is not installed: install the PostgreSQL client tools "
                "(postgresql-client) to back up or restore a PostgreSQL database.",
                tool=name,
            )
        )
    return found


def _run(command: list[str], tr: Translator) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupRefused(
            tr.gettext("{tool} failed: {error}", tool=Path(command[0]).name, error=done.stderr)
        )


def dump_database(target: Target, into: Path, tr: Translator) -> str:
    """A consistent copy while the bot writes: SQLite's online backup, or pg_dump (one
    snapshot). Return the archive member's name."""
    if target.kind == "postgresql":
        out = into / POSTGRES_MEMBER
        pg_dump = _tool("pg_dump", tr)
        _run([pg_dump, "--format=custom", "--no-owner", "--file", str(out), target.libpq], tr)
        return POSTGRES_MEMBER
    if not target.sqlite_path.is_file():
        raise BackupRefused(tr.gettext("There is no database at {path}.", path=target.sqlite_path))
    source = sqlite3.connect(f"file:{target.sqlite_path}?mode=ro", uri=True, timeout=60)
    copy = sqlite3.connect(into / SQLITE_MEMBER)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return SQLITE_MEMBER


def _files(folder: Path | None) -> Iterator[tuple[str, Path]]:
    if folder is None or not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith(".part-"):
            yield path.relative_to(folder).as_posix(), path


def backup(settings: Settings, output: Path, tr: Translator) -> dict[str, Any]:
    """Write the archive to ``output`` (atomically); return its manifest."""
    target = Target.of(settings)
    with tempfile.TemporaryDirectory(prefix="reclam-backup-") as work:
        folder = Path(work)
        member = dump_database(target, folder, tr)
        manifest: dict[str, Any] = {
            "format": 1,
            "created_at": datetime.now(UTC).isoformat(),
            "database": target.kind,
            "dump": _entry(member, folder / member),
            "files": [_entry(f"files/{name}", path) for name, path in _files(settings.files_dir)],
        }
        partial = output.with_name(f".{output.name}.part")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(folder / member, member)
            for entry in manifest["files"]:
                source = Path(settings.files_dir or ".") / entry["name"].removeprefix("files/")
                archive.add(source, entry["name"])
        partial.replace(output)
    return manifest


def _is_empty(target: Target, tr: Translator) -> bool:
    """No table at all: a new database (restoring over data would mix two schools)."""
    if target.kind == "sqlite":
        path = target.sqlite_path
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(path) as db:
            tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
            return int(tables.fetchone()[0]) == 0
    psql = _tool("psql", tr)
    query = (
        "SELECT count(*) FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
    )
    done = subprocess.run(  # noqa: S603
        [psql, "-tA", "-c", query, target.libpq], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupRefused(tr.gettext("{tool} failed: {error}", tool="psql", error=done.stderr))
    return done.stdout.strip() == "0"


def _checked(folder: Path, entry: dict[str, Any], tr: Translator) -> Path:
    path = folder / str(entry["name"])
    if not path.is_file() or _sha256(path) != entry["sha256"]:
        raise BackupRefused(
            tr.gettext(
                "The backup is damaged: {name} does not match its digest.", name=entry["name"]
            )
        )
    return path


def _unpack(archive: Path, into: Path, tr: Translator) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(into, filter="data")
        manifest: dict[str, Any] = json.loads((into / MANIFEST).read_text())
    except (OSError, tarfile.TarError, ValueError) as error:
        raise BackupRefused(
            tr.gettext("{path} is not a Reclam backup: {error}", path=archive, error=error)
        ) from error
    return manifest


def restore(settings: Settings, archive: Path, tr: Translator) -> dict[str, Any]:
    """Restore ``archive`` into the (empty) database and the files folder."""
    target = Target.of(settings)
    if not _is_empty(target, tr):
        raise BackupRefused(
            tr.gettext(
                "The database is not empty: a backup is restored only into a new, empty "
                "database (create one, and point RECLAM_DATABASE_URL to it)."
            )
        )
    with tempfile.TemporaryDirectory(prefix="reclam-restore-") as work:
        folder = Path(work)
        manifest = _unpack(archive, folder, tr)
        if manifest.get("database") != target.kind:
            raise BackupRefused(
                tr.gettext(
                    "This backup is of a {kind} database: restore it into a {kind} database.",
                    kind=manifest.get("database"),
                )
            )
        dump = _checked(folder, manifest["dump"], tr)
        files = [(e, _checked(folder, e, tr)) for e in manifest["files"]]
        if files and settings.files_dir is None:
            raise BackupRefused(
                tr.gettext("The backup holds files: set RECLAM_FILES_DIR to where they go.")
            )
        _restore_database(target, dump, tr)
        for entry, path in files:
            assert settings.files_dir is not None
            place = settings.files_dir / entry["name"].removeprefix("files/")
            place.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, place)
    return manifest


def _restore_database(target: Target, dump: Path, tr: Translator) -> None:
    if target.kind == "postgresql":
        pg_restore = _tool("pg_restore", tr)
        _run(
            [pg_restore, "--no-owner", "--exit-on-error", "--dbname", target.libpq, str(dump)],
            tr,
        )
        return
    target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    copy = sqlite3.connect(target.sqlite_path)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
