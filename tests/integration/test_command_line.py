"""The ``reclam`` command line, on a real SQLite file."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.profile import DEMO
from reclam.cli import app
from reclam.migrate import head_revision

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'school.db'}",
        "RECLAM_PROFILE": str(DEMO),
    }


def test_the_demo_takes_a_complaint_from_filing_to_closing_and_show_prints_it_all(
    tmp_path: Path,
) -> None:
    database = tmp_path / "demo.db"
    demo = runner.invoke(app, ["demo", "--database", str(database)])
    assert demo.exit_code == 0, demo.output
    env = {"RECLAM_DATABASE_URL": f"sqlite:///{database}", "RECLAM_PROFILE": str(DEMO)}
    shown = runner.invoke(app, ["complaints", "show", "REC-2026-0001"], env=env)
    assert shown.exit_code == 0, shown.output
    steps = [
        "Réclamation déposée",
        "Réception accusée",
        "Évaluée\xa0: gravité 2",
        "Prise en charge",
        "Note interne",
        "Action 1 planifiée",
        "Client informé",
        "Action 1 réalisée",
        "Acceptée, avec 1 leçon offerte et des excuses écrites",
        "Enquête\xa0: réclamation prise en compte et expliquée oui",
        "Clôturée (enquête remplie par le client)",
    ]
    positions = [shown.output.find(step) for step in steps]
    assert -1 not in positions, shown.output
    assert positions == sorted(positions), "the timeline is in order"
    assert "Statut\xa0: clôturée" in shown.output


def test_staff_are_added_listed_and_removed(env: dict[str, str]) -> None:
    added = runner.invoke(
        app,
        ["staff", "add", "--telegram-id", "777", "--name", "Nadia Ferhat", "--role", "agent"],
        env=env,
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["staff", "list"], env=env)
    assert "Nadia Ferhat" in listed.output
    assert "agent" in listed.output
    removed = runner.invoke(app, ["staff", "remove", "--telegram-id", "777"], env=env)
    assert "Nadia Ferhat ne figure plus" in removed.output
    assert "Nadia Ferhat" not in runner.invoke(app, ["staff", "list"], env=env).output
    everyone = runner.invoke(app, ["staff", "list", "--all"], env=env).output
    assert "Nadia Ferhat" in everyone
    assert "inactif" in everyone


def test_empty_lists_say_so_in_a_sentence(env: dict[str, str]) -> None:
    staff = runner.invoke(app, ["staff", "list"], env=env)
    assert staff.exit_code == 0, staff.output
    assert staff.output.strip() == "Personne ne figure encore dans l'annuaire de l'équipe."
    open_ones = runner.invoke(app, ["complaints", "list"], env=env)
    assert open_ones.output.strip() == "Aucune réclamation ouverte."
    every_one = runner.invoke(app, ["complaints", "list", "--all"], env=env)
    assert every_one.output.strip() == "Aucune réclamation pour l'instant."


def test_an_unknown_role_is_refused_by_the_command_line(env: dict[str, str]) -> None:
    result = runner.invoke(
        app, ["staff", "add", "--telegram-id", "1", "--name", "X", "--role", "boss"], env=env
    )
    assert result.exit_code == 2


def test_an_unknown_reference_is_answered_clearly(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["complaints", "show", "REC-2026-0042"], env=env)
    assert result.exit_code == 1
    assert "Aucune réclamation ne porte la référence REC-2026-0042." in result.output


def test_the_program_refuses_to_start_without_a_mediator(tmp_path: Path) -> None:
    env = {"RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "RECLAM_PROFILE": ""}
    result = runner.invoke(app, ["complaints", "list"], env=env)
    assert result.exit_code == 2
    said = result.output.replace("\u00a0", " ")
    assert "encore celui de l’exemple : mediator.name, mediator.address, mediator.website." in said


def test_the_program_refuses_the_example_profile_left_as_it_is(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "deploy" / "profile.example.toml"
    env = {"RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "RECLAM_PROFILE": str(example)}
    result = runner.invoke(app, ["complaints", "list"], env=env)
    assert result.exit_code == 2
    assert "médiateur" in result.output
    assert "Traceback" not in result.output


def test_db_upgrade_creates_the_schema(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade"], env=env)
    assert result.exit_code == 0
    with contextlib.closing(sqlite3.connect(tmp_path / "school.db")) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert {"complaints", "journal_events", "reference_counters", "clients"} <= tables
    assert revision == (head_revision(),)


def test_the_register_is_exported_from_the_command_line(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    assert runner.invoke(app, ["demo", "--database", str(database)]).exit_code == 0
    env = {"RECLAM_DATABASE_URL": f"sqlite:///{database}", "RECLAM_PROFILE": str(DEMO)}
    output = tmp_path / "registre.csv"
    result = runner.invoke(
        app, ["register", "export", "--format", "csv", "--output", str(output)], env=env
    )
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Référence;Client;Reçue le")
    assert row.startswith("REC-2026-0001;Léa Dubois;")
    assert ";clôturée;" in row
    refused = runner.invoke(
        app, ["register", "export", "--period", "novembre", "--output", str(output)], env=env
    )
    assert refused.exit_code == 1
    assert "n'est pas une période" in refused.output


def test_a_backup_with_the_files_in_the_database_says_they_are_in_it(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    assert runner.invoke(app, ["demo", "--database", str(database)]).exit_code == 0
    env = {"RECLAM_DATABASE_URL": f"sqlite:///{database}", "RECLAM_PROFILE": str(DEMO)}
    archive = tmp_path / "backup.tar.gz"
    taken = runner.invoke(app, ["backup", "--output", str(archive)], env=env)
    assert taken.exit_code == 0, taken.output
    assert "0 fichier" not in taken.output
    assert "avec les fichiers des clients qu'elle conserve" in taken.output
    fresh = env | {"RECLAM_DATABASE_URL": f"sqlite:///{tmp_path / 'restored.db'}"}
    restored = runner.invoke(app, ["restore", str(archive)], env=fresh)
    assert restored.exit_code == 0, restored.output
    at = restored.output.split("Sauvegarde du ")[1].split(" restaurée")[0]
    assert "T" not in at, "the instant in words, not in ISO"
    assert "+00:00" not in at
    assert "avec les fichiers des clients" in restored.output
    assert "0 fichier" not in restored.output
