"""The staff group bound with /setup, on a real database: stored, replaced by a later
binding, and overridden by RECLAM_STAFF_CHAT_ID wherever the staff are told something."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.telegram.staff.desk import StaffDesk
from bots.telegram.store.staff_groups import StaffGroup
from bots.telegram.store.store import staff_group, telegram_store
from core.persistence.tables import outbox
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.school import School, demo_profile

GROUP_A, GROUP_B, OVERRIDE = -1001, -1002, -1009
NOON = datetime(2026, 12, 7, 12, tzinfo=UTC)


async def bind(uow: SqlUnitOfWorkFactory, chat_id: int, at: datetime) -> bool:
    async with uow() as unit:
        changed = await telegram_store(unit).groups.bind(StaffGroup(chat_id, "Équipe", at, 101))
        await unit.commit()
    return changed


async def test_no_group_is_bound_until_a_manager_binds_one(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as unit:
        assert await staff_group(unit) is None
    assert await bind(uow, GROUP_A, NOON)
    async with uow() as unit:
        assert await staff_group(unit) == GROUP_A
        stored = await telegram_store(unit).groups.get(GROUP_A)
    assert stored == StaffGroup(GROUP_A, "Équipe", NOON, 101, topics=True)


async def test_binding_another_group_replaces_the_first_and_binding_again_changes_nothing(
    uow: SqlUnitOfWorkFactory,
) -> None:
    await bind(uow, GROUP_A, NOON)
    assert await bind(uow, GROUP_B, NOON + timedelta(hours=1))
    assert not await bind(uow, GROUP_B, NOON + timedelta(hours=2)), "already the staff group"
    async with uow() as unit:
        assert await staff_group(unit) == GROUP_B
        first = await telegram_store(unit).groups.get(GROUP_A)
    assert first is not None
    assert first.bound_at is None


async def test_the_setting_overrides_the_bound_group(uow: SqlUnitOfWorkFactory) -> None:
    await bind(uow, GROUP_A, NOON)
    async with uow() as unit:
        assert await staff_group(unit, OVERRIDE) == OVERRIDE
        assert await staff_group(unit, None) == GROUP_A


async def cards_sent_to(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        query = select(outbox.c.recipient).where(outbox.c.method == "publish_card")
        return list((await connection.scalars(query)).all())


async def test_a_card_goes_to_the_bound_group_unless_the_setting_names_another(
    engine: AsyncEngine,
) -> None:
    profile = demo_profile()
    unbound = SqlUnitOfWorkFactory(engine, [StaffDesk(profile, None)])
    school = await School.open(unbound, profile)
    await school.file(about_instructor=False)
    assert await cards_sent_to(engine) == [], "no group yet: the card waits for the binding"
    await bind(unbound, GROUP_A, NOON)
    await school.file(about_instructor=False)
    assert await cards_sent_to(engine) == [str(GROUP_A)]
    overridden = await School.open(
        SqlUnitOfWorkFactory(engine, [StaffDesk(profile, OVERRIDE)]), profile
    )
    await overridden.file(about_instructor=False)
    assert await cards_sent_to(engine) == [str(GROUP_A), str(OVERRIDE)]
