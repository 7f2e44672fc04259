"""``reclam backup`` takes a consistent copy while clients are filing, files included;
``reclam restore`` rebuilds it in a fresh database, and refuses a database in use."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bots.emulator.world import User
from core.persistence.tables import complaints, evidence_files
from core.profile import DEMO
from reclam.cli import app
from tests.databases import POSTGRES_URL, SKIP_POSTGRES, postgres_database
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_evidence_files import file_with

pytestmark = pytest.mark.e2e
CLIENTS = 10


def cli(args: list[str], env: dict[str, str]) -> asyncio.Future[object]:
    """The real command line, in a thread: the bot goes on serving meanwhile."""
    return asyncio.ensure_future(asyncio.to_thread(CliRunner().invoke, app, args, env=env))


def env_for(url: str, files: Path) -> dict[str, str]:
    return {
        "RECLAM_DATABASE_URL": url,
        "RECLAM_PROFILE": str(DEMO),
        "RECLAM_FILES_DIR": str(files),
    }


async def filed(r: Reclam) -> int:
    async with r.uow() as uow:
        return len((await uow.session.scalars(select(complaints.c.id))).all())


async def listing_and_register(
    env: dict[str, str], folder: Path
) -> tuple[list[str], list[list[str]]]:
    listed: object = await cli(["complaints", "list", "--all"], env)
    out = folder / "register.csv"
    exported: object = await cli(
        ["register", "export", "--format", "csv", "--output", str(out)], env
    )
    assert getattr(exported, "exit_code", 1) == 0, getattr(exported, "output", "")
    with out.open(newline="", encoding="utf-8-sig") as source:
        rows = list(csv.reader(source, delimiter=";"))
    return str(getattr(listed, "output", "")).splitlines(), rows


async def backup_while_filing(r: Reclam, archive: Path, env: dict[str, str]) -> None:
    users = [r.emulator.user(600 + n, f"Client{n}", "Test") for n in range(CLIENTS)]

    async def one(n: int, user: User) -> str:
        await asyncio.sleep(0.6 * n)  # they keep coming while the backup runs
        return await file_with(r, user, [(f"preuve{n}.pdf", "document", b"%d " % n * 500)])

    filings = [asyncio.ensure_future(one(n, user)) for n, user in enumerate(users)]
    while await filed(r) < 3:  # noqa: ASYNC110  (the database is polled, not an event)
        await asyncio.sleep(0.05)
    taken: object = await cli(["backup", "--output", str(archive)], env)
    assert getattr(taken, "exit_code", 1) == 0, getattr(taken, "output", "")
    await asyncio.gather(*filings)
    await r.settled()


async def scenario(database: str, tmp_path: Path, fresh_url: str) -> None:
    source_files, restored_files = tmp_path / "files", tmp_path / "restored-files"
    archive = tmp_path / "reclam-backup.tar.gz"
    async with reclam("aiogram", tmp_path, database=database, files_dir=source_files) as r:
        source = env_for(r.uow.engine.url.render_as_string(hide_password=False), source_files)
        await backup_while_filing(r, archive, source)
        restored = env_for(fresh_url, restored_files)
        done: object = await cli(["restore", str(archive)], restored)
        assert getattr(done, "exit_code", 1) == 0, getattr(done, "output", "")
        listing, register = await listing_and_register(restored, tmp_path)
        now_listing, now_register = await listing_and_register(source, tmp_path)
        references = {line.split()[0] for line in listing}
        assert 3 <= len(references) < CLIENTS  # those filed by the backup's instant
        assert listing == [line for line in now_listing if line.split()[0] in references]
        assert register[1:] == [row for row in now_register[1:] if set(row) & references]
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        assert manifest["files"], "some evidence was kept before the backup"
        for entry in manifest["files"]:
            name = entry["name"].removeprefix("files/")
            copy = (restored_files / name).read_bytes()
            assert copy == (source_files / name).read_bytes()
            assert hashlib.sha256(copy).hexdigest() == entry["sha256"] == Path(name).name
        async with r.uow() as uow:
            kept = await uow.session.execute(
                select(evidence_files.c.sha256).where(evidence_files.c.status == "stored")
            )
            assert {e["sha256"] for e in manifest["files"]} <= {row[0] for row in kept}
        again: object = await cli(["restore", str(archive)], restored)
        assert getattr(again, "exit_code", 0) == 2
        [line] = str(getattr(again, "output", "")).splitlines()
        assert line.startswith("La base de données n'est pas vide\xa0:")


async def test_a_backup_taken_while_clients_file_restores_identically_on_sqlite(
    tmp_path: Path,
) -> None:
    await scenario("sqlite", tmp_path, f"sqlite:///{tmp_path / 'restored.db'}")


@pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)
async def test_a_backup_taken_while_clients_file_restores_identically_on_postgresql(
    tmp_path: Path,
) -> None:
    async with postgres_database() as fresh:
        await scenario("postgres", tmp_path, fresh)
