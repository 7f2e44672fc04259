"""Random sequences of use cases never break the process's invariants (hypothesis)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from core.domain.complaint import Complaint
from core.domain.enums import ActionKind, ClosureKind, CompensationKind, Outcome, Status
from core.domain.errors import DomainError
from core.domain.journal import Actor, EventKind, JournalEvent
from core.domain.reference import parse_reference
from core.domain.values import Compensation
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.add_client_information import AddClientInformation, add_client_information
from core.usecases.add_internal_note import AddInternalNote, add_internal_note
from core.usecases.close_complaint import CloseComplaint, close_complaint
from core.usecases.complete_action import CompleteAction, complete_action
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.inform_client import InformClient, inform_client
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.ports import UnitOfWorkFactory
from core.usecases.reject_complaint import RejectComplaint, reject_complaint
from core.usecases.reopen_complaint import ReopenComplaint, reopen_complaint
from core.usecases.withdraw_complaint import WithdrawComplaint, withdraw_complaint
from tests.fakes import FakeUnitOfWorkFactory
from tests.school import School

QUIET_AFTER_CLOSING = {EventKind.NOTE_ADDED, EventKind.ACCESS_REFUSED}
CLIENT, OTHER_CLIENT, AGENT, INSTRUCTOR, MANAGER, SYSTEM = range(6)


def mostly(actor: int) -> st.SearchStrategy[int]:
    """Usually the actor who may do it, sometimes anyone (who must then be refused)."""
    return st.one_of(st.just(actor), st.just(actor), st.just(actor), st.integers(0, 5))


class ComplaintProcess(RuleBasedStateMachine):
    complaints = Bundle("complaints")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.uow: UnitOfWorkFactory = self.loop.run_until_complete(self.open_database())

    async def open_database(self) -> UnitOfWorkFactory:
        return FakeUnitOfWorkFactory()

    async def close_database(self) -> None:
        pass

    def run(self, step: Awaitable[Any]) -> Any:
        try:
            return self.loop.run_until_complete(step)
        except DomainError:
            return None  # a refusal is a legitimate outcome; the invariants judge the state

    def teardown(self) -> None:
        self.loop.run_until_complete(self.close_database())
        self.loop.close()

    @initialize()
    def open_school(self) -> None:
        self.school: School = self.loop.run_until_complete(School.open(self.uow))

    def actor(self, index: int) -> Actor:
        s = self.school
        return [s.client, s.other_client, s.agent, s.instructor, s.manager, Actor.system()][index]

    @rule(
        target=complaints,
        by_other=st.booleans(),
        category=st.sampled_from(["planning", "billing", "staff_conduct"]),
    )
    def file(self, by_other: bool, category: str) -> str:
        by = self.school.other_client if by_other else self.school.client
        complaint = self.loop.run_until_complete(self.school.file(by, category))
        return complaint.reference

    @rule(ref=complaints)
    def acknowledge(self, ref: str) -> None:
        self.run(self.school.acknowledge(ref))

    @rule(ref=complaints, accept=st.booleans(), times=st.integers(1, 4))
    def move_along(self, ref: str, accept: bool, times: int) -> None:
        """The next step of the ordinary path, so that deep stages are reached often."""
        s = self.school
        for _ in range(times):
            status = self.status_of(ref)
            step = {
                Status.RECEIVED: lambda: s.acknowledge(ref),
                Status.ACKNOWLEDGED: lambda: evaluate_complaint(
                    s.deps, s.manager, EvaluateComplaint(ref, 2, 2, 2)
                ),
                Status.EVALUATED: lambda: s.plan(ref) if accept else s.reject(ref),
                Status.REOPENED: lambda: s.accept(ref),
                Status.IN_PROGRESS: lambda: s.accept(ref) if accept else s.reject(ref),
                Status.ANSWERED: lambda: s.answer_survey(ref),
            }.get(status)
            if step is not None:
                self.run(step())

    @rule(
        ref=complaints,
        who=mostly(AGENT),
        scores=st.tuples(st.integers(1, 5), st.integers(1, 3), st.integers(1, 3)),
    )
    def evaluate(self, ref: str, who: int, scores: tuple[int, int, int]) -> None:
        self.run(
            evaluate_complaint(self.school.deps, self.actor(who), EvaluateComplaint(ref, *scores))
        )

    @rule(ref=complaints, who=mostly(AGENT), days=st.integers(0, 20))
    def plan(self, ref: str, who: int, days: int) -> None:
        s = self.school
        due = s.clock.now().date() + timedelta(days=days)
        owner = s.manager.id if days % 2 else s.instructor.id
        command = PlanAction(ref, ActionKind.CORRECTIVE, "Agir", owner or 0, due)
        self.run(plan_action(s.deps, self.actor(who), command))

    @rule(ref=complaints, who=mostly(MANAGER), number=st.integers(1, 3))
    def complete(self, ref: str, who: int, number: int) -> None:
        command = CompleteAction(ref, number, "Fait")
        self.run(complete_action(self.school.deps, self.actor(who), command))

    @rule(ref=complaints, who=mostly(AGENT), text=st.text(max_size=30))
    def talk(self, ref: str, who: int, text: str) -> None:
        deps, actor = self.school.deps, self.actor(who)
        self.run(inform_client(deps, actor, InformClient(ref, text)))
        self.run(add_internal_note(deps, actor, AddInternalNote(ref, text)))
        self.run(add_client_information(deps, actor, AddClientInformation(ref, text)))

    @rule(
        ref=complaints,
        who=mostly(MANAGER),
        reasons=st.sampled_from(["", "Fondé", "Oui"]),
        compensations=st.integers(0, 2),
    )
    def accept(self, ref: str, who: int, reasons: str, compensations: int) -> None:
        offered = tuple(Compensation(CompensationKind.APOLOGY) for _ in range(compensations))
        self.run(
            accept_complaint(
                self.school.deps, self.actor(who), AcceptComplaint(ref, reasons, offered)
            )
        )

    @rule(ref=complaints, who=mostly(MANAGER), reasons=st.sampled_from(["", "Infondé", "Non"]))
    def reject(self, ref: str, who: int, reasons: str) -> None:
        self.run(
            reject_complaint(self.school.deps, self.actor(who), RejectComplaint(ref, reasons))
        )

    @rule(ref=complaints, score=st.integers(0, 6))
    def survey(self, ref: str, score: int) -> None:
        self.run(self.school.answer_survey(ref, score))
        self.run(self.school.answer_survey(ref, score))  # a second answer must change nothing

    @rule(ref=complaints, who=st.sampled_from([MANAGER, SYSTEM, AGENT]), timed_out=st.booleans())
    def close(self, ref: str, who: int, timed_out: bool) -> None:
        kind = ClosureKind.SURVEY_TIMED_OUT if timed_out else ClosureKind.MANAGER
        self.run(
            close_complaint(self.school.deps, self.actor(who), CloseComplaint(ref, kind, "Motif"))
        )

    @rule(ref=complaints, who=mostly(MANAGER))
    def reopen(self, ref: str, who: int) -> None:
        self.run(
            reopen_complaint(
                self.school.deps, self.actor(who), ReopenComplaint(ref, "Contestation")
            )
        )

    @rule(ref=complaints, who=mostly(OTHER_CLIENT))
    def withdraw(self, ref: str, who: int) -> None:
        self.run(withdraw_complaint(self.school.deps, self.actor(who), WithdrawComplaint(ref)))

    @rule(hours=st.integers(1, 24 * 40))
    def time_passes(self, hours: int) -> None:
        self.school.later(hours=hours)

    # -- invariants ------------------------------------------------------------------

    def status_of(self, ref: str) -> Status:
        async def read() -> Status:
            async with self.uow() as uow:
                found = await uow.complaints.get(ref)
                assert found is not None
                return found.status

        return self.loop.run_until_complete(read())

    def stored_with_journals(self) -> list[tuple[Complaint, list[JournalEvent]]]:
        async def read() -> list[tuple[Complaint, list[JournalEvent]]]:
            async with self.uow() as uow:
                found = await uow.complaints.by_status(frozenset(Status))
                return [(c, await uow.complaints.journal(c.reference)) for c in found]

        return self.loop.run_until_complete(read())

    def stored(self) -> list[Complaint]:
        return [c for c, _ in self.stored_with_journals()]

    @invariant()
    def the_journal_replays_to_the_current_state(self) -> None:
        for c, events in self.stored_with_journals():
            assert Complaint.replay(c.reference, events).state() == c.state()

    @invariant()
    def every_answer_has_reasons_and_what_its_outcome_requires(self) -> None:
        for c in self.stored():
            if c.status is Status.ANSWERED or (c.status is Status.CLOSED and c.decision):
                assert c.decision is not None
                assert c.decision.reasons.strip()
                if c.decision.outcome is Outcome.ACCEPTED:
                    assert c.decision.compensations
                else:
                    assert "mediateur.example" in c.decision.mediator_block

    @invariant()
    def a_closed_complaint_changes_only_by_reopening(self) -> None:
        for _, events in self.stored_with_journals():
            closed = False
            for event in events:
                if closed:
                    assert event.kind in QUIET_AFTER_CLOSING | {EventKind.REOPENED}, event.kind
                closed = (closed and event.kind is not EventKind.REOPENED) or (
                    event.kind is EventKind.CLOSED
                )

    @invariant()
    def references_never_repeat_and_leave_no_gap_within_a_year(self) -> None:
        by_year: dict[int, list[int]] = {}
        for c in self.stored():
            year, number = parse_reference(c.reference)
            by_year.setdefault(year, []).append(number)
        for numbers in by_year.values():
            assert sorted(numbers) == list(range(1, len(numbers) + 1))


ComplaintProcess.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_random_sequences_of_use_cases_keep_the_process_invariants = ComplaintProcess.TestCase
