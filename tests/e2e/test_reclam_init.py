"""``reclam init`` as a school owner runs it, against the emulator: the files it writes
pass ``reclam doctor``, its first manager's link works, and a wrong answer is one French
sentence (exit code 2, nothing written) or, with questions, asked again politely."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bots.emulator.people import Emulator
from bots.emulator.session import ChatSession
from core.profile import load_profile

pytestmark = pytest.mark.e2e
RECLAM = str(Path(sys.executable).with_name("reclam"))
SCHOOL = [
    "--school-name", "Auto-école du Parc",
    "--address", "3 rue des Lilas, 69003 Lyon",
    "--email", "contact@autoecole-parc.fr",
    "--manager-name", "Claire Martin",
]  # fmt: skip
MEDIATOR = [
    "--mediator-name", "CNPM Médiation Consommation",
    "--mediator-address", "27 avenue de la Libération, 42400 Saint-Chamond",
    "--mediator-website", "https://www.cnpm-mediation-consommation.eu",
]  # fmt: skip
LINK = re.compile(r"https://t\.me/reclam_bot\?start=(s-[A-Za-z0-9_-]+)")


def clean_env(emulator: Emulator) -> dict[str, str]:
    """The owner's shell: no Reclam setting but the emulator's address."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECLAM_")}
    return env | {"RECLAM_TELEGRAM_API_URL": emulator.base_url}


