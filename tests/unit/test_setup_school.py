"""What reclam init writes: a profile Reclam reads back exactly, whatever the school
typed, and settings with email off unless a mail server was given."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.i18n import Translator
from core.profile import load_profile
from reclam.setup_school import Answers, Given, env_text, kept_by_env_file, profile_text

MEDIATOR = {
    "name": "CM2C",
    "address": "14 rue Saint-Jean, 75017 Paris",
    "website": "https://www.cm2c.net",
}
typed = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
    lambda text: text.strip() == text and text != ""
)


def answers(**school: str) -> Answers:
    found = Answers(token="1:A", database_url="sqlite:////srv/reclam.db", manager="Claire")
    found.school = {"name": "École", "address": "1 rue A, 69001 Lyon"} | school
    found.mediator = dict(MEDIATOR)
    return found


@settings(max_examples=60, deadline=None)
@given(name=typed, address=typed)
def test_the_profile_reads_back_what_the_school_typed(name: str, address: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.toml"
        path.write_text(profile_text(answers(name=name, address=address)), encoding="utf-8")
        profile = load_profile(path)
    assert (profile.name, profile.address) == (name, address)
    assert profile.mediator is not None
    assert profile.mediator.website == MEDIATOR["website"]


def test_the_settings_have_email_off_unless_a_mail_server_was_given() -> None:
    plain = Given({}, "https://api.telegram.org", None)
    text = env_text(answers(), Path("/srv/profile.toml"), plain)
    assert "\n# RECLAM_SMTP_HOST=\n" in text
    assert "RECLAM_TELEGRAM_API_URL" not in text
    assert "\n# RECLAM_STAFF_CHAT_ID=\n" in text
    mail = answers()
    mail.smtp = {"host": "smtp.ecole.fr", "port": "587", "username": "u", "password": "a b#c"}
    text = env_text(mail, Path("/srv/profile.toml"), Given({}, "http://127.0.0.1:8081", -1001))
    assert "\nRECLAM_SMTP_HOST=smtp.ecole.fr\n" in text
    assert "\nRECLAM_SMTP_PASSWORD='a b#c'\n" in text
    assert "\nRECLAM_TELEGRAM_API_URL=http://127.0.0.1:8081\n" in text
    assert "\nRECLAM_STAFF_CHAT_ID=-1001\n" in text


@settings(max_examples=60, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40) | st.just(" a'b \\\"$x")
)
def test_a_mail_password_reads_back_as_typed(password: str) -> None:
    from reclam.settings import Settings

    assume(kept_by_env_file(Translator("fr"))(password) is None)  # refused, tested below
    mail = answers()
    mail.smtp = {"host": "smtp.ecole.fr", "password": password}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".env"
        given_ = Given({}, "https://api.telegram.org", None)
        path.write_text(env_text(mail, Path("/srv/profile.toml"), given_), encoding="utf-8")
        read = Settings(_env_file=path)  # type: ignore[call-arg]
    assert read.smtp_password == (password or None)


def test_a_value_the_env_file_would_expand_is_refused_in_one_french_sentence() -> None:
    check = kept_by_env_file(Translator("fr"))
    assert check("mot${de}passe") == (
        "Le fichier .env ne peut pas garder «\u00a0${\u00a0» tel quel\u00a0: choisissez une autre "
        "valeur, ou indiquez-la plutôt dans l'environnement du service."
    )
    assert check("mot$de}passe") is None
