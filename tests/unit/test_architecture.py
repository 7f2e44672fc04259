"""The architecture is checked, not hoped for: import-linter's layers contract fails the
build when the core imports a channel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("core", "bots", "mail", "reclam")


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the project's packages and configuration, to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_contract_holds_for_the_project_as_it_is(tree: Path) -> None:
    result = lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Layers: the composition root, then the channels" in result.stdout


@pytest.mark.parametrize(
    ("module", "channel"),
    [
        ("core/usecases/file_complaint.py", "bots.telegram.markup"),
        ("core/domain/people.py", "mail.smtp"),
    ],
)
def test_the_build_fails_when_the_core_imports_a_channel(
    tree: Path, module: str, channel: str
) -> None:
    source = tree / module
    source.write_text(source.read_text() + f"\nimport {channel}  # noqa\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_the_build_fails_when_the_telegram_channel_imports_the_email_channel(
    tree: Path,
) -> None:
    source = tree / "bots" / "telegram" / "markup.py"
    source.write_text(source.read_text() + "\nimport mail.smtp  # noqa\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
