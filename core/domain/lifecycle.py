"""The complaint lifecycle: one transition table, its guards and one ``transition()``.

Read the table top to bottom: each line says from which stages a complaint may move
to a stage. The guards say what must be true of the complaint for the move.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.domain.enums import ClosureKind, Outcome, Status
from core.domain.errors import N_, IllegalTransition

S = Status

#: target stage -> the stages it may be reached from
ALLOWED_FROM: dict[Status, frozenset[Status]] = {
    S.ACKNOWLEDGED: frozenset({S.RECEIVED}),
    S.EVALUATED: frozenset({S.ACKNOWLEDGED, S.REOPENED}),
    S.IN_PROGRESS: frozenset({S.EVALUATED, S.REOPENED}),
    S.ANSWERED: frozenset({S.EVALUATED, S.IN_PROGRESS, S.REOPENED}),
    S.CLOSED: frozenset(
        {S.RECEIVED, S.ACKNOWLEDGED, S.EVALUATED, S.IN_PROGRESS, S.ANSWERED, S.REOPENED}
    ),
    S.REOPENED: frozenset({S.ANSWERED, S.CLOSED}),
    S.WITHDRAWN: frozenset({S.RECEIVED, S.ACKNOWLEDGED, S.EVALUATED, S.IN_PROGRESS, S.REOPENED}),
    S.RECEIVED: frozenset(),
}


@dataclass(frozen=True)
class TransitionFacts:
    """What the guards need to know about the complaint after the requested change."""

    has_acknowledgement_document: bool = False
    has_evaluation: bool = False
    outcome: Outcome | None = None
    has_reasons: bool = False
    compensation_count: int = 0
    has_mediator_block: bool = False
    closure: ClosureKind | None = None
    closure_reason: str = ""
    reopen_reason: str = ""
    requested_by_client: bool = False


Guard = Callable[[Status, TransitionFacts], str | None]


def _acknowledged(_: Status, f: TransitionFacts) -> str | None:
    if not f.has_acknowledgement_document:
        return N_("an acknowledgement document must be produced first")
    return None


def _evaluated(_: Status, f: TransitionFacts) -> str | None:
    if not f.has_evaluation:
        return N_("severity, complexity and impact must all be evaluated")
    return None


def _answered(_: Status, f: TransitionFacts) -> str | None:
    if f.outcome is None:
        return N_("a decision (accepted or rejected) is required")
    if not f.has_reasons:
        return N_("every answer must give its reasons")
    if f.outcome is Outcome.ACCEPTED and f.compensation_count < 1:
        return N_("an accepted complaint needs at least one compensation")
    if f.outcome is Outcome.REJECTED and not f.has_mediator_block:
        return N_("a rejection must carry the consumer mediator's details")
    return None


def _closed(current: Status, f: TransitionFacts) -> str | None:
    if f.closure is None:
        return N_("closing needs the survey answered, the survey timed out or a manager's reason")
    if f.closure is ClosureKind.MANAGER:
        return None if f.closure_reason.strip() else N_("a manager closing must give a reason")
    if current is not Status.ANSWERED:
        return N_("the survey only closes an answered complaint")
    return None


def _reopened(_: Status, f: TransitionFacts) -> str | None:
    return None if f.reopen_reason.strip() else N_("reopening needs a reason")


def _withdrawn(_: Status, f: TransitionFacts) -> str | None:
    return None if f.requested_by_client else N_("only the client may withdraw a complaint")


GUARDS: dict[Status, Guard] = {
    S.ACKNOWLEDGED: _acknowledged,
    S.EVALUATED: _evaluated,
    S.ANSWERED: _answered,
    S.CLOSED: _closed,
    S.REOPENED: _reopened,
    S.WITHDRAWN: _withdrawn,
}


def can_move(current: Status, target: Status) -> bool:
    """Whether the table allows the move at all, guards aside."""
    return current in ALLOWED_FROM[target]


def transition(current: Status, target: Status, facts: TransitionFacts) -> Status:
    """Return the new stage, or raise IllegalTransition saying what was tried and why not."""
    if not can_move(current, target):
        raise IllegalTransition(
            N_("A complaint that is {current} cannot become {target}."),
            current=current.stage_name,
            target=target.stage_name,
        )
    guard = GUARDS.get(target)
    refusal = guard(current, facts) if guard else None
    if refusal is not None:
        raise IllegalTransition(
            N_("A complaint that is {current} cannot become {target}: {reason}."),
            current=current.stage_name,
            target=target.stage_name,
            reason=refusal,
        )
    return target
