"""Erasing a client's personal data leaves none of it anywhere in the database, while
their complaints still count in the register."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.telegram.delivery.notices import ClientNotices
from bots.telegram.identity import account
from bots.telegram.staff.desk import StaffDesk
from bots.telegram.store.erasure import erase_telegram_copies
from bots.telegram.store.store import telegram_store
from core.domain.enums import Status
from core.domain.errors import InvalidInput, NotAuthorised
from core.domain.journal import Actor
from core.persistence.tables import complaints, metadata
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.scheduling.planner import WorkPlanner
from core.usecases.anonymise_client import AnonymiseClient, anonymise_client
from core.usecases.register_client import RegisterClient, register_client
from tests.school import School, demo_profile

NAME, PHONE, EMAIL = "Léa Dubois", "06 12 34 56 78", "lea.dubois@example.org"
TELEGRAM_ID = 501


@pytest.fixture
async def school(engine: AsyncEngine) -> School:
    profile = demo_profile()
    listeners = [ClientNotices(profile), StaffDesk(profile, -1001), WorkPlanner(profile)]
    school = await School.open(
        SqlUnitOfWorkFactory(engine, listeners, [erase_telegram_copies]), profile
    )
    client = await register_client(
        school.deps, RegisterClient(account(TELEGRAM_ID), NAME, "fr", PHONE, EMAIL, "D-2026-117")
    )
    assert client.id is not None
    school.client = Actor.client(client.id, NAME)
    return school


async def dump(school: School) -> str:
    """Every row of every table, as text."""
    parts = []
    async with school.deps.uow() as uow:
        for table in metadata.sorted_tables:
            rows = (await uow.session.execute(select(table))).all()  # type: ignore[attr-defined]
            parts.append(f"{table.name}: {rows!r}")
    return "\n".join(parts).lower()


async def history(school: School) -> tuple[str, str]:
    """A closed complaint with a survey comment, and one still open; a raw update too."""
    closed = await school.answered()
    await school.answer_survey(closed.reference, satisfaction=2)
    still_open = (await school.file(about_instructor=False)).reference
    raw = {
        "update_id": 77,
        "message": {
            "message_id": 3,
            "date": 0,
            "text": f"Je suis {NAME}, mon numéro est le {PHONE}",
            "chat": {"id": TELEGRAM_ID, "type": "private", "first_name": "Léa"},
            "from": {
                "id": TELEGRAM_ID,
                "is_bot": False,
                "first_name": "Léa",
                "last_name": "Dubois",
            },
        },
    }
    async with school.deps.uow() as uow:
        await telegram_store(uow).inbound.record(77, raw, school.clock.now())
        await uow.commit()
    return closed.reference, still_open


async def test_a_forgotten_client_leaves_no_name_phone_email_or_text_while_counts_remain(
    school: School,
) -> None:
    closed, still_open = await history(school)
    before = await dump(school)
    for secret in (NAME, PHONE, EMAIL, "annulée trois fois"):
        assert secret.lower() in before  # the test would catch a leak
    school.later(days=1)
    assert (
        await anonymise_client(
            school.deps, school.client, AnonymiseClient(school.client.id or 0, "client_request")
        )
        == 2
    )
    after = await dump(school)
    for secret in (NAME, "dubois", PHONE, EMAIL, "d-2026-117", "annulée trois fois", "merci"):
        assert secret.lower() not in after, secret
    async with school.deps.uow() as uow:
        count = await uow.session.scalar(select(func.count()).select_from(complaints))  # type: ignore[attr-defined]
        kept = await uow.complaints.get(closed)
        withdrawn = await uow.complaints.get(still_open)
    assert count == 2
    assert kept is not None
    assert kept.status is Status.CLOSED
    assert kept.survey is not None
    assert kept.survey.satisfaction == 2  # the figures keep the score, not the comment
    assert kept.decision is not None  # and the decision with its compensation
    assert withdrawn is not None
    assert withdrawn.status is Status.WITHDRAWN


async def test_a_manager_may_not_erase_a_client_whose_complaint_is_still_open(
    school: School,
) -> None:
    await history(school)
    with pytest.raises(InvalidInput):
        await anonymise_client(
            school.deps, school.manager, AnonymiseClient(school.client.id or 0, "manager")
        )


async def test_the_retention_rule_and_a_manager_erase_a_closed_clients_data(
    school: School,
) -> None:
    closed = await school.answered()
    await school.answer_survey(closed.reference)
    school.later(days=1)
    await anonymise_client(
        school.deps, school.manager, AnonymiseClient(school.client.id or 0, "manager")
    )
    assert NAME.lower() not in await dump(school)
    with pytest.raises(InvalidInput):  # nothing left
        await anonymise_client(
            school.deps, Actor.system(), AnonymiseClient(school.client.id or 0, "retention")
        )


async def test_neither_an_agent_nor_another_client_may_erase_a_client(school: School) -> None:
    with pytest.raises(NotAuthorised):
        await anonymise_client(
            school.deps, school.agent, AnonymiseClient(school.client.id or 0, "manager")
        )
    with pytest.raises(NotAuthorised):
        await anonymise_client(
            school.deps, school.other_client, AnonymiseClient(school.client.id or 0, "x")
        )
