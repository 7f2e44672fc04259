"""Severity, complexity and impact set the priority; safety is always P1."""

from __future__ import annotations

import pytest

from core.domain.enums import Priority
from core.domain.profile import PriorityRules

RULES = PriorityRules()


@pytest.mark.parametrize(
    ("severity", "complexity", "impact", "expected"),
    [
        (1, 1, 1, Priority.P4),
        (2, 1, 1, Priority.P4),
        (2, 2, 2, Priority.P3),
        (3, 1, 1, Priority.P3),
        (3, 2, 2, Priority.P2),
        (3, 3, 3, Priority.P1),
        (4, 1, 1, Priority.P1),
    ],
)
def test_the_scores_give_the_priority(
    severity: int, complexity: int, impact: int, expected: Priority
) -> None:
    assert RULES.priority(severity, complexity, impact, safety=False) is expected


def test_a_safety_matter_is_p1_whatever_the_scores() -> None:
    assert RULES.priority(1, 1, 1, safety=True) is Priority.P1


def test_a_school_can_set_its_own_thresholds() -> None:
    strict = PriorityRules(severity_weight=3, p1_from=11, p2_from=9, p3_from=7)
    assert RULES.priority(2, 2, 2, safety=False) is Priority.P3
    assert strict.priority(2, 2, 2, safety=False) is Priority.P2
