"""Load the school profile from TOML over the embedded French defaults."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from core.domain.enums import CompensationKind, DeadlineMode, Priority
from core.domain.errors import N_, ProfileError
from core.domain.profile import (
    CatalogueEntry,
    Category,
    CompensationOption,
    DeadlineSettings,
    Label,
    Mediator,
    PriorityRules,
    SchoolProfile,
)

HERE = Path(__file__).parent
DEFAULTS = HERE / "default_profile.toml"
DEMO = HERE / "demo_profile.toml"
MEDIATOR_KEYS = ("name", "address", "website")
#: the example profile's placeholders (deploy/profile.example.toml): a school that forgot
#: to fill them in would show its clients a mediator that does not exist
PLACEHOLDERS = frozenset(
    {
        "Nom du médiateur de la consommation de votre école",
        "Adresse postale du médiateur",
        "https://site-du-mediateur.example",
    }
)


#: the keys each entry of a list section may have
ENTRY_KEYS = {
    "categories": frozenset({"code", "label", "confidential"}),
    "desired_solutions": frozenset({"code", "label"}),
    "compensations": frozenset({"code", "kind", "label"}),
}


def unknown_keys(defaults: dict[str, Any], override: dict[str, Any]) -> list[str]:
    """The override's keys that the profile does not know (a typo is not ignored)."""
    found = [key for key in override if key not in defaults]
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(defaults.get(key), dict) and key != "label":
            allowed = set(defaults[key]) | ({"answer_days"} if key == "deadlines" else set())
            found += [f"{key}.{k}" for k in value if k not in allowed]
        if key in ENTRY_KEYS and isinstance(value, list):
            for entry in value:
                extra = set(entry) - ENTRY_KEYS[key] if isinstance(entry, dict) else set()
                found += [f"{key}.{k}" for k in sorted(extra)]
    return found


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merge(base[key], value)
        else:
            merged[key] = value
    return merged


def _label(raw: Any) -> Label:
    return Label(dict(raw) if isinstance(raw, dict) else {"fr": str(raw)})


def _deadlines(d: dict[str, Any]) -> DeadlineSettings:
    answer = {Priority[k]: int(v) for k, v in d["answer_days"].items()}
    subdivision = d.get("holiday_subdivision") or None
    if subdivision and subdivision not in holidays.country_holidays("FR").subdivisions:
        raise ProfileError(N_("Unknown French holiday subdivision {code}."), code=subdivision)
    return DeadlineSettings(
        acknowledge_days=int(d["acknowledge_days"]),
        mode=DeadlineMode(d["mode"]),
        holiday_subdivision=subdivision,
        due_soon_days=int(d["due_soon_days"]),
        answer_days=answer,
        default_answer_days=int(d["default_answer_days"]),
        auto_acknowledge=bool(d.get("auto_acknowledge", True)),
        reminder_days_before=tuple(int(x) for x in d.get("reminder_days_before", (5, 2))),
        reminder_hour=int(d.get("reminder_hour", 9)),
        no_news_days=int(d.get("no_news_days", 7)),
        survey_reminder_days=int(d.get("survey_reminder_days", 3)),
        survey_close_days=int(d.get("survey_close_days", 14)),
        reopen_days=int(d.get("reopen_days", 30)),
        low_satisfaction=int(d.get("low_satisfaction", 2)),
        retention_years=int(d.get("retention_years", 3)),
        invitation_days=int(d.get("invitation_days", 7)),
        effectiveness_review_days=int(d.get("effectiveness_review_days", 30)),
    )


def missing_mediator_keys(raw: dict[str, Any]) -> list[str]:
    """The mediator's keys left empty, or still holding the example's placeholder."""
    mediator = raw.get("mediator", {})
    return [
        f"mediator.{k}"
        for k in MEDIATOR_KEYS
        if not str(mediator.get(k, "")).strip() or str(mediator.get(k, "")).strip() in PLACEHOLDERS
    ]


def _build(raw: dict[str, Any]) -> SchoolProfile:
    school = raw["school"]
    try:
        ZoneInfo(school["timezone"])
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ProfileError(N_("Unknown timezone {tz}."), tz=school["timezone"]) from error
    mediator = None if missing_mediator_keys(raw) else Mediator(**raw["mediator"])
    return SchoolProfile(
        name=school["name"],
        address=school["address"],
        timezone=school["timezone"],
        phone=school["phone"],
        email=school["email"],
        website=school["website"],
        categories=tuple(
            Category(c["code"], _label(c["label"]), bool(c.get("confidential", False)))
            for c in raw["categories"]
        ),
        desired_solutions=tuple(
            CatalogueEntry(d["code"], _label(d["label"])) for d in raw["desired_solutions"]
        ),
        compensations=tuple(
            CompensationOption(c["code"], CompensationKind(c["kind"]), _label(c["label"]))
            for c in raw["compensations"]
        ),
        deadlines=_deadlines(raw["deadlines"]),
        priority_rules=PriorityRules(**raw["priority"]),
        mediator=mediator,
        city=str(school.get("city", "")),
        manager=str(school.get("manager", "")),
    )


def load_profile(path: Path | None = None, require_mediator: bool = True) -> SchoolProfile:
    """The profile at ``path`` over the defaults; refuses a profile without a mediator."""
    raw = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    if path is not None:
        try:
            override = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ProfileError(
                N_("Cannot read the school profile {path}: {error}"), path=str(path), error=error
            ) from error
        unknown = unknown_keys(raw, override)
        if unknown:
            raise ProfileError(
                N_("Unknown key(s) in the school profile {path}: {keys}. Check their spelling."),
                path=str(path),
                keys=", ".join(unknown),
            )
        raw = _merge(raw, override)
    missing = missing_mediator_keys(raw)
    if require_mediator and missing:
        raise ProfileError(
            N_(
                "The school profile must name the school's consumer mediator (Code de la "
                "consommation, L612-1 and L616-1). Missing or still the example's: {keys}."
            ),
            keys=", ".join(missing),
        )
    try:
        return _build(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise ProfileError(N_("The school profile is malformed: {error}"), error=error) from error