def reclam(
    env: dict[str, str], folder: Path, *args: str, given: str = ""
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [RECLAM, *args], env=env, cwd=folder, input=given, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr + done.stdout
    return done


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


async def test_init_writes_a_profile_and_settings_that_doctor_accepts_and_a_working_link(
    tmp_path: Path,
) -> None:
    async with Emulator() as emulator:
        bot = emulator.bot()
        claire = emulator.user(101, "Claire")
        group = emulator.group("Équipe", bot, [claire])
        env = clean_env(emulator)
        done = await asyncio.to_thread(
            reclam, env, tmp_path, "init", "--yes", "--token", bot.token, *SCHOOL, *MEDIATOR
        )
        assert done.returncode == 0, done.stderr
        said = plain(done.stdout)
        assert said.startswith("✔ Bot @reclam_bot vérifié")
        assert "Étapes suivantes :" in said
        assert "puis un responsable tape /configurer dans le groupe." in said
        assert "5. Vérifiez tout : reclam doctor" in said
        assert said.index("1. Lancez le bot") < said.index("2. Claire Martin ouvre")
        link = LINK.search(said)
        assert link is not None, said

        profile = load_profile(tmp_path / "profile.toml")
        assert profile.name == "Auto-école du Parc"
        assert profile.mediator is not None
        assert profile.mediator.name == "CNPM Médiation Consommation"
        settings = (tmp_path / ".env").read_text()
        assert f"RECLAM_BOT_TOKEN={bot.token}" in settings
        assert f"RECLAM_DATABASE_URL=sqlite:///{tmp_path / 'reclam.db'}" in settings
        assert "\n# RECLAM_SMTP_HOST=" in settings  # email off until it is filled in
        assert stat.S_IMODE((tmp_path / ".env").stat().st_mode) == 0o600

        # the staff group by its override setting (binding it by /setup is another story)
        served = env | {"RECLAM_STAFF_CHAT_ID": str(group.id)}
        doctor = await asyncio.to_thread(reclam, served, tmp_path, "doctor")
        assert doctor.returncode == 0, doctor.stdout
        assert all(line.startswith("✔ ") for line in doctor.stdout.splitlines())

        invited = await asyncio.to_thread(
            reclam, served, tmp_path, "staff", "invite", "--role", "agent", "--name", "Sami Benali"
        )
        assert invited.returncode == 0, invited.stderr
        first, second = invited.stdout.splitlines()
        assert plain(first).startswith("Lien personnel pour Sami Benali (agent), à ouvrir dans")
        assert LINK.fullmatch(second)

        process = await asyncio.create_subprocess_exec(
            RECLAM, "run", env=served, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            started = await _in_service(process)  # a loaded machine may take seconds to start
            chat = ChatSession(emulator, bot, claire)
            [offer] = await chat.say(f"/start {link.group(1)}")
            assert "Nom\u00a0: Claire Martin\nRôle\u00a0: responsable" in offer
            [welcome] = await chat.press("Oui, rejoindre l’équipe")
            assert welcome.startswith("Bienvenue, Claire Martin")
        finally:
            process.send_signal(signal.SIGTERM)
            rest, _ = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, (started + rest).decode()
        listing = await asyncio.to_thread(reclam, served, tmp_path, "staff", "list")
        assert "Claire Martin" in listing.stdout
        assert "Claire Martin                  responsable" in listing.stdout


async def _in_service(process: asyncio.subprocess.Process) -> bytes:
    """What ``reclam run`` printed up to its "in service" line (a minute at most)."""
    assert process.stdout is not None
    said = b""
    while b"en service" not in said:
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        if not line:
            raise AssertionError(said.decode())  # it stopped before serving
        said += line
    return said


def refused(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return plain(lines[0])


async def test_init_refuses_the_examples_mediator_and_a_wrong_token_and_writes_nothing(
    tmp_path: Path,
) -> None:
    async with Emulator() as emulator:
        bot = emulator.bot()
        env = clean_env(emulator)
        example = ["--mediator-name", "Nom du médiateur de la consommation de votre école"]
        said = refused(
            await asyncio.to_thread(
                reclam, env, tmp_path, "init", "--yes", "--token", bot.token, *SCHOOL,
                *example, *MEDIATOR[2:],
            )
        )  # fmt: skip
        assert said.startswith(
            "C’est la valeur d’exemple, pas le champ « nom » de votre médiateur"
        )
        wrong = ["--token", "123456:not-the-bots-token"]
        said = refused(
            await asyncio.to_thread(reclam, env, tmp_path, "init", "--yes", *wrong, *SCHOOL)
        )
        assert said == (
            "Telegram refuse ce jeton : copiez-le de nouveau depuis @BotFather (/mybots, "
            "API Token)."
        )
        nowhere = ["--database-url", "sqlite:////no/such/folder/school.db"]
        said = refused(
            await asyncio.to_thread(
                reclam, env, tmp_path, "init", "--yes", "--token", bot.token, *SCHOOL,
                *MEDIATOR, *nowhere,
            )
        )  # fmt: skip
        assert said.startswith("Base de données injoignable ([Errno 2] no folder /no/such/folder)")
        said = refused(await asyncio.to_thread(reclam, env, tmp_path, "init", "--yes"))
        assert said == (
            "Il manque la réponse à « Jeton du bot donné par @BotFather » : ajoutez --token."
        )
        assert await asyncio.to_thread(os.listdir, tmp_path) == []  # nothing written
        said = refused(
            await asyncio.to_thread(
                reclam,
                env,
                tmp_path,
                "staff",
                "invite",
                "--role",
                "agent",
                "--name",
                "Sami Benali",
            )
        )
        assert said == "RECLAM_BOT_TOKEN manque : le jeton donné par @BotFather."


async def test_init_asks_again_politely_and_refuses_to_overwrite_without_force(
    tmp_path: Path,
) -> None:
    async with Emulator() as emulator:
        bot = emulator.bot()
        env = clean_env(emulator)
        answers = [
            "123:wrong", bot.token,  # a token Telegram refuses, then the right one
            "Auto-école du Parc", "3 rue des Lilas, 69003 Lyon",
            "pas-une-adresse", "contact@autoecole-parc.fr",  # an email asked again
            "04 72 00 00 00", "",
            "Nom du médiateur de la consommation de votre école", "CNPM Médiation",
            "27 avenue de la Libération, 42400 Saint-Chamond",
            "site-du-mediateur", "https://www.cnpm-mediation-consommation.eu",
            "Claire Martin", "", "",
        ]  # fmt: skip
        done = await asyncio.to_thread(
            reclam, env, tmp_path, "init", given="\n".join(answers) + "\n"
        )
        assert done.returncode == 0, done.stdout + done.stderr
        said = plain(done.stdout)
        assert said.startswith("Installation de Reclam : quelques questions, et c’est prêt.")
        assert said.count("Merci de réessayer.") == 4
        assert "Telegram refuse ce jeton" in said
        assert "Cette adresse électronique ne semble pas juste" in said
        assert "C’est la valeur d’exemple" in said
        assert "doit être une adresse web" in said
        profile = load_profile(tmp_path / "profile.toml")
        assert profile.mediator is not None
        assert profile.mediator.name == "CNPM Médiation"
        assert profile.email == "contact@autoecole-parc.fr"

        again = refused(
            await asyncio.to_thread(reclam, env, tmp_path, "init", "--yes", "--token", bot.token)
        )
        assert again == (
            f"{tmp_path / '.env'} existe déjà : gardez-le, ou relancez reclam init avec "
            "--force pour le remplacer."
        )
        forced = await asyncio.to_thread(
            reclam, env, tmp_path, "init", "--yes", "--force", "--token", bot.token, *SCHOOL,
            *MEDIATOR,
        )  # fmt: skip
        assert forced.returncode == 0, forced.stderr
        assert load_profile(tmp_path / "profile.toml").email == "contact@autoecole-parc.fr"
