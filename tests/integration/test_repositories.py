"""Repositories and the unit of work on a real database (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import pytest

from bots.telegram.identity import account
from core.domain.complaint import Complaint
from core.domain.enums import Status
from core.domain.errors import ConcurrentUpdate
from core.domain.people import Client
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.usecases.add_internal_note import AddInternalNote, add_internal_note
from core.usecases.complete_action import CompleteAction, complete_action
from tests.school import School


async def test_a_fully_handled_complaint_reads_back_exactly_as_it_was_saved(
    school: School, uow: SqlUnitOfWorkFactory
) -> None:
    ref = (await school.file()).reference
    await school.acknowledge(ref)
    await school.evaluate(ref)
    await school.plan(ref)
    await complete_action(school.deps, school.agent, CompleteAction(ref, 1, "Fait"))
    saved = await school.accept(ref)
    saved = await school.answer_survey(ref, satisfaction=3)
    async with uow() as unit:
        loaded = await unit.complaints.get(ref)
    assert loaded is not None
    assert loaded.state() == saved.state()
    assert loaded.decision is not None
    assert loaded.decision.compensations[0].amount_cents == 4500
    assert loaded.actions[0].result == "Fait"


async def test_the_journal_read_back_replays_to_the_stored_complaint(
    school: School, uow: SqlUnitOfWorkFactory
) -> None:
    ref = (await school.answered()).reference
    await add_internal_note(school.deps, school.agent, AddInternalNote(ref, "Vu"))
    async with uow() as unit:
        stored = await unit.complaints.get(ref)
        journal = await unit.complaints.journal(ref)
    assert stored is not None
    assert [e.kind.value for e in journal] == [
        "filed",
        "acknowledged",
        "evaluated",
        "accepted",
        "note_added",
    ]
    assert Complaint.replay(ref, journal).state() == stored.state()


async def test_nothing_is_kept_when_the_unit_of_work_is_not_committed(
    uow: SqlUnitOfWorkFactory,
) -> None:
    async with uow() as unit:
        await unit.clients.add(Client(account(42), "Sans Suite"))
    async with uow() as unit:
        assert await unit.clients.by_chat(account(42)) is None
    async with uow() as unit:
        await unit.clients.add(Client(account(42), "Avec Suite"))
        await unit.commit()
    async with uow() as unit:
        found = await unit.clients.by_chat(account(42))
    assert found is not None
    assert found.display_name == "Avec Suite"


async def test_a_reference_taken_in_a_rolled_back_unit_of_work_is_given_again(
    uow: SqlUnitOfWorkFactory,
) -> None:
    async with uow() as unit:
        assert await unit.complaints.next_reference(2026) == "REC-2026-0001"
    async with uow() as unit:
        assert await unit.complaints.next_reference(2026) == "REC-2026-0001"
        assert await unit.complaints.next_reference(2027) == "REC-2027-0001"
        assert await unit.complaints.next_reference(2026) == "REC-2026-0002"


async def test_saving_over_someone_elses_change_is_refused(
    school: School, uow: SqlUnitOfWorkFactory
) -> None:
    ref = (await school.file()).reference
    async with uow() as first:
        mine = await first.complaints.get(ref)
    async with uow() as second:
        theirs = await second.complaints.get(ref)
        assert theirs is not None
        theirs.status = Status.WITHDRAWN
        await second.complaints.save(theirs)
        await second.commit()
    assert mine is not None
    async with uow() as first:
        with pytest.raises(ConcurrentUpdate):
            await first.complaints.save(mine)


async def test_staff_members_are_listed_by_name_and_former_ones_on_request(
    school: School, uow: SqlUnitOfWorkFactory
) -> None:
    async with uow() as unit:
        member = await unit.staff.by_chat(account(104))
        assert member is not None
        member.active = False
        await unit.staff.save(member)
        await unit.commit()
    async with uow() as unit:
        active = [m.name for m in await unit.staff.list()]
        everyone = [m.name for m in await unit.staff.list(active_only=False)]
    assert active == ["Claire Martin", "Marc Petit", "Sami Benali"]
    assert "Julie Roux" in everyone


async def test_the_history_lists_the_clients_complaints_and_the_staff_they_named(
    school: School, uow: SqlUnitOfWorkFactory
) -> None:
    await school.file()
    await school.file(category="billing", about_instructor=False)
    await school.file(by=school.other_client)
    assert school.client.id is not None
    assert school.instructor.id is not None
    async with uow() as unit:
        history = await unit.complaints.history_of(school.client.id)
    assert sorted(p.category for p in history) == ["billing", "planning"]
    named = {p.category: p.staff_ids for p in history}
    assert named["planning"] == frozenset({school.instructor.id})
    assert named["billing"] == frozenset()
