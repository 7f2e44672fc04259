"""The use cases' rules, on the in-memory unit of work."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from core.domain.enums import ClosureKind, CompensationKind, Outcome, Priority, Status
from core.domain.errors import IllegalTransition, InvalidInput
from core.domain.journal import Actor, EventKind
from core.domain.values import Compensation
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.add_client_information import AddClientInformation, add_client_information
from core.usecases.add_internal_note import AddInternalNote, add_internal_note
from core.usecases.close_complaint import CloseComplaint, close_complaint
from core.usecases.common import Deps
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.file_complaint import FileComplaint, file_complaint
from core.usecases.reject_complaint import RejectComplaint, reject_complaint
from core.usecases.reopen_complaint import ReopenComplaint, reopen_complaint
from core.usecases.view_complaint import view_complaint
from core.usecases.withdraw_complaint import WithdrawComplaint, withdraw_complaint
from tests.school import School


async def test_filing_gives_a_reference_and_an_acknowledgement_due_in_ten_days(
    school: School,
) -> None:
    complaint = await school.file()
    assert complaint.reference == "REC-2026-0001"
    assert complaint.status is Status.RECEIVED
    assert complaint.acknowledge_by == date(2026, 3, 12)
    assert (await school.file()).reference == "REC-2026-0002"


async def test_a_complaint_about_staff_conduct_is_confidential(school: School) -> None:
    assert (await school.file(category="staff_conduct")).confidential
    assert not (await school.file(category="billing")).confidential


async def test_filing_in_an_unknown_category_is_refused(school: School) -> None:
    with pytest.raises(InvalidInput, match="not a complaint category"):
        await file_complaint(school.deps, school.client, FileComplaint("weather", "Il pleut."))


async def test_filing_without_a_desired_solution_is_refused(school: School) -> None:
    with pytest.raises(InvalidInput, match="which solution"):
        await file_complaint(school.deps, school.client, FileComplaint("billing", "Trop cher."))


@pytest.mark.parametrize("description", ["", "   ", "x" * 3501])
async def test_an_empty_or_overlong_description_is_refused(
    school: School, description: str
) -> None:
    command = FileComplaint("billing", description, desired_code="refund")
    with pytest.raises(InvalidInput, match="description"):
        await file_complaint(school.deps, school.client, command)


async def test_an_incident_in_the_future_is_refused(school: School) -> None:
    command = FileComplaint(
        "billing", "Facture fausse", desired_code="refund", incident_on=date(2026, 3, 3)
    )
    with pytest.raises(InvalidInput, match="future"):
        await file_complaint(school.deps, school.client, command)


async def test_evaluation_sets_priority_and_answer_date_from_the_acknowledgement(
    school: School,
) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    school.later(days=1)
    evaluated = await evaluate_complaint(
        school.deps, school.agent, EvaluateComplaint(ref, 3, 3, 3)
    )
    assert evaluated.evaluation is not None
    assert evaluated.evaluation.priority is Priority.P1
    assert evaluated.answer_by == date(2026, 3, 4)  # acknowledged 2 March, P1 = 2 days


@pytest.mark.parametrize(("severity", "complexity", "impact"), [(0, 1, 1), (5, 1, 1), (1, 4, 1)])
async def test_scores_out_of_range_are_refused(
    school: School, severity: int, complexity: int, impact: int
) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    with pytest.raises(InvalidInput, match="between 1 and"):
        await evaluate_complaint(
            school.deps, school.agent, EvaluateComplaint(ref, severity, complexity, impact)
        )


async def test_evaluating_before_acknowledging_is_refused(school: School) -> None:
    ref = (await school.file()).reference
    with pytest.raises(IllegalTransition, match="received cannot become evaluated"):
        await school.evaluate(ref)


async def test_accepting_without_compensation_is_refused(school: School) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    with pytest.raises(IllegalTransition, match="at least one compensation"):
        await accept_complaint(school.deps, school.manager, AcceptComplaint(ref, "Oui.", ()))


async def test_answering_without_reasons_is_refused(school: School) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    with pytest.raises(InvalidInput, match="reasons"):
        await reject_complaint(school.deps, school.manager, RejectComplaint(ref, "  "))


async def test_a_credit_note_needs_an_amount(school: School) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    command = AcceptComplaint(ref, "Oui.", (Compensation(CompensationKind.CREDIT_NOTE),))
    with pytest.raises(InvalidInput, match="amount"):
        await accept_complaint(school.deps, school.manager, command)


async def test_a_rejection_carries_the_mediator_block(school: School) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    rejected = await school.reject(ref)
    assert rejected.decision is not None
    assert rejected.decision.outcome is Outcome.REJECTED
    assert "https://mediateur.example" in rejected.decision.mediator_block


async def test_any_rejection_is_refused_while_the_profile_has_no_mediator(school: School) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    no_mediator = replace(school.deps.profile, mediator=None)
    deps = Deps(school.deps.uow, school.clock, no_mediator)
    with pytest.raises(InvalidInput, match="mediator"):
        await reject_complaint(deps, school.manager, RejectComplaint(ref, "Non."))


async def test_the_survey_answer_closes_the_complaint(school: School) -> None:
    ref = (await school.answered()).reference
    closed = await school.answer_survey(ref, satisfaction=2)
    assert closed.status is Status.CLOSED
    assert closed.closure is not None
    assert closed.closure.kind is ClosureKind.SURVEY_ANSWERED
    assert closed.survey is not None
    assert closed.survey.satisfaction == 2


async def test_the_survey_cannot_be_answered_twice(school: School) -> None:
    ref = (await school.answered()).reference
    await school.answer_survey(ref)
    with pytest.raises(InvalidInput, match="no longer open"):
        await school.answer_survey(ref)


async def test_a_manager_closes_with_a_reason_only(school: School) -> None:
    ref = (await school.file()).reference
    with pytest.raises(IllegalTransition, match="reason"):
        await close_complaint(school.deps, school.manager, CloseComplaint(ref))
    closed = await close_complaint(
        school.deps, school.manager, CloseComplaint(ref, reason="Doublon de REC-2026-0002")
    )
    assert closed.status is Status.CLOSED


async def test_the_system_closes_an_answered_complaint_whose_survey_timed_out(
    school: School,
) -> None:
    ref = (await school.answered()).reference
    command = CloseComplaint(ref, ClosureKind.SURVEY_TIMED_OUT)
    assert (await close_complaint(school.deps, Actor.system(), command)).status is Status.CLOSED


async def test_reopening_clears_the_decision_and_allows_a_new_one(school: School) -> None:
    ref = (await school.answered()).reference
    await school.answer_survey(ref, satisfaction=1)
    reopened = await reopen_complaint(
        school.deps, school.client, ReopenComplaint(ref, "Je conteste la réponse.")
    )
    assert reopened.status is Status.REOPENED
    assert reopened.decision is None
    assert reopened.survey is None
    again = await school.reject(ref)
    assert again.status is Status.ANSWERED


async def test_the_client_withdraws_an_open_complaint_but_not_a_closed_one(
    school: School,
) -> None:
    ref = (await school.file()).reference
    withdrawn = await withdraw_complaint(school.deps, school.client, WithdrawComplaint(ref))
    assert withdrawn.status is Status.WITHDRAWN
    ref2 = (await school.answered()).reference
    await school.answer_survey(ref2)
    with pytest.raises(IllegalTransition):
        await withdraw_complaint(school.deps, school.client, WithdrawComplaint(ref2))


async def test_client_information_is_added_only_to_an_open_complaint(school: School) -> None:
    ref = (await school.file()).reference
    added = await add_client_information(
        school.deps, school.client, AddClientInformation(ref, "Autre SMS reçu")
    )
    assert await school.uow_journal_kinds(ref) == ["filed", "client_information_added"]
    assert added.status is Status.RECEIVED
    with pytest.raises(InvalidInput, match="text or a file"):
        await add_client_information(school.deps, school.client, AddClientInformation(ref))


async def test_an_internal_note_is_hidden_from_the_client(school: School) -> None:
    ref = (await school.file()).reference
    await add_internal_note(school.deps, school.agent, AddInternalNote(ref, "Client difficile"))
    seen_by_client = await view_complaint(school.deps, school.client, ref)
    seen_by_staff = await view_complaint(school.deps, school.agent, ref)
    assert [e.kind for e in seen_by_client.journal] == [EventKind.FILED]
    assert [e.kind for e in seen_by_staff.journal] == [EventKind.FILED, EventKind.NOTE_ADDED]


async def test_staff_see_the_clients_history_with_the_slow_degradation_signal(
    school: School,
) -> None:
    first = (await school.answered()).reference
    await school.answer_survey(first, satisfaction=2)
    school.later(days=40)
    await school.file()
    school.later(days=40)
    latest = (await school.file()).reference
    found = await view_complaint(school.deps, school.agent, latest)
    assert found.history is not None
    assert found.history.signal.value == "slow_degradation"
    assert found.history.last_365_days == 2
    assert found.history.repeated_categories == ("planning",)


async def test_an_action_cannot_be_due_in_the_past(school: School) -> None:
    from core.domain.enums import ActionKind
    from core.usecases.plan_action import PlanAction, plan_action

    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    assert school.instructor.id is not None
    yesterday = school.clock.now().date() - timedelta(days=1)
    with pytest.raises(InvalidInput, match="past"):
        await plan_action(
            school.deps,
            school.agent,
            PlanAction(ref, ActionKind.CORRECTIVE, "Former", school.instructor.id, yesterday),
        )


async def test_control_characters_a_client_types_are_dropped_before_the_register_keeps_them(
    school: School,
) -> None:
    filed = await file_complaint(
        school.deps,
        school.client,
        FileComplaint(
            category="planning",
            description="\x1b[31mAnnulée\x00 trois fois\nsans prévenir\t!",
            desired_text="Un avoir\x07",
        ),
    )
    assert filed.description == "[31mAnnulée trois fois\nsans prévenir\t!"
    assert filed.desired.text == "Un avoir"
