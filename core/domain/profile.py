"""The school's profile: identity, mediator, catalogues, deadlines and priority rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.domain.enums import CompensationKind, DeadlineMode, Priority


@dataclass(frozen=True)
class Label:
    """A label written by the school, in French and optionally other languages."""

    texts: dict[str, str]

    def in_language(self, language: str) -> str:
        return self.texts.get(language) or self.texts.get("fr") or next(iter(self.texts.values()))


@dataclass(frozen=True)
class Category:
    code: str
    label: Label
    confidential: bool = False


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    label: Label


@dataclass(frozen=True)
class CompensationOption:
    code: str
    kind: CompensationKind
    label: Label


@dataclass(frozen=True)
class Mediator:
    """The consumer mediator (Code de la consommation, L612-1 and L616-1)."""

    name: str
    address: str
    website: str

    def block(self) -> str:
        """The mediator block attached to every rejection."""
        return f"{self.name}\n{self.address}\n{self.website}"


#: the evaluation's scales: each from 1 to its top (a severity at its top is always P1)
SEVERITY_TOP = 4
COMPLEXITY_TOP = 3
IMPACT_TOP = 3


@dataclass(frozen=True)
class PriorityRules:
    """score = severity * severity_weight + complexity + impact; thresholds give P1..P3."""

    severity_weight: int = 2
    p1_from: int = 11
    p2_from: int = 9
    p3_from: int = 7

    def priority(self, severity: int, complexity: int, impact: int, safety: bool) -> Priority:
        if safety or severity >= SEVERITY_TOP:
            return Priority.P1
        score = severity * self.severity_weight + complexity + impact
        if score >= self.p1_from:
            return Priority.P1
        if score >= self.p2_from:
            return Priority.P2
        if score >= self.p3_from:
            return Priority.P3
        return Priority.P4


@dataclass(frozen=True)
class DeadlineSettings:
    acknowledge_days: int = 10
    mode: DeadlineMode = DeadlineMode.CALENDAR
    holiday_subdivision: str | None = None
    due_soon_days: int = 2
    answer_days: dict[Priority, int] = field(
        default_factory=lambda: {
            Priority.P1: 2,
            Priority.P2: 7,
            Priority.P3: 15,
            Priority.P4: 30,
        }
    )
    default_answer_days: int = 30
    auto_acknowledge: bool = True
    reminder_days_before: tuple[int, ...] = (5, 2)  # staff reminders before a deadline
    reminder_hour: int = 9  # reminders and escalations reach staff at this local hour
    no_news_days: int = 7  # nudge staff when the client has heard nothing for this long
    survey_reminder_days: int = 3
    survey_close_days: int = 14  # the survey times out and the complaint closes
    reopen_days: int = 30  # a closed complaint may be reopened by its client this long
    low_satisfaction: int = 2  # a survey score at or below this alerts the managers
    retention_years: int = 3  # clients' personal data is anonymised this long after closing
    invitation_days: int = 7  # a staff invitation link works this long (and once)
    effectiveness_review_days: int = 30  # an action done is checked for effect this long after


@dataclass(frozen=True)
class SchoolProfile:
    name: str
    address: str
    timezone: str
    phone: str
    email: str
    website: str
    categories: tuple[Category, ...]
    desired_solutions: tuple[CatalogueEntry, ...]
    compensations: tuple[CompensationOption, ...]
    deadlines: DeadlineSettings
    priority_rules: PriorityRules
    mediator: Mediator | None
    city: str = ""  # where the letters are written from; else the address's town
    manager: str = ""  # who signs a letter when no handler is named

    @property
    def place(self) -> str:
        """The town letters are dated from: the profile's, or the one after the address's
        postcode ("12 rue des Tilleuls, 69003 Lyon": Lyon)."""
        if self.city:
            return self.city
        found = re.search(r"\b\d{5}\s+([^,\d]+)\s*$", self.address)
        return found.group(1).strip() if found else ""

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def desired_solution(self, code: str) -> CatalogueEntry | None:
        return next((d for d in self.desired_solutions if d.code == code), None)
