"""The transition table, pair by pair, and each guard."""

from __future__ import annotations

import itertools

import pytest

from core.domain.enums import ClosureKind, Outcome, Status
from core.domain.errors import IllegalTransition
from core.domain.lifecycle import TransitionFacts, transition

S = Status
# Written out independently of the implementation, from design.md §5.
LEGAL_MOVES = {
    (S.RECEIVED, S.ACKNOWLEDGED),
    (S.ACKNOWLEDGED, S.EVALUATED),
    (S.EVALUATED, S.IN_PROGRESS),
    (S.EVALUATED, S.ANSWERED),
    (S.IN_PROGRESS, S.ANSWERED),
    (S.ANSWERED, S.CLOSED),
    (S.ANSWERED, S.REOPENED),
    (S.CLOSED, S.REOPENED),
    (S.REOPENED, S.EVALUATED),
    (S.REOPENED, S.IN_PROGRESS),
    (S.REOPENED, S.ANSWERED),
    *(
        (s, S.WITHDRAWN)
        for s in (S.RECEIVED, S.ACKNOWLEDGED, S.EVALUATED, S.IN_PROGRESS, S.REOPENED)
    ),
    *((s, S.CLOSED) for s in (S.RECEIVED, S.ACKNOWLEDGED, S.EVALUATED, S.IN_PROGRESS, S.REOPENED)),
}


#: Facts that satisfy every guard, so only the table decides.
EVERY_GUARD_SATISFIED = TransitionFacts(
    has_acknowledgement_document=True,
    has_evaluation=True,
    outcome=Outcome.ACCEPTED,
    has_reasons=True,
    compensation_count=1,
    closure=ClosureKind.MANAGER,
    closure_reason="duplicate of REC-2026-0001",
    reopen_reason="the client disputes the answer",
    requested_by_client=True,
)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Status, Status)))
def test_every_pair_of_stages_is_allowed_exactly_when_the_table_says_so(
    current: Status, target: Status
) -> None:
    if (current, target) in LEGAL_MOVES:
        assert transition(current, target, EVERY_GUARD_SATISFIED) is target
    else:
        with pytest.raises(IllegalTransition) as refused:
            transition(current, target, EVERY_GUARD_SATISFIED)
        assert f"is {current.stage_name} cannot become {target.stage_name}" in str(refused.value)


def refusal(current: Status, target: Status, **facts: object) -> str:
    with pytest.raises(IllegalTransition) as refused:
        transition(current, target, TransitionFacts(**facts))  # type: ignore[arg-type]
    return str(refused.value)


def test_acknowledging_without_a_document_is_refused() -> None:
    assert "acknowledgement document" in refusal(S.RECEIVED, S.ACKNOWLEDGED)


def test_evaluating_without_the_three_scores_is_refused() -> None:
    assert "severity, complexity and impact" in refusal(S.ACKNOWLEDGED, S.EVALUATED)


def test_answering_without_reasons_is_refused() -> None:
    message = refusal(S.EVALUATED, S.ANSWERED, outcome=Outcome.REJECTED, has_mediator_block=True)
    assert "reasons" in message


def test_accepting_without_compensation_is_refused() -> None:
    message = refusal(S.IN_PROGRESS, S.ANSWERED, outcome=Outcome.ACCEPTED, has_reasons=True)
    assert "compensation" in message


def test_rejecting_without_the_mediator_block_is_refused() -> None:
    message = refusal(S.IN_PROGRESS, S.ANSWERED, outcome=Outcome.REJECTED, has_reasons=True)
    assert "mediator" in message


def test_a_rejection_with_reasons_and_mediator_is_allowed() -> None:
    facts = TransitionFacts(outcome=Outcome.REJECTED, has_reasons=True, has_mediator_block=True)
    assert transition(S.IN_PROGRESS, S.ANSWERED, facts) is S.ANSWERED


def test_closing_without_survey_or_reason_is_refused() -> None:
    assert "survey" in refusal(S.ANSWERED, S.CLOSED)
    assert "reason" in refusal(S.ANSWERED, S.CLOSED, closure=ClosureKind.MANAGER)


def test_the_survey_closes_only_an_answered_complaint() -> None:
    assert "answered" in refusal(S.IN_PROGRESS, S.CLOSED, closure=ClosureKind.SURVEY_ANSWERED)
    facts = TransitionFacts(closure=ClosureKind.SURVEY_TIMED_OUT)
    assert transition(S.ANSWERED, S.CLOSED, facts) is S.CLOSED


def test_reopening_needs_a_reason() -> None:
    assert "reason" in refusal(S.CLOSED, S.REOPENED, reopen_reason="  ")


def test_only_the_client_may_withdraw() -> None:
    assert "client" in refusal(S.ACKNOWLEDGED, S.WITHDRAWN, requested_by_client=False)
