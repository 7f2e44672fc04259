"""``reclam init``: a school set up in a few questions (or flags, for scripts). It checks
the bot token with Telegram, writes the school profile and the ``.env`` settings, brings
the database up to date, invites the first manager and says what comes next, in French
by default. A wrong answer is asked again politely; without questions (``--yes``) it is
one sentence and exit code 2."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bots.service import BotRefused
from core.domain.enums import Role
from core.domain.errors import DomainError
from core.domain.journal import Actor
from core.i18n import Translator
from core.profile import PLACEHOLDERS, load_profile
from core.usecases.invite_staff_member import Invitation, InviteStaffMember, invite_staff_member
from reclam.bootstrap import bootstrap
from reclam.settings import Settings
from reclam.setup_errors import SetupMistake

TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
Check = Callable[[str], str | None]  # the problem with an answer, or None
PARIS = "Europe/Paris"


@dataclass
class Asker:
    """Each answer from its flag, or else asked; a wrong one is asked again (or, without
    questions, refused in one sentence)."""

    tr: Translator
    interactive: bool
    given: Given

    def answer(self, key: str, question: str, check: Check, default: str | None = None) -> str:
        """The answer to ``question``: the flag ``--key`` if given, else asked."""
        given = self.given.flags.get(key)
        while True:
            value = given if given is not None else self._asked(key, question, default)
            problem = check(value.strip())
            if problem is None:
                return value.strip()
            if not self.interactive:
                raise SetupMistake(problem)
            typer.echo(self.tr.gettext("{problem} Please try again.", problem=problem))
            given = None

    def _asked(self, key: str, question: str, default: str | None) -> str:
        if not self.interactive:
            if default is None:
                flag = "--" + key.replace("_", "-")
                raise SetupMistake(
                    self.tr.gettext("{what}: missing (give {flag}).", what=question, flag=flag)
                )
            return default
        found: str = typer.prompt(
            question,
            default=default,
            show_default=bool(default),
            hide_input=key.endswith("password"),
            prompt_suffix="\u00a0: " if self.tr.language == "fr" else ": ",  # French spacing
        )
        return found


@dataclass
class Answers:
    token: str = ""
    username: str = ""
    school: dict[str, str] = field(default_factory=dict)
    mediator: dict[str, str] = field(default_factory=dict)
    database_url: str = ""
    manager: str = ""
    smtp: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Given:
    """What the flags said: the answers given (by option name), and the settings that
    are never asked."""

    flags: dict[str, str]
    telegram_api_url: str
    staff_chat_id: int | None


def required(tr: Translator, what: str) -> Check:
    def check(value: str) -> str | None:
        if not value:
            return tr.gettext("The {what} cannot be empty.", what=what)
        if len(value) > 200:
            return tr.gettext("The {what} is too long.", what=what)
        return None

    return check


def mediator_value(tr: Translator, what: str) -> Check:
    """A mediator's detail: given, and not the example's placeholder."""

    def check(value: str) -> str | None:
        if value in PLACEHOLDERS:
            return tr.gettext(
                "This is the example's placeholder, not your mediator's {what}: give the "
                "real one (your mediator's membership letter has it).",
                what=what,
            )
        return required(tr, what)(value)

    return check


def web_address(tr: Translator, what: str, optional: bool = False) -> Check:
    def check(value: str) -> str | None:
        if optional and not value:
            return None
        if not value.startswith(("https://", "http://")) or " " in value:
            return tr.gettext("The {what} must be a web address (https://…).", what=what)
        return mediator_value(tr, what)(value)

    return check


def reachable_database(tr: Translator) -> Check:
    """A database Reclam can open (the same check as reclam doctor's)."""
    from reclam.doctor import database_check

    def check(value: str) -> str | None:
        if not value:
            return required(tr, tr.gettext("database address"))(value)
        settings = Settings(database_url=value, _env_file=None)  # type: ignore[call-arg]
        found = asyncio.run(database_check(settings, tr, upgrading=True))
        return None if found.ok else found.text

    return check


def email_address(tr: Translator) -> Check:
    def check(value: str) -> str | None:
        if value and not EMAIL.fullmatch(value):
            return tr.gettext("This email address does not look right (name@domain.fr).")
        return None

    return check


def ask_school(ask: Asker, answers: Answers) -> None:
    tr = ask.tr
    answers.school = {
        "name": ask.answer(
            "school_name", tr.gettext("School name"), required(tr, tr.gettext("name"))
        ),
        "address": ask.answer(
            "address",
            tr.gettext("School postal address"),
            required(tr, tr.gettext("address")),
        ),
        "email": ask.answer("email", tr.gettext("School email"), email_address(tr), ""),
        "phone": ask.answer("phone", tr.gettext("School phone"), lambda _v: None, ""),
        "website": ask.answer(
            "website",
            tr.gettext("School website"),
            web_address(tr, tr.gettext("website"), optional=True),
            "",
        ),
    }


def ask_mediator(ask: Asker, answers: Answers) -> None:
    tr = ask.tr
    answers.mediator = {
        "name": ask.answer(
            "mediator_name",
            tr.gettext("Name of your consumer mediator"),
            mediator_value(tr, tr.gettext("name")),
        ),
        "address": ask.answer(
            "mediator_address",
            tr.gettext("Postal address of the mediator"),
            mediator_value(tr, tr.gettext("address")),
        ),
        "website": ask.answer(
            "mediator_website",
            tr.gettext("Website of the mediator"),
            web_address(tr, tr.gettext("website")),
        ),
    }


def ask_token(ask: Asker, answers: Answers) -> None:
    """The token, checked with Telegram (getMe)."""
    from reclam.bot_identity import bot_username

    tr = ask.tr

    def check(value: str) -> str | None:
        if not TOKEN.fullmatch(value):
            return tr.gettext(
                "A bot token looks like 123456789:AAE… (digits, a colon, then letters): "
                "copy it from @BotFather."
            )
        settings = Settings(
            bot_token=value,
            telegram_api_url=ask.given.telegram_api_url,
            _env_file=None,  # type: ignore[call-arg]
        )
        try:
            answers.username = asyncio.run(bot_username(settings))
        except BotRefused:
            return tr.gettext(
                "Telegram refuses this token: copy it again from @BotFather (/mybots, API Token)."
            )
        return None

    question = tr.gettext("Bot token from @BotFather")
    answers.token = ask.answer("token", question, check)


def profile_text(answers: Answers) -> str:
    def section(name: str, values: dict[str, str]) -> list[str]:
        lines = [f"[{name}]"]
        lines += [
            f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()
        ]
        return lines

    head = [
        "# The school profile, written by reclam init. Keys left out keep the French",
        "# defaults (core/default_profile.toml): deadlines, categories, solutions… Copy",
        "# a section from deploy/profile.example.toml to change it, then run reclam doctor.",
        "",
    ]
    school = answers.school | {"timezone": PARIS, "manager": answers.manager}
    body = section("school", school) + [""] + section("mediator", answers.mediator)
    return "\n".join(head + body) + "\n"


def env_text(answers: Answers, profile: Path, given: Given) -> str:
    lines = [
        "# Reclam's settings, written by reclam init (chmod 600: it holds the bot's token).",
        f"RECLAM_BOT_TOKEN={answers.token}",
        f"RECLAM_DATABASE_URL={answers.database_url}",
        f"RECLAM_PROFILE={profile}",
        "RECLAM_FRAMEWORK=aiogram",
        "RECLAM_LANGUAGE=fr",
    ]
    if given.telegram_api_url != Settings.model_fields["telegram_api_url"].default:
        lines.append(f"RECLAM_TELEGRAM_API_URL={given.telegram_api_url}")
    lines.append("# The staff group: bound by /setup in the group; this setting overrides it.")
    chat = given.staff_chat_id
    lines.append(f"RECLAM_STAFF_CHAT_ID={chat}" if chat is not None else "# RECLAM_STAFF_CHAT_ID=")
    lines.append("# Email: off until your mail server is filled in (then run reclam doctor).")
    smtp = answers.smtp or dict.fromkeys(("host", "port", "username", "password", "sender"), "")
    prefix = "" if answers.smtp else "# "
    lines += [f"{prefix}RECLAM_SMTP_{key.upper()}={_quoted(v)}" for key, v in smtp.items()]
    return "\n".join(lines) + "\n"


def kept_by_env_file(tr: Translator) -> Check:
    """Any value the .env file can hold as typed: its reader expands ``${NAME}`` even
    between quotes, so a value holding ``${`` would be read back changed."""

    def check(value: str) -> str | None:
        if "${" not in value:
            return None
        return tr.gettext(
            'The .env file cannot keep "${" as typed: choose another value, or set it '
            "in the service's environment instead."
        )

    return check


def _quoted(value: str) -> str:
    """A value as the .env reader reads it back: single quotes, in which python-dotenv
    decodes only ``\\\\`` and ``\\'`` (as its own ``set_key`` writes them)."""
    if not re.search(r"[\s#'\"\\$]", value):
        return value
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


@dataclass(frozen=True)
class Files:
    env: Path
    profile: Path
    force: bool

    def refuse_to_overwrite(self, tr: Translator) -> None:
        for path in (self.env, self.profile):
            if path.exists() and not self.force:
                raise SetupMistake(
                    tr.gettext(
                        "{path} already exists: keep it, or run reclam init again with "
                        "--force to replace it.",
                        path=str(path),
                    )
                )

    def write(self, tr: Translator, answers: Answers, given: Given) -> None:
        """The profile (checked as Reclam will read it), then the settings."""
        self.profile.parent.mkdir(parents=True, exist_ok=True)
        draft = self.profile.with_name(self.profile.name + ".new")
        draft.write_text(profile_text(answers), encoding="utf-8")
        try:
            load_profile(draft)
        except DomainError as error:
            draft.unlink()
            raise SetupMistake(tr.error(error)) from error
        draft.replace(self.profile)
        self.env.parent.mkdir(parents=True, exist_ok=True)
        self.env.write_text(env_text(answers, self.profile, given), encoding="utf-8")
        self.env.chmod(0o600)


async def first_manager(settings: Settings, answers: Answers) -> Invitation:
    """Bring the database up to date and invite the first manager."""
    application = await bootstrap(settings)
    try:
        command = InviteStaffMember(answers.manager, Role.MANAGER)
        return await invite_staff_member(application.deps, Actor.system(), command)
    finally:
        await application.close()


def next_steps(
    tr: Translator, answers: Answers, invitation: Invitation, files: Files
) -> list[str]:
    from bots.telegram.links import invitation_url

    until = tr.date(invitation.expires_at.astimezone(ZoneInfo(PARIS)).date())
    steps = [
        tr.gettext(
            "✔ Bot @{bot} checked; profile {profile} and settings {env} written; database "
            "up to date.",
            bot=answers.username,
            profile=str(files.profile),
            env=str(files.env),
        ),
        "",
        tr.gettext("Next steps:"),
        tr.gettext(
            "1. Start the bot and leave it running (another terminal, or the service in "
            "deploy/): reclam run. The next steps happen in Telegram and need its answers."
        ),
        tr.gettext(
            "2. {name} opens this personal link in Telegram and confirms (it works once, "
            "until {date}): {url}",
            name=invitation.name,
            date=until,
            url=invitation_url(answers.username, invitation.token),
        ),
        tr.gettext(
            "3. Add @{bot} to the staff group, make it an administrator with the right to "
            "manage topics, then a manager types /setup in the group.",
            bot=answers.username,
        ),
        tr.gettext(
            "4. Invite your colleagues: /invite agent First Last in the group, or "
            'reclam staff invite --role agent --name "First Last".'
        ),
        tr.gettext("5. Check everything: reclam doctor"),
    ]
    if files.env.resolve() != (Path.cwd() / ".env").resolve():
        steps.append(
            tr.gettext(
                "reclam reads the .env of the folder it runs in: run it from {folder}, or "
                "load {env} into its environment.",
                folder=str(files.env.parent),
                env=str(files.env),
            )
        )
    return steps


def ask_rest(ask: Asker, answers: Answers, default_database: str) -> None:
    tr = ask.tr
    answers.manager = ask.answer(
        "manager_name",
        tr.gettext("First and last name of the first manager (you, probably)"),
        required(tr, tr.gettext("name")),
    )
    answers.database_url = ask.answer(
        "database_url",
        tr.gettext("Database (Enter: a SQLite file next to the settings)"),
        reachable_database(tr),
        default_database,
    )
    anything = kept_by_env_file(tr)
    host = ask.answer("smtp_host", tr.gettext("Mail server (Enter: email off)"), anything, "")
    if not host:
        return
    questions = {
        "port": (tr.gettext("Mail server port"), "587"),
        "username": (tr.gettext("Mail server user name"), ""),
        "password": (tr.gettext("Mail server password"), ""),
        "sender": (tr.gettext("Sender address of the emails"), answers.school.get("email", "")),
    }
    answers.smtp = {"host": host} | {
        key: ask.answer(f"smtp_{key}", question, anything, default)
        for key, (question, default) in questions.items()
    }


def set_up(given: Given, files: Files, interactive: bool) -> None:
    """The whole set-up, in the order a school owner expects it."""
    tr = Translator("fr")
    files.refuse_to_overwrite(tr)
    ask = Asker(tr, interactive, given)
    if interactive:
        typer.echo(tr.gettext("Setting Reclam up: a few questions, and it is ready."))
    answers = Answers()
    ask_token(ask, answers)
    ask_school(ask, answers)
    ask_mediator(ask, answers)
    ask_rest(ask, answers, f"sqlite:///{files.env.parent.resolve() / 'reclam.db'}")
    files.write(tr, answers, given)
    settings = Settings(
        bot_token=answers.token,
        telegram_api_url=given.telegram_api_url,
        database_url=answers.database_url,
        profile=files.profile,
        _env_file=None,  # type: ignore[call-arg]
    )
    invitation = asyncio.run(first_manager(settings, answers))
    for line in next_steps(tr, answers, invitation, files):
        typer.echo(line)


Text = Annotated[str | None, typer.Option()]


def init(  # noqa: PLR0913  (one flag per answer, for scripts)
    token: Annotated[str | None, typer.Option(help="The bot token from @BotFather")] = None,
    school_name: Text = None,
    address: Text = None,
    email: Text = None,
    phone: Text = None,
    website: Text = None,
    mediator_name: Text = None,
    mediator_address: Text = None,
    mediator_website: Text = None,
    manager_name: Annotated[str | None, typer.Option(help="The first manager's name")] = None,
    database_url: Annotated[
        str | None, typer.Option(help="Default: a SQLite file next to the .env")
    ] = None,
    smtp_host: Text = None,
    smtp_port: Text = None,
    smtp_username: Text = None,
    smtp_password: Text = None,
    smtp_sender: Text = None,
    env_file: Annotated[Path, typer.Option(help="The settings file to write")] = Path(".env"),
    profile: Annotated[
        Path | None, typer.Option(help="The school profile to write (default: next to it)")
    ] = None,
    staff_chat_id: Annotated[
        int | None, typer.Option(help="Only to override the group bound by /setup")
    ] = None,
    telegram_api_url: Annotated[
        str, typer.Option(envvar="RECLAM_TELEGRAM_API_URL", hidden=True)
    ] = "https://api.telegram.org",
    yes: Annotated[
        bool, typer.Option("--yes", "--non-interactive", help="Ask nothing: flags only")
    ] = False,
    force: Annotated[bool, typer.Option(help="Replace existing files")] = False,
) -> None:
    """Set a school up: the bot token (checked), the school and its mediator, the
    database; writes .env and the school profile, invites the first manager."""
    answers = {
        "token": token,
        "school_name": school_name,
        "address": address,
        "email": email,
        "phone": phone,
        "website": website,
        "mediator_name": mediator_name,
        "mediator_address": mediator_address,
        "mediator_website": mediator_website,
        "manager_name": manager_name,
        "database_url": database_url,
        "smtp_host": smtp_host,
        "smtp_port": smtp_port,
        "smtp_username": smtp_username,
        "smtp_password": smtp_password,
        "smtp_sender": smtp_sender,
    }
    flags = {key: value for key, value in answers.items() if value is not None}
    given = Given(flags, telegram_api_url.rstrip("/"), staff_chat_id)
    env = env_file.absolute()
    files = Files(env, (profile or env.with_name("profile.toml")).absolute(), force)
    set_up(given, files, interactive=not yes)
