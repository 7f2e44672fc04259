"""The deployment files in deploy/ are worth copying: checked here because the machine
that runs the tests has no Docker daemon, no hadolint and no booted systemd (CI runs
hadolint and ``docker compose config`` where they exist)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def packages() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    found: list[str] = project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    return found


def dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined."""
    text = (DEPLOY / "Dockerfile").read_text()
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def test_the_image_builds_in_two_stages_on_an_exactly_pinned_base() -> None:
    bases = [line.split()[1] for line in dockerfile() if line.startswith("FROM ")]
    assert len(bases) >= 2
    for base in bases:
        assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base)


def test_the_image_copies_every_package_of_the_wheel_and_runs_as_a_user_with_a_healthcheck() -> (
    None
):
    lines = dockerfile()
    final = lines[max(i for i, line in enumerate(lines) if line.startswith("FROM ")) :]
    copied = {
        line.split()[1] for line in lines[: len(lines) - len(final)] if line.startswith("COPY ")
    }
    assert set(packages()) <= copied
    [user] = [line.split()[1] for line in final if line.startswith("USER ")]
    assert user.split(":")[0] not in ("root", "0")
    [healthcheck] = [line for line in final if line.startswith("HEALTHCHECK ")]
    assert "/healthz" in healthcheck
    assert any(line.startswith("COPY --from=build") for line in final)


def test_the_build_context_holds_only_the_packages() -> None:
    rules = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules[0] == "**"  # everything is left out, then the packages let in
    allowed = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    assert allowed == {*packages(), "pyproject.toml", "README.md"}
    assert {"**/.env", "**/*.db"} <= set(rules)


def compose() -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def test_compose_waits_for_a_healthy_database_on_a_named_volume() -> None:
    services = compose()["services"]
    assert isinstance(services, dict)
    db, bot = services["db"], services["bot"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert bot["depends_on"] == {"db": {"condition": "service_healthy"}}
    [volume] = db["volumes"]
    assert volume.split(":")[0] in compose()["volumes"]  # type: ignore[operator]


def test_compose_holds_no_secret_and_each_env_file_has_an_example() -> None:
    services = compose()["services"]
    assert isinstance(services, dict)
    for service in services.values():
        environment = service.get("environment", {})
        assert not [key for key in environment if re.search("PASSWORD|TOKEN|SECRET", key)]
        assert not [v for v in environment.values() if "://" in str(v) and "@" in str(v)]
        env_file = service["env_file"]
        assert (DEPLOY / f"{env_file}.example").exists()
        assert "deploy/*.env" in (ROOT / ".gitignore").read_text().splitlines()


def unit() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in (DEPLOY / "reclam.service").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            settings.setdefault(key, []).append(value)
    return settings


def test_the_systemd_unit_is_hardened() -> None:
    found = unit()
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "ProtectKernelTunables": "yes",
        "ProtectKernelModules": "yes",
        "ProtectKernelLogs": "yes",
        "CapabilityBoundingSet": "",
        "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
        "ReadWritePaths": "/var/lib/reclam",
        "User": "reclam",
    }.items():
        assert found.get(key) == [value], key
    assert "@system-service" in found["SystemCallFilter"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is absent")
def test_systemd_rates_the_unit_at_3_or_lower(tmp_path: Path) -> None:
    copy = tmp_path / "reclam.service"
    shutil.copy(DEPLOY / "reclam.service", copy)
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    exposure = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
    if exposure is None:
        pytest.skip(f"systemd-analyze cannot rate a unit here: {result.stderr.strip()}")
    assert float(exposure.group(1)) <= 3.0, result.stdout


def test_the_example_settings_are_safe_to_copy_as_they_are(tmp_path: Path) -> None:
    """Copied unedited, the example .env sends no email towards a placeholder server and
    names no placeholder staff group; its placeholder token is refused by Telegram."""
    from reclam.settings import Settings

    copy = tmp_path / ".env"
    shutil.copy(DEPLOY / "reclam.env.example", copy)
    settings = Settings(_env_file=copy)  # type: ignore[call-arg]
    assert settings.smtp_host is None
    assert settings.staff_chat_id is None
    assert settings.bot_token is not None
    assert "replace-with" in settings.bot_token
