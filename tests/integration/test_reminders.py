"""Reminders, escalations and the survey's time-out fire once each, at their time, on a
real database under a fake clock."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.telegram.delivery.notices import ClientNotices
from bots.telegram.scheduling.reminders import Reminders
from bots.telegram.staff.desk import StaffDesk
from bots.telegram.staff.survey_alerts import LowScoreAlerts
from core.domain.enums import ClosureKind, Status
from core.persistence.tables import due_work, outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.scheduling.planner import WorkPlanner
from core.scheduling.ticker import Ticker
from tests.school import START, School, demo_profile

GROUP = -1001


@pytest.fixture
async def school(engine: AsyncEngine) -> School:
    profile = demo_profile()
    listeners = [
        ClientNotices(profile),
        StaffDesk(profile, GROUP),
        LowScoreAlerts(profile, GROUP),
        WorkPlanner(profile),
    ]
    return await School.open(SqlUnitOfWorkFactory(engine, listeners), profile)


def ticker(school: School) -> Ticker:
    return Ticker(school.deps, Reminders(GROUP), worker="test")


async def texts(school: School, method: str | None = None) -> list[str]:
    async with school.deps.uow() as uow:
        rows = (await uow.session.execute(select(outbox.c.method, outbox.c.payload))).all()  # type: ignore[attr-defined]
    return [p.get("text", "") for m, p in rows if method in (None, m)]


async def at(school: School, days: float, hour: int = 12) -> int:
    """Move the clock to ``days`` after START at ``hour`` (UTC) and tick."""
    school.clock.set(START.replace(hour=hour) + timedelta(days=days))
    return await ticker(school).until_idle()


async def test_acknowledgement_reminders_fire_on_days_five_and_eight_then_managers_are_alerted(
    school: School,
) -> None:
    ref = (await school.file()).reference
    assert await at(school, 4) == 0
    assert await at(school, 5) == 1
    reminders = [t for t in await texts(school) if t.startswith(f"⏰ {ref}")]
    assert reminders == [f"⏰ {ref}\xa0: accuser réception au plus tard le 12 mars 2026."]
    assert await at(school, 5.2) == 0  # nothing twice
    await at(school, 8)
    assert len([t for t in await texts(school) if t.startswith(f"⏰ {ref}")]) == 2
    await at(school, 11)
    alerts = [t for t in await texts(school) if t.startswith(f"🚨 {ref}")]
    # in the complaint's thread, and to each of the managers directly
    assert len(alerts) == 2
    assert "accuser réception (12 mars 2026) est dépassé" in alerts[0]


async def test_no_reminder_fires_for_a_deadline_already_met(school: School) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await at(school, 12)
    assert not [t for t in await texts(school) if "accuser réception" in t]


async def test_the_client_without_news_for_seven_days_makes_staff_nudged_every_week(
    school: School,
) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await at(school, 6)
    assert not [t for t in await texts(school) if "pas eu de nouvelles" in t]
    await at(school, 7)
    await at(school, 14)
    nudges = [t for t in await texts(school) if "pas eu de nouvelles" in t]
    assert nudges == [
        f"💬 {ref}\xa0: le client n'a pas eu de nouvelles depuis 7 jours. Dites-lui où en est "
        "sa réclamation (💬 Informer le client).",
        f"💬 {ref}\xa0: le client n'a pas eu de nouvelles depuis 14 jours. Dites-lui où en est "
        "sa réclamation (💬 Informer le client).",
    ]


async def test_news_given_to_the_client_moves_the_nudge_back(school: School) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    school.later(days=5)
    await school.evaluate(ref)  # the client is told: this is news
    await at(school, 8)
    assert not [t for t in await texts(school) if "pas eu de nouvelles" in t]
    await at(school, 12.5)
    assert len([t for t in await texts(school) if "pas eu de nouvelles" in t]) == 1


async def test_an_action_owner_is_reminded_on_the_due_day_and_told_when_late(
    school: School,
) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    await school.plan(ref)  # due in 7 days, owned by Marc Petit (103)
    await at(school, 7)
    due = [t for t in await texts(school) if t.startswith("🛠 À faire aujourd'hui")]
    assert due == [f"🛠 À faire aujourd'hui pour {ref}\xa0: Prévenir 48 h avant"]
    await at(school, 8)
    late = [t for t in await texts(school) if t.startswith("🚨 En retard")]
    assert len(late) == 2  # the thread, and the owner


async def test_the_survey_is_reminded_once_then_times_out_and_closes_the_complaint(
    school: School,
) -> None:
    c = await school.answered()
    await at(school, 2)
    questions = [t for t in await texts(school) if "Votre avis sur le traitement" in t]
    assert len(questions) == 1  # sent with the decision
    await at(school, 3.2)
    await at(school, 4)
    reminders = [t for t in await texts(school) if t.startswith("Petit rappel")]
    assert len(reminders) == 1
    await at(school, 14.2)
    async with school.deps.uow() as uow:
        closed = await uow.complaints.get(c.reference)
    assert closed is not None
    assert closed.status is Status.CLOSED
    assert closed.closure is not None
    assert closed.closure.kind is ClosureKind.SURVEY_TIMED_OUT


async def test_a_low_score_alerts_the_managers(school: School) -> None:
    c = await school.answered()
    await school.answer_survey(c.reference, satisfaction=1)
    alerts = [t for t in await texts(school) if t.startswith("📉")]
    assert (
        alerts[0] == f"📉 Satisfaction faible pour {c.reference}\xa0: 1/5. Commentaire\xa0: Merci"
    )
    assert len(alerts) == 2  # the thread, and the manager directly


async def test_every_fired_item_was_done_exactly_once(school: School) -> None:
    for _ in range(3):
        await school.file()
    await at(school, 30)
    async with school.deps.uow() as uow:
        rows: list[Any] = (
            await uow.session.execute(
                select(due_work.c.kind, due_work.c.attempts, due_work.c.done_at)
            )  # type: ignore[attr-defined]
        ).all()
    done = [r for r in rows if r.done_at is not None]
    assert Counter(r.attempts for r in done) == {1: len(done)}
    assert len(done) >= 3 * 4  # two reminders, an escalation and a nudge each


async def test_after_a_long_stop_the_catch_up_sends_one_nudge_and_the_escalation_only(
    school: School,
) -> None:
    ref = (await school.file()).reference
    await at(school, 60)
    sent = await texts(school)
    assert not [t for t in sent if t.startswith("⏰")]
    assert len([t for t in sent if t.startswith(f"🚨 {ref}")]) == 2
    nudges = [t for t in sent if "pas eu de nouvelles" in t]
    assert len(nudges) == 1
    assert "depuis 56 jours" in nudges[0]


def handlers_ticker(school: School) -> Ticker:
    from bots.telegram.scheduling.handlers import WorkHandlers
    from core.scheduling.planner import planner_for

    periodic = planner_for(school.deps.profile).periodic
    return Ticker(school.deps, WorkHandlers(GROUP), worker="test", periodic=periodic)


async def test_the_retention_rule_anonymises_clients_three_years_after_closing(
    school: School,
) -> None:
    old = await school.answered()
    await school.answer_survey(old.reference)  # Léa's only complaint, closed in March 2026
    school.later(days=400)
    recent = await school.file(by=school.other_client)  # Tom's, still open
    school.later(days=365 * 3 - 410)  # ten days short of three years after the closing
    await handlers_ticker(school).until_idle()
    async with school.deps.uow() as uow:
        assert (await uow.clients.get(school.client.id or 0)).anonymised_at is None  # type: ignore[union-attr]
    school.later(days=30)  # now more than three years after Léa's closing
    await handlers_ticker(school).until_idle()
    async with school.deps.uow() as uow:
        lea = await uow.clients.get(school.client.id or 0)
        tom = await uow.clients.get(school.other_client.id or 0)
        kept = await uow.complaints.get(old.reference)
    assert lea is not None
    assert lea.anonymised_at is not None
    assert lea.display_name == ""
    assert tom is not None
    assert tom.anonymised_at is None  # an open complaint keeps its client
    assert kept is not None
    assert kept.survey is not None  # the register row and its figures remain
    assert recent.reference


async def test_last_months_quality_pack_is_posted_to_the_staff_group_on_the_first(
    school: School,
) -> None:
    await school.file()
    school.clock.set(START.replace(month=4, day=1, hour=7, minute=30))  # 9:30 in Paris
    await handlers_ticker(school).until_idle()
    async with school.deps.uow() as uow:
        rows = (
            (
                await uow.session.execute(
                    select(outbox.c.payload).where(outbox.c.method == "send_document")
                )
            )
            .scalars()
            .all()
        )  # type: ignore[attr-defined]
    packs = [p for p in rows if p["chat_id"] == GROUP]
    assert [p["caption"] for p in packs] == ["Dossier de la réunion qualité — 2026-03"]
    await handlers_ticker(school).until_idle()  # once only
    async with school.deps.uow() as uow:
        again = (
            (
                await uow.session.execute(
                    select(outbox.c.payload).where(outbox.c.method == "send_document")
                )
            )
            .scalars()
            .all()
        )  # type: ignore[attr-defined]
    assert len([p for p in again if p["chat_id"] == GROUP]) == 1
