"""What is planned for a complaint, read from its state alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.domain.schedule import Planned, WorkKind
from core.scheduling.planner import planner_for
from tests.fakes import FakeUnitOfWorkFactory
from tests.school import START, School

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
async def school() -> School:
    return await School.open(FakeUnitOfWorkFactory())


def kinds(work: list[Planned]) -> dict[WorkKind, list[datetime]]:
    found: dict[WorkKind, list[datetime]] = {}
    for item in work:
        found.setdefault(item.kind, []).append(item.due_at)
    return found


def nine(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=PARIS)


async def test_a_new_complaint_reminds_staff_on_days_five_and_eight_then_escalates(
    school: School,
) -> None:
    c = await school.file()
    plan = kinds(planner_for(school.deps.profile).plan(c, school.clock.now()))
    received = START.date()
    assert plan[WorkKind.ACK_REMINDER] == [
        nine(received + timedelta(days=5)),
        nine(received + timedelta(days=8)),
    ]
    assert plan[WorkKind.ACK_OVERDUE] == [nine(received + timedelta(days=11))]
    assert plan[WorkKind.NO_NEWS][0] == START + timedelta(days=7)
    assert WorkKind.ANSWER_REMINDER not in plan


async def test_once_acknowledged_the_answer_deadline_is_watched_instead(school: School) -> None:
    ref = (await school.file()).reference
    c = await school.acknowledge(ref)
    plan = kinds(planner_for(school.deps.profile).plan(c, school.clock.now()))
    assert WorkKind.ACK_REMINDER not in plan
    assert c.answer_by is not None
    assert plan[WorkKind.ANSWER_OVERDUE] == [nine(c.answer_by + timedelta(days=1))]
    assert plan[WorkKind.NO_NEWS][0] == START + timedelta(days=7)  # acknowledged at START


async def test_a_reminder_that_would_come_before_the_start_is_not_planned(school: School) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    c = await school.evaluate(ref, severity=4)  # P1: two days to answer
    plan = kinds(planner_for(school.deps.profile).plan(c, school.clock.now()))
    assert c.answer_by == START.date() + timedelta(days=2)
    assert WorkKind.ANSWER_REMINDER not in plan  # 5 and 2 days before: both already past
    assert plan[WorkKind.ANSWER_OVERDUE] == [nine(START.date() + timedelta(days=3))]


async def test_an_open_action_is_reminded_to_its_owner_on_its_due_day_and_after(
    school: School,
) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    c = await school.plan(ref)
    plan = kinds(planner_for(school.deps.profile).plan(c, school.clock.now()))
    due = c.actions[0].due_on
    assert plan[WorkKind.ACTION_REMINDER] == [nine(due)]
    assert plan[WorkKind.ACTION_OVERDUE] == [nine(due + timedelta(days=1))]


async def test_an_answered_complaint_plans_the_survey_reminder_and_its_time_out(
    school: School,
) -> None:
    c = await school.answered()
    plan = kinds(planner_for(school.deps.profile).plan(c, school.clock.now()))
    assert c.decision is not None
    assert plan[WorkKind.SURVEY_REMINDER] == [c.decision.at + timedelta(days=3)]
    assert plan[WorkKind.SURVEY_TIMEOUT] == [c.decision.at + timedelta(days=14)]
    assert WorkKind.NO_NEWS not in plan
    closed = await school.answer_survey(c.reference)
    assert planner_for(school.deps.profile).plan(closed, school.clock.now()) == []


async def test_the_no_news_nudge_keeps_its_key_when_planned_again_later(school: School) -> None:
    c = await school.file()
    planner = planner_for(school.deps.profile)
    first = [p for p in planner.plan(c, START) if p.kind is WorkKind.NO_NEWS]
    later = [p for p in planner.plan(c, START + timedelta(days=8)) if p.kind is WorkKind.NO_NEWS]
    assert first[0].key == later[0].key  # the nudge due on day 7 is the same work
    assert later[1].due_at == START.astimezone(UTC) + timedelta(days=14)


async def test_an_acknowledgement_by_post_keeps_its_deadline_until_the_letter_is_posted(
    school: School,
) -> None:
    ref = (await school.file()).reference
    c = await school.acknowledge(ref)
    assert c.acknowledgement is not None
    ack = replace(c.acknowledgement, by_post=True)
    by_post = replace(c, acknowledgement=ack)
    plan = kinds(planner_for(school.deps.profile).plan(by_post, school.clock.now()))
    assert plan[WorkKind.ACK_OVERDUE] == [nine(START.date() + timedelta(days=11))]
    assert WorkKind.ANSWER_OVERDUE not in plan
    posted = replace(by_post, acknowledgement=replace(ack, posted_at=school.clock.now()))
    plan = kinds(planner_for(school.deps.profile).plan(posted, school.clock.now()))
    assert WorkKind.ACK_OVERDUE not in plan
    assert WorkKind.ANSWER_OVERDUE in plan
