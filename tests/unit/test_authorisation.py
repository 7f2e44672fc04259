"""The authorisation matrix: every role against every use case, refusals journaled."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bots.telegram.identity import account
from core.domain.enums import ActionKind, ClosureKind, Role
from core.domain.errors import NotAuthorised
from core.domain.journal import Actor, EventKind
from core.usecases.acknowledge_complaint import AcknowledgeComplaint, acknowledge_complaint
from core.usecases.add_client_information import AddClientInformation, add_client_information
from core.usecases.add_internal_note import AddInternalNote, add_internal_note
from core.usecases.add_staff_member import AddStaffMember, add_staff_member
from core.usecases.assign_handler import AssignHandler, assign_handler
from core.usecases.close_complaint import CloseComplaint, close_complaint
from core.usecases.common import Refused
from core.usecases.complete_action import CompleteAction, complete_action
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.file_complaint import FileComplaint, file_complaint
from core.usecases.inform_client import InformClient, inform_client
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.reject_complaint import RejectComplaint, reject_complaint
from core.usecases.remove_staff_member import RemoveStaffMember, remove_staff_member
from core.usecases.reopen_complaint import ReopenComplaint, reopen_complaint
from core.usecases.view_complaint import view_complaint
from core.usecases.withdraw_complaint import WithdrawComplaint, withdraw_complaint
from tests.fakes import FakeUnitOfWorkFactory
from tests.school import School

ACTORS = ("own client", "other client", "agent", "instructor", "manager", "system")


def who(school: School, label: str) -> Actor:
    return {
        "own client": school.client,
        "other client": school.other_client,
        "agent": school.agent,
        "instructor": school.instructor,
        "manager": school.manager,
        "system": Actor.system(),
    }[label]


Prepare = Callable[[School], Awaitable[str]]
Attempt = Callable[[School, Actor, str], Awaitable[object]]


async def received(s: School) -> str:
    return (await s.file()).reference


async def acknowledged(s: School) -> str:
    ref = await received(s)
    await s.acknowledge(ref)
    return ref


async def evaluated(s: School) -> str:
    ref = await acknowledged(s)
    await s.evaluate(ref)
    return ref


async def with_action(s: School) -> str:
    ref = await evaluated(s)
    await s.plan(ref)
    return ref


async def answered(s: School) -> str:
    return (await s.answered()).reference


async def closed(s: School) -> str:
    ref = await answered(s)
    await s.answer_survey(ref)
    return ref


def due(s: School) -> object:
    return s.clock.now().date() + timedelta(days=3)


@dataclass(frozen=True)
class Case:
    name: str
    prepare: Prepare
    attempt: Attempt
    allowed: frozenset[str]


CASES = [
    Case(
        "file",
        received,
        lambda s, a, r: file_complaint(
            s.deps, a, FileComplaint("billing", "Facture", desired_code="refund")
        ),
        frozenset({"own client", "other client"}),
    ),
    Case(
        "view",
        received,
        lambda s, a, r: view_complaint(s.deps, a, r),
        frozenset({"own client", "agent", "instructor", "manager", "system"}),
    ),
    Case(
        "acknowledge",
        received,
        lambda s, a, r: acknowledge_complaint(
            s.deps, a, AcknowledgeComplaint(r, "ar.pdf", "ff" * 32)
        ),
        frozenset({"agent", "manager", "system"}),
    ),
    Case(
        "evaluate",
        acknowledged,
        lambda s, a, r: evaluate_complaint(s.deps, a, EvaluateComplaint(r, 2, 2, 2)),
        frozenset({"agent", "manager"}),
    ),
    Case(
        "assign a handler",
        evaluated,
        lambda s, a, r: assign_handler(s.deps, a, AssignHandler(r, s.agent.id or 0)),
        frozenset({"agent", "manager"}),
    ),
    Case(
        "plan an action",
        evaluated,
        lambda s, a, r: plan_action(
            s.deps, a, PlanAction(r, ActionKind.IMPROVEMENT, "Former", s.agent.id or 0, due(s))
        ),  # type: ignore[arg-type]
        frozenset({"agent", "manager"}),
    ),
    Case(
        "complete an action",
        with_action,
        lambda s, a, r: complete_action(s.deps, a, CompleteAction(r, 1, "Fait")),
        frozenset({"agent", "instructor", "manager"}),
    ),
    Case(
        "inform the client",
        evaluated,
        lambda s, a, r: inform_client(s.deps, a, InformClient(r, "Nous avançons")),
        frozenset({"agent", "manager"}),
    ),
    Case(
        "add an internal note",
        received,
        lambda s, a, r: add_internal_note(s.deps, a, AddInternalNote(r, "Vu")),
        frozenset({"agent", "instructor", "manager"}),
    ),
    Case(
        "add client information",
        received,
        lambda s, a, r: add_client_information(s.deps, a, AddClientInformation(r, "Précision")),
        frozenset({"own client"}),
    ),
    Case(
        "decide",
        evaluated,
        lambda s, a, r: reject_complaint(s.deps, a, RejectComplaint(r, "Non fondé")),
        frozenset({"manager"}),
    ),
    Case(
        "answer the survey",
        answered,
        lambda s, a, r: s.answer_survey(r) if a == s.client else _survey_as(s, a, r),
        frozenset({"own client"}),
    ),
    Case(
        "close",
        answered,
        lambda s, a, r: close_complaint(
            s.deps,
            a,
            CloseComplaint(
                r,
                ClosureKind.SURVEY_TIMED_OUT if a == Actor.system() else ClosureKind.MANAGER,
                "Clos",
            ),
        ),
        frozenset({"manager", "system"}),
    ),
    Case(
        "reopen",
        closed,
        lambda s, a, r: reopen_complaint(s.deps, a, ReopenComplaint(r, "Contestation")),
        frozenset({"own client", "manager"}),
    ),
    Case(
        "withdraw",
        received,
        lambda s, a, r: withdraw_complaint(s.deps, a, WithdrawComplaint(r)),
        frozenset({"own client"}),
    ),
    Case(
        "add a staff member",
        received,
        lambda s, a, r: add_staff_member(
            s.deps, a, AddStaffMember(account(999), "Nouveau", Role.AGENT)
        ),
        frozenset({"manager", "system"}),
    ),
    Case(
        "remove a staff member",
        received,
        lambda s, a, r: remove_staff_member(s.deps, a, RemoveStaffMember(account(104))),
        frozenset({"manager", "system"}),
    ),
]


async def _survey_as(s: School, actor: Actor, ref: str) -> object:
    from core.usecases.record_survey_answer import RecordSurveyAnswer, record_survey_answer

    return await record_survey_answer(s.deps, actor, RecordSurveyAnswer(ref, True, True, 5))


async def refusals(s: School) -> int:
    async with s.deps.uow() as uow:
        return sum(1 for e in uow.committed.journal if e.kind is EventKind.ACCESS_REFUSED)  # type: ignore[attr-defined]


@pytest.mark.parametrize("actor_label", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
async def test_each_role_may_do_exactly_what_the_matrix_allows(
    case: Case, actor_label: str
) -> None:
    school = await School.open(FakeUnitOfWorkFactory())
    ref = await case.prepare(school)
    actor = who(school, actor_label)
    if actor_label in case.allowed:
        await case.attempt(school, actor, ref)
        assert await refusals(school) == 0
    else:
        with pytest.raises(NotAuthorised):
            await case.attempt(school, actor, ref)
        assert await refusals(school) == 1, "every refusal is journaled"


STAFF_ON_CONFIDENTIAL = [
    c
    for c in CASES
    if c.name in ("view", "acknowledge", "add an internal note", "inform the client", "evaluate")
]


@pytest.mark.parametrize("actor_label", ["agent", "instructor"])
@pytest.mark.parametrize("case", STAFF_ON_CONFIDENTIAL, ids=lambda c: c.name)
async def test_only_managers_touch_a_confidential_complaint_about_staff(
    case: Case, actor_label: str
) -> None:
    school = await School.open(FakeUnitOfWorkFactory())
    ref = (await school.file(category="staff_conduct")).reference
    if case.prepare in (acknowledged, evaluated):
        await school.acknowledge(ref)
    if case.prepare is evaluated:
        await evaluate_complaint(school.deps, school.manager, EvaluateComplaint(ref, 2, 2, 2))
    with pytest.raises(NotAuthorised) as refused:
        await case.attempt(school, who(school, actor_label), ref)
    if actor_label in case.allowed:  # refused for confidentiality, not for the role
        assert isinstance(refused.value, Refused)
        assert "confidential" in refused.value.reason  # journaled, for the audit
        # and answered exactly as an unknown reference: the refusal reveals nothing
        assert str(refused.value) == f"No complaint has the reference {ref}."
    await case.attempt(school, school.manager, ref)


async def test_an_instructor_completes_only_their_own_actions(school: School) -> None:
    ref = await with_action(school)  # the action belongs to school.instructor
    with pytest.raises(NotAuthorised, match="their own actions"):
        await complete_action(school.deps, school.other_instructor, CompleteAction(ref, 1, "Fait"))
    done = await complete_action(school.deps, school.instructor, CompleteAction(ref, 1, "Fait"))
    assert done.action(1).done
