"""``reclam backup --output FILE`` and ``reclam restore FILE`` (see reclam/backups.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from core.i18n import Translator
from reclam.backups import BackupRefused
from reclam.backups import backup as take_backup
from reclam.backups import restore as restore_backup
from reclam.settings import Settings


def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="The archive to write")],
) -> None:
    """Copy the database and the clients' files into one archive, while the bot runs."""
    settings = Settings()
    tr = Translator(settings.language)
    try:
        manifest = take_backup(settings, output, tr)
    except BackupRefused as refused:
        typer.echo(str(refused), err=True)
        raise typer.Exit(2) from None
    if settings.files_dir is None:  # the clients' files are rows of the database
        typer.echo(
            tr.gettext(
                "Backup written to {path} (the database, with the clients' files it keeps).",
                path=output,
            )
        )
        return
    typer.echo(
        tr.ngettext(
            "Backup written to {path} (the database and {n} file).",
            "Backup written to {path} (the database and {n} files).",
            len(manifest["files"]),
            path=output,
        )
    )


def restore(
    archive: Annotated[Path, typer.Argument(help="The archive reclam backup wrote")],
) -> None:
    """Restore a backup into an empty database (and the files folder)."""
    settings = Settings()
    tr = Translator(settings.language)
    try:
        manifest = restore_backup(settings, archive, tr)
    except BackupRefused as refused:
        typer.echo(str(refused), err=True)
        raise typer.Exit(2) from None
    at = tr.datetime(datetime.fromisoformat(manifest["created_at"]), "medium")
    if settings.files_dir is None:
        typer.echo(
            tr.gettext("Backup of {at} restored (the database, with the clients' files).", at=at)
        )
        return
    typer.echo(
        tr.ngettext(
            "Backup of {at} restored (the database and {n} file).",
            "Backup of {at} restored (the database and {n} files).",
            len(manifest["files"]),
            at=at,
        )
    )
