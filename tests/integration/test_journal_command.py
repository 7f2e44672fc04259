"""``reclam journal verify`` on a real SQLite file: one French line, exit code 0 while the
journal is as recorded, 1 naming the first event changed in the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from core.profile import DEMO
from reclam.cli import app

runner = CliRunner()
REFERENCE = "REC-2026-0001"


def test_verify_says_intact_then_names_the_event_edited_in_the_database(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    assert runner.invoke(app, ["demo", "--database", str(database)]).exit_code == 0
    env = {"RECLAM_DATABASE_URL": f"sqlite:///{database}", "RECLAM_PROFILE": str(DEMO)}
    intact = runner.invoke(app, ["journal", "verify"], env=env)
    assert intact.exit_code == 0, intact.output
    assert intact.output.startswith("Journal intact\xa0: ")
    assert "jusqu'à l'ancre du" in intact.output  # the demo's scheduled work anchored it
    anchored = runner.invoke(app, ["journal", "anchor"], env=env)
    assert anchored.exit_code == 0, anchored.output
    assert "Journal ancré le" in anchored.output
    assert runner.invoke(app, ["journal", "verify"], env=env).exit_code == 0
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE journal_events SET payload = json_set(payload, '$.severity', 1) "
            "WHERE kind = 'evaluated'"
        )
    altered = runner.invoke(app, ["journal", "verify"], env=env)
    assert altered.exit_code == 1
    assert altered.output.splitlines() == [
        f"Journal altéré\xa0: {REFERENCE}, événement n°\xa03 (évaluation)\xa0: "
        "modifié après son enregistrement."
    ]
    one = runner.invoke(app, ["journal", "verify", "--reference", REFERENCE], env=env)
    assert one.exit_code == 1
    elsewhere = runner.invoke(app, ["journal", "verify", "--reference", "REC-2099-0001"], env=env)
    assert elsewhere.exit_code == 0, elsewhere.output
