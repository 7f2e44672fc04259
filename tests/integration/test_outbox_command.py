"""``reclam outbox failed`` lists what was given up after its retries, and ``reclam
outbox retry`` queues it again for the running bot."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from core.profile import DEMO
from reclam.cli import app

runner = CliRunner()


def test_a_failed_delivery_is_listed_then_queued_again_and_no_longer_listed(
    tmp_path: Path,
) -> None:
    database = tmp_path / "school.db"
    env = {"RECLAM_DATABASE_URL": f"sqlite:///{database}", "RECLAM_PROFILE": str(DEMO)}
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    assert runner.invoke(app, ["outbox", "failed"], env=env).output == ("Aucun envoi en échec.\n")
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO outbox (id, channel, recipient, method, payload, created_at, status,"
            " attempts, next_attempt_at, sent_at, error) VALUES"
            " (7, 'telegram', '501', 'send_message', '{}', '2026-12-01 10:00:00', 'failed',"
            "  8, '2026-12-01 10:00:00', '2026-12-01 10:05:00', 'Forbidden: bot was blocked'),"
            " (8, 'telegram', '502', 'send_message', '{}', '2026-12-01 10:00:00', 'sent',"
            "  1, '2026-12-01 10:00:00', '2026-12-01 10:00:01', NULL)"
        )
    listed = runner.invoke(app, ["outbox", "failed"], env=env)
    assert listed.exit_code == 0, listed.output
    [line] = listed.output.splitlines()
    assert line.startswith("#7 ")
    assert "telegram:501" in line
    assert "Forbidden: bot was blocked" in line
    retried = runner.invoke(app, ["outbox", "retry", "7", "8"], env=env)
    assert retried.output == "1 envoi remis en file.\n"  # the sent one is left alone
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT id, status, attempts FROM outbox ORDER BY id").fetchall() == [
            (7, "pending", 0),
            (8, "sent", 1),
        ]
    assert runner.invoke(app, ["outbox", "failed"], env=env).output == ("Aucun envoi en échec.\n")
