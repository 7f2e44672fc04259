"""The school profile: French defaults, overrides, and the mandatory mediator."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.domain.enums import DeadlineMode, Priority
from core.domain.errors import ProfileError
from core.profile import load_profile

MEDIATOR = """
[mediator]
name = "CM2C"
address = "14 rue Saint-Jean, 75017 Paris"
website = "https://www.cm2c.net"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_mediator_the_profile_is_refused_and_the_missing_keys_named() -> None:
    with pytest.raises(ProfileError) as refused:
        load_profile(None)
    message = str(refused.value)
    assert "mediator.name, mediator.address, mediator.website" in message
    assert "L612-1" in message


def test_a_partly_filled_mediator_names_only_what_is_missing(tmp_path: Path) -> None:
    path = write(tmp_path, '[mediator]\nname = "CM2C"\naddress = "Paris"\n')
    with pytest.raises(ProfileError, match=r"the example.s: mediator\.website\.$"):
        load_profile(path)


def test_the_defaults_are_french_and_suited_to_a_driving_school(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, MEDIATOR))
    assert profile.timezone == "Europe/Paris"
    assert profile.deadlines.acknowledge_days == 10
    assert profile.deadlines.mode is DeadlineMode.CALENDAR
    codes = [c.code for c in profile.categories]
    assert codes == [
        "teaching",
        "planning",
        "exams",
        "billing",
        "vehicles",
        "staff_conduct",
        "reception",
        "other",
    ]
    conduct = profile.category("staff_conduct")
    assert conduct is not None
    assert conduct.confidential
    assert conduct.label.in_language("fr") == "Comportement d'un membre du personnel"
    assert profile.mediator is not None
    assert profile.mediator.website == "https://www.cm2c.net"


def test_a_school_overrides_only_what_it_sets(tmp_path: Path) -> None:
    text = (
        MEDIATOR + '[school]\nname = "Auto-école du Lac"\n[deadlines]\nmode = "working"\n'
        "answer_days = { P1 = 1, P2 = 5, P3 = 10, P4 = 20 }\n"
    )
    profile = load_profile(write(tmp_path, text))
    assert profile.name == "Auto-école du Lac"
    assert profile.timezone == "Europe/Paris"
    assert profile.deadlines.mode is DeadlineMode.WORKING
    assert profile.deadlines.answer_days[Priority.P1] == 1
    assert profile.deadlines.acknowledge_days == 10


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[school]\ntimezone = "Mars/Olympus"\n', "timezone"),
        ('[deadlines]\nmode = "lunar"\n', "malformed"),
        ('[deadlines]\nholiday_subdivision = "99"\n', "subdivision"),
        ("[school\n", "Cannot read"),
    ],
)
def test_a_malformed_profile_is_refused_with_a_clear_message(
    tmp_path: Path, text: str, complaint: str
) -> None:
    with pytest.raises(ProfileError, match=complaint):
        load_profile(write(tmp_path, MEDIATOR + text))


EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "profile.example.toml"


def test_the_example_profile_does_not_start_until_its_mediator_is_edited() -> None:
    with pytest.raises(ProfileError, match="mediator.name, mediator.address, mediator.website"):
        load_profile(EXAMPLE)


def test_the_example_profile_loads_once_its_mediator_is_filled_in(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for placeholder, real in (
        ("Nom du médiateur de la consommation de votre école", "CM2C"),
        ("Adresse postale du médiateur", "14 rue Saint-Jean, 75017 Paris"),
        ("https://site-du-mediateur.example", "https://www.cm2c.net"),
    ):
        text = text.replace(placeholder, real)
    profile = load_profile(write(tmp_path, text))
    assert profile.name == "Auto-école du Centre"
    assert profile.mediator is not None
    assert profile.mediator.name == "CM2C"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[deadlines]\nacknowlege_days = 10\n", "deadlines.acknowlege_days"),
        ("[shcool]\nname = 'X'\n", "shcool"),
        (
            "[[categories]]\ncode = 'x'\nlabel = 'X'\nconfidentiel = true\n",
            "categories.confidentiel",
        ),
    ],
)
def test_a_misspelt_profile_key_is_refused_and_named(
    tmp_path: Path, text: str, named: str
) -> None:
    with pytest.raises(ProfileError) as refused:
        load_profile(write(tmp_path, MEDIATOR + text))
    assert named in str(refused.value)
    assert str(tmp_path / "profile.toml") in str(refused.value)
