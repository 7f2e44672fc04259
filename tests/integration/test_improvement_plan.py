"""The improvement plan on a real database under a fake clock: every action, from a
complaint or a quality meeting, its effectiveness checked on its day by its owner, a
follow-up for what did not work, and the plan's figures and files."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.telegram.scheduling.handlers import WorkHandlers
from core.domain.enums import ActionKind, Role
from core.domain.improvement import ActionRef, Origin, PlanStatus
from core.domain.journal import EventKind
from core.domain.periods import parse_period
from core.i18n import Translator
from core.persistence.tables import due_work, outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.reports.formats import ExportFormat
from core.reports.pack_files import to_pdf
from core.reports.plan_file import plan_file
from core.scheduling.planner import WorkPlanner
from core.scheduling.ticker import Ticker
from core.usecases.build_improvement_plan import BuildImprovementPlan, build_improvement_plan
from core.usecases.build_quality_pack import build_quality_pack
from core.usecases.common import Refused
from core.usecases.complete_action import CompleteAction, complete_action
from core.usecases.complete_meeting_action import (
    CompleteMeetingAction,
    complete_meeting_action,
)
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.record_meeting import RecordMeeting, record_meeting
from core.usecases.review_action import ReviewAction, review_action
from tests.school import START, School, demo_profile

GROUP = -1001
QUESTION = "🔎 L'action a-t-elle marché"


@pytest.fixture
async def school(engine: AsyncEngine) -> School:
    profile = demo_profile()
    return await School.open(SqlUnitOfWorkFactory(engine, [WorkPlanner(profile)]), profile)


async def tick_at(school: School, day: date, hour: int = 12) -> None:
    school.clock.set(START.replace(year=day.year, month=day.month, day=day.day, hour=hour))
    await Ticker(school.deps, WorkHandlers(GROUP), worker="test").until_idle()


async def questions_to(school: School, chat_id: int) -> list[str]:
    async with school.deps.uow() as uow:
        rows = (await uow.session.execute(select(outbox.c.payload))).scalars().all()  # type: ignore[attr-defined]
    return [
        p["text"]
        for p in rows
        if p.get("chat_id") == chat_id and str(p.get("text", "")).startswith(QUESTION)
    ]


async def planned_and_done(school: School) -> str:
    """A complaint whose corrective action (Marc Petit's) is done on 3 March."""
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    await school.plan(ref)
    school.later(days=1)
    await complete_action(school.deps, school.instructor, CompleteAction(ref, 1, "Prévenu"))
    return ref


async def test_the_owner_is_asked_whether_an_action_worked_thirty_days_after_it_was_done(
    school: School,
) -> None:
    await planned_and_done(school)  # done on 3 March: checked on 2 April
    await tick_at(school, date(2026, 4, 1))
    assert await questions_to(school, 103) == []
    await tick_at(school, date(2026, 4, 2))
    [question] = await questions_to(school, 103)
    assert "Prévenir 48 h avant" in question
    assert "3 mars 2026" in question
    await tick_at(school, date(2026, 4, 3))
    assert len(await questions_to(school, 103)) == 1  # once


async def test_an_action_found_not_effective_is_followed_by_a_linked_action_for_its_owner(
    school: School,
) -> None:
    ref = await planned_and_done(school)
    school.clock.set(START + timedelta(days=31))
    done = await review_action(
        school.deps,
        school.instructor,
        ReviewAction(ActionRef(Origin.COMPLAINT, ref, 1), False, "Encore deux annulations"),
    )
    assert done.follow_up == 2
    assert done.due_on == date(2026, 4, 2) + timedelta(days=30)
    async with school.deps.uow() as uow:
        complaint = await uow.complaints.get(ref)
        journal = [e.kind for e in await uow.complaints.journal(ref)]
    assert complaint is not None
    first, follow = complaint.actions
    assert (first.effective, first.review_note) == (False, "Encore deux annulations")
    assert (follow.follow_up_of, follow.owner_id, follow.kind) == (
        1,
        school.instructor.id,
        ActionKind.CORRECTIVE,
    )
    assert follow.description == first.description
    assert EventKind.ACTION_REVIEWED in journal


async def test_only_the_owner_or_a_manager_says_whether_an_action_worked(school: School) -> None:
    ref = await planned_and_done(school)
    action = ActionRef(Origin.COMPLAINT, ref, 1)
    for someone_else in (school.other_instructor, school.agent):
        with pytest.raises(Refused):
            await review_action(school.deps, someone_else, ReviewAction(action, True, "Oui"))
    reviewed = await review_action(school.deps, school.manager, ReviewAction(action, True, "Oui"))
    assert reviewed.follow_up is None
    with pytest.raises(Exception, match="déjà|already"):
        await review_action(school.deps, school.manager, ReviewAction(action, True, "Encore"))


async def test_a_meeting_action_done_is_checked_and_one_that_did_not_work_is_followed_up(
    school: School,
) -> None:
    assert school.agent.id is not None
    due = date(2026, 3, 20)
    meeting = await record_meeting(
        school.deps,
        school.manager,
        RecordMeeting(
            date(2026, 3, 2), "Claire, Sami", "Prévenir", (("Afficher", school.agent.id, due),)
        ),
    )
    assert meeting.id is not None
    school.later(days=2)  # 4 March
    await complete_meeting_action(school.deps, school.manager, CompleteMeetingAction(1, "Affiché"))
    await tick_at(school, date(2026, 4, 2))
    assert await questions_to(school, 102) == []
    await tick_at(school, date(2026, 4, 3))
    [question] = await questions_to(school, 102)
    assert "réunion qualité" in question
    ref = ActionRef(Origin.MEETING, str(meeting.id), 1)
    done = await review_action(
        school.deps, school.agent, ReviewAction(ref, False, "Personne ne lit")
    )
    assert done.follow_up == 2
    async with school.deps.uow() as uow:
        again = await uow.meetings.get(meeting.id)
        keys = (await uow.session.execute(select(due_work.c.key))).scalars().all()  # type: ignore[attr-defined]
    assert again is not None
    assert [(a.number, a.follow_up_of, a.effective) for a in again.actions] == [
        (1, None, False),
        (2, 1, None),
    ]
    assert f"meeting-{meeting.id}-action-2" in keys  # its due day is followed like the others


async def test_the_plan_lists_every_action_late_first_with_the_complaints_it_did_not_prevent(
    school: School,
) -> None:
    """By hand, on 15 April 2026:

    - c1 (planning, Marc): action 1 done on 3 March, found effective on 2 April → effective.
    - c2 (planning, Marc), filed on 10 March: action due 17 March, not done → late; and a
      complaint received after c1's action was done, of the same category: c1's recurrence.
    - c3 (billing, nobody named), filed 10 March: no action.
    - the meeting of 2 March: action due 30 April, open.
    Checked: 1 of 1 effective.
    """
    assert school.agent.id is not None
    c1 = await planned_and_done(school)
    school.clock.set(START + timedelta(days=8))
    c2 = (await school.file()).reference
    await school.acknowledge(c2)
    await school.evaluate(c2)
    await school.plan(c2)
    await school.file(by=school.other_client, category="billing", about_instructor=False)
    await record_meeting(
        school.deps,
        school.manager,
        RecordMeeting(
            date(2026, 3, 10),
            "Claire",
            "Tableau",
            (("Tableau", school.agent.id, date(2026, 4, 30)),),
        ),
    )
    school.clock.set(START + timedelta(days=31))
    action = ActionRef(Origin.COMPLAINT, c1, 1)
    await review_action(school.deps, school.instructor, ReviewAction(action, True, "Plus rien"))
    school.clock.set(START + timedelta(days=44))
    plan = await build_improvement_plan(school.deps, school.manager, BuildImprovementPlan())
    assert [(e.ref.key, e.status(plan.today)) for e in plan.entries] == [
        (c2, PlanStatus.OVERDUE),
        (f"M{(await _meeting_id(school))}", PlanStatus.OPEN),
        (c1, PlanStatus.EFFECTIVE),
    ]
    assert plan.entries[2].recurrences == (c2,)
    assert (plan.reviewed, plan.effective_share) == (1, 1.0)
    march = await build_improvement_plan(
        school.deps, school.manager, BuildImprovementPlan(parse_period("2026-02"))
    )
    assert march.entries == []  # nothing was planned by the end of February


async def _meeting_id(school: School) -> int:
    async with school.deps.uow() as uow:
        latest = await uow.meetings.latest()
    assert latest is not None
    assert latest.id is not None
    return latest.id


async def test_the_plan_shared_in_the_group_never_holds_a_confidential_complaints_action(
    school: School,
) -> None:
    ref = (await school.file(category="staff_conduct")).reference
    await school.acknowledge(ref)
    await evaluate_complaint(school.deps, school.manager, EvaluateComplaint(ref, 2, 2, 2))
    manager = await school.hire(106, "Inès Robert", Role.MANAGER)
    assert manager.id is not None
    due = school.clock.now().date() + timedelta(days=7)
    await plan_action(
        school.deps,
        school.manager,
        PlanAction(ref, ActionKind.PREVENTIVE, "Entretien", manager.id, due),
    )
    own = await build_improvement_plan(school.deps, school.manager, BuildImprovementPlan())
    shared = await build_improvement_plan(
        school.deps, school.manager, BuildImprovementPlan(shared=True)
    )
    agents = await build_improvement_plan(school.deps, school.agent, BuildImprovementPlan())
    assert [e.ref.key for e in own.entries] == [ref]
    assert shared.entries == agents.entries == []
    with pytest.raises(Refused):
        await build_improvement_plan(school.deps, school.instructor, BuildImprovementPlan())


async def test_the_plan_as_csv_xlsx_and_pdf_holds_every_action_and_its_check(
    school: School,
) -> None:
    ref = await planned_and_done(school)
    school.clock.set(START + timedelta(days=31))
    action = ActionRef(Origin.COMPLAINT, ref, 1)
    await review_action(
        school.deps, school.instructor, ReviewAction(action, False, "Encore — deux fois")
    )
    command = BuildImprovementPlan()
    files = {
        fmt: await plan_file(school.deps, school.manager, command, fmt, "fr")
        for fmt in ExportFormat
    }
    rows = list(
        csv.reader(io.StringIO(files[ExportFormat.CSV].content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:4] == ["Origine", "N°", "Type", "Action"]
    assert [r[:3] for r in rows[1:]] == [
        [f"Réclamation {ref}", "2", "corrective"],
        [f"Réclamation {ref}", "1", "corrective"],
    ]
    assert rows[2][10:13] == ["non", "Encore — deux fois", ""]
    assert rows[1][12] == "1"  # the follow-up says which action it follows
    sheet = load_workbook(io.BytesIO(files[ExportFormat.XLSX].content)).active
    assert sheet is not None
    assert str(sheet["A1"].value).startswith("Auto-école")
    assert sheet["D3"].value == "Prévenir 48 h avant"
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(files[ExportFormat.PDF].content)).pages
    )
    assert "Plan d'amélioration" in text
    assert "Encore — deux fois" in text
    assert files[ExportFormat.PDF].name == "plan-amelioration-tout.pdf"


async def test_the_pack_counts_the_checks_of_its_period_the_share_that_worked_and_those_late(
    school: School,
) -> None:
    """By hand: two actions done on 3 March (checks due 2 April); in April one is found
    not effective, the other is never checked: 1 checked, 0 % effective, 1 check late."""
    first = await planned_and_done(school)
    school.clock.set(START)
    second = (await school.file()).reference
    await school.acknowledge(second)
    await school.evaluate(second)
    await school.plan(second)
    school.later(days=1)
    await complete_action(school.deps, school.instructor, CompleteAction(second, 1, "Fait"))
    school.clock.set(START + timedelta(days=31))
    action = ActionRef(Origin.COMPLAINT, first, 1)
    await review_action(school.deps, school.instructor, ReviewAction(action, False, "Non"))
    april = await build_quality_pack(school.deps, school.manager, parse_period("2026-04"))
    assert (april.actions_checked, april.actions_effective_pct, april.checks_late) == (1, 0.0, 1)
    march = await build_quality_pack(school.deps, school.manager, parse_period("2026-03"))
    assert (march.actions_checked, march.actions_effective_pct, march.checks_late) == (0, None, 0)
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(to_pdf(april, Translator("fr"), school.deps.profile))).pages
    )
    assert "Les actions avancent-elles, et sont-elles efficaces" in text
    assert "Vérifications d'efficacité en retard 1" in text
