"""``reclam complaints record``: a complaint received by phone, at the desk, by letter,
email or review enters the one register, with its channel, its deadlines counted from the
day the school received it; bad input is refused in one line, with nothing written."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from core.profile import DEMO
from reclam.cli import app

runner = CliRunner()


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Paris")).date()


CHANNELS = {
    "phone": "téléphone",
    "desk": "à l'accueil",
    "letter": "courrier",
    "email": "e-mail",
    "review": "avis en ligne",
    "other": "autre",
}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {
        "RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'school.db'}",
        "RECLAM_PROFILE": str(DEMO),
    }
    added = runner.invoke(
        app,
        ["staff", "add", "--telegram-id", "101", "--name", "Claire Martin", "--role", "agent"],
        env=env,
    )
    assert added.exit_code == 0, added.output
    return env


def record(env: dict[str, str], *changes: str, **options: str) -> tuple[int, str, str]:
    values = {
        "channel": "phone",
        "received-on": (today() - timedelta(days=3)).isoformat(),
        "client-name": "Jean Dupont",
        "phone": "06 12 34 56 78",
        "category": "billing",
        "description": "Facturé deux fois pour la leçon du 2 novembre.",
        "by": "Claire Martin",
    } | {k.replace("_", "-"): v for k, v in options.items()}
    argv = ["complaints", "record"]
    for name, value in values.items():
        if value:
            argv += [f"--{name}", value]
    result = runner.invoke(app, [*argv, *changes], env=env)
    return result.exit_code, result.stdout, result.stderr


def rows(env: dict[str, str], database: Path) -> list[dict[str, str]]:
    out = database.parent / "registre.csv"
    exported = runner.invoke(
        app, ["register", "export", "--output", str(out), "--format", "csv"], env=env
    )
    assert exported.exit_code == 0, exported.output
    text = out.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_a_complaint_recorded_from_any_channel_enters_the_register_with_its_channel(
    env: dict[str, str], tmp_path: Path, channel: str
) -> None:
    received = today() - timedelta(days=3)
    code, out, err = record(env, channel=channel, received_on=received.isoformat())
    assert code == 0, err
    assert out == f"REC-{today().year}-0001\n"  # the reference, and nothing else
    [row] = rows(env, tmp_path / "school.db")
    assert row["Canal"] == CHANNELS[channel]
    assert row["Reçue le"] == received.isoformat()
    assert row["Client"] == "Jean Dupont"


def test_the_acknowledgement_deadline_runs_from_the_day_the_school_received_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    received = today() - timedelta(days=4)
    code, out, _ = record(env, received_on=received.isoformat(), channel="letter")
    assert code == 0
    with sqlite3.connect(tmp_path / "school.db") as connection:
        due, channel = connection.execute(
            "SELECT acknowledge_by, channel FROM complaints WHERE reference = ?", (out.strip(),)
        ).fetchone()
    assert date.fromisoformat(due) == received + timedelta(days=10)  # calendar days
    assert channel == "letter"


def test_who_recorded_it_is_journaled(env: dict[str, str], tmp_path: Path) -> None:
    code, out, _ = record(env, by="101")
    assert code == 0
    with sqlite3.connect(tmp_path / "school.db") as connection:
        [(kind, name, role)] = connection.execute(
            "SELECT kind, actor_name, actor_role FROM journal_events WHERE kind = 'filed'"
        ).fetchall()
    assert (kind, name, role) == ("filed", "Claire Martin", "agent")


def test_a_client_known_by_email_is_the_same_client(env: dict[str, str], tmp_path: Path) -> None:
    assert record(env, email="jean@example.fr", phone="")[0] == 0
    assert record(env, email="JEAN@example.fr", channel="desk")[0] == 0
    assert count(tmp_path / "school.db", "clients") == 1
    assert count(tmp_path / "school.db", "complaints") == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"channel": "fax"}, "fax n'est pas un canal"),
        ({"channel": "telegram"}, "fax n'est pas un canal".replace("fax", "telegram")),
        ({"category": "weather"}, "weather n'est pas une catégorie de réclamation."),
        ({"received_on": "2999-01-01"}, "La date de réception ne peut pas être dans le futur."),
        ({"received_on": "31/12/2025"}, "31/12/2025 n'est pas une date"),
        ({"phone": ""}, "Indiquez au moins un moyen de joindre le client"),
        ({"by": "Inconnu"}, "Inconnu ne figure pas dans l'annuaire de l'équipe."),
        ({"email": "jean<at>example"}, "n'est pas une adresse e-mail valide"),
        ({"description": " "}, "description"),
    ],
)
def test_bad_input_is_refused_in_one_line_with_exit_code_2_and_nothing_written(
    env: dict[str, str], tmp_path: Path, change: dict[str, str], message: str
) -> None:
    code, out, err = record(env, **change)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1  # one clear line
    assert count(tmp_path / "school.db", "complaints") == 0
    assert count(tmp_path / "school.db", "clients") == 0
