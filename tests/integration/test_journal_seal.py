"""The journal is tamper-evident: every change made to it directly in the database (an
event edited, deleted, inserted, two swapped; a complaint's events cut off after an
anchor) is found and named, while erasing a client's personal data is not a change."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from core.domain.journal_check import Breach, Finding, JournalReport
from core.persistence.tables import complaints, journal_anchors, journal_events
from core.usecases.anchor_journal import anchor_journal
from core.usecases.anonymise_client import AnonymiseClient, anonymise_client
from core.usecases.verify_journal import verify_journal
from reclam.migrate import downgrade, upgrade
from tests.school import School


async def two_complaints(school: School) -> tuple[str, str]:
    """One answered and surveyed (its events: filed, acknowledged, evaluated, accepted,
    survey answered, closed), one only filed and acknowledged."""
    answered = (await school.answered()).reference
    await school.answer_survey(answered)
    other = (await school.file(by=school.other_client, about_instructor=False)).reference
    await school.acknowledge(other)
    return answered, other


async def verified(school: School, reference: str | None = None) -> JournalReport:
    return await verify_journal(school.deps.uow, reference)


async def event_row(engine: AsyncEngine, reference: str, sequence: int) -> dict[str, Any]:
    query = (
        select(journal_events)
        .join(complaints, complaints.c.id == journal_events.c.complaint_id)
        .where(complaints.c.reference == reference, journal_events.c.sequence == sequence)
    )
    async with engine.connect() as connection:
        return dict((await connection.execute(query)).mappings().one())


async def execute(engine: AsyncEngine, *statements: Any) -> None:
    async with engine.begin() as connection:
        for statement in statements:
            await connection.execute(statement)


def first(report: JournalReport) -> Finding:
    assert not report.intact, "the change went unnoticed"
    return report.findings[0]


async def test_an_untouched_journal_is_intact_complaint_by_complaint(school: School) -> None:
    answered, other = await two_complaints(school)
    report = await verified(school)
    assert report.intact, report.findings
    assert report.events >= 12
    assert (await verified(school, answered)).intact
    assert (await verified(school, other)).events == 2


async def test_an_edited_payload_is_named_by_its_complaint_sequence_and_kind(
    school: School, engine: AsyncEngine
) -> None:
    answered, _ = await two_complaints(school)
    row = await event_row(engine, answered, 3)
    edited = {**row["payload"], "severity": 1}
    await execute(
        engine,
        update(journal_events).where(journal_events.c.id == row["id"]).values(payload=edited),
    )
    assert first(await verified(school)) == Finding(
        Breach.ALTERED, answered, 3, "evaluated", row["id"]
    )


async def test_an_edited_date_or_author_is_found_too(school: School, engine: AsyncEngine) -> None:
    answered, _ = await two_complaints(school)
    row = await event_row(engine, answered, 4)
    later = row["occurred_at"].replace(year=row["occurred_at"].year + 1)
    await execute(
        engine,
        update(journal_events).where(journal_events.c.id == row["id"]).values(occurred_at=later),
    )
    assert (first(await verified(school)).breach, first(await verified(school)).sequence) == (
        Breach.ALTERED,
        4,
    )


async def test_a_deleted_event_is_named_by_its_place_in_the_complaint(
    school: School, engine: AsyncEngine
) -> None:
    answered, other = await two_complaints(school)
    row = await event_row(engine, answered, 2)
    await execute(engine, delete(journal_events).where(journal_events.c.id == row["id"]))
    found = first(await verified(school))
    assert (found.breach, found.reference, found.sequence) == (Breach.DELETED, answered, 2)
    assert (await verified(school, other)).intact  # the other complaint's chain is apart


async def test_an_inserted_event_is_named_where_it_was_slipped_in(
    school: School, engine: AsyncEngine
) -> None:
    answered, _ = await two_complaints(school)
    row = await event_row(engine, answered, 2)
    forged = {k: v for k, v in row.items() if k not in ("id", "sequence", "chain_hash")}
    forged |= {"kind": "note_added", "payload": {"text": "Le client a été prévenu."}}
    await execute(engine, insert(journal_events).values(forged))
    found = first(await verified(school))
    assert (found.breach, found.reference, found.sequence, found.kind) == (
        Breach.INSERTED,
        answered,
        7,  # after the six real events
        "note_added",
    )


async def test_two_swapped_events_are_named_as_reordered(
    school: School, engine: AsyncEngine
) -> None:
    answered, _ = await two_complaints(school)
    second, third = await event_row(engine, answered, 2), await event_row(engine, answered, 3)

    def becomes(row: dict[str, Any], other: dict[str, Any]) -> Any:
        values = {k: v for k, v in other.items() if k != "id"}
        return update(journal_events).where(journal_events.c.id == row["id"]).values(values)

    aside = update(journal_events).where(journal_events.c.id == second["id"]).values(sequence=-2)
    await execute(engine, aside, becomes(third, second), becomes(second, third))
    found = first(await verified(school))
    assert (found.breach, found.reference, found.sequence, found.kind) == (
        Breach.REORDERED,
        answered,
        3,
        "evaluated",
    )


async def test_erasing_a_client_keeps_the_journal_intact_and_is_itself_recorded(
    school: School, engine: AsyncEngine
) -> None:
    answered, _ = await two_complaints(school)
    school.later(days=1)
    client_id = school.client.id or 0
    await anonymise_client(
        school.deps, school.client, AnonymiseClient(client_id, "client_request")
    )
    filed = await event_row(engine, answered, 1)
    assert "annulée" not in str(filed["payload"])  # the erasure did rewrite the journal
    assert filed["salt"] is None
    assert filed["commitments"]["erased"]
    report = await verified(school)
    assert report.intact, report.findings
    assert "anonymised" in await school.uow_journal_kinds(answered)


async def test_after_an_erasure_the_texts_kept_and_the_erased_ones_are_still_guarded(
    school: School, engine: AsyncEngine
) -> None:
    answered, _ = await two_complaints(school)
    school.later(days=1)
    client_id = school.client.id or 0
    await anonymise_client(
        school.deps, school.client, AnonymiseClient(client_id, "client_request")
    )
    filed = await event_row(engine, answered, 1)
    payload = {**filed["payload"], "description": "Tout s'est bien passé."}
    await execute(
        engine,
        update(journal_events).where(journal_events.c.id == filed["id"]).values(payload=payload),
    )
    assert first(await verified(school)).sequence == 1
    payload = {**filed["payload"], "category": "examen"}  # a text the erasure kept
    await execute(
        engine,
        update(journal_events).where(journal_events.c.id == filed["id"]).values(payload=payload),
    )
    assert first(await verified(school)).breach is Breach.ALTERED


async def test_an_anchor_finds_a_complaint_whose_events_were_all_deleted(
    school: School, engine: AsyncEngine
) -> None:
    answered, other = await two_complaints(school)
    await anchor_journal(school.deps)
    other_id = (await event_row(engine, other, 1))["complaint_id"]
    await execute(engine, delete(journal_events).where(journal_events.c.complaint_id == other_id))
    found = first(await verified(school))
    assert (found.breach, found.reference, found.sequence) == (Breach.MISSING, other, 2)


async def test_an_anchor_finds_a_chain_cut_at_its_tail(
    school: School, engine: AsyncEngine
) -> None:
    answered, _ = await two_complaints(school)
    await anchor_journal(school.deps)
    school.later(hours=1)
    await anchor_journal(school.deps)
    last = await event_row(engine, answered, 6)
    await execute(engine, delete(journal_events).where(journal_events.c.id == last["id"]))
    found = first(await verified(school))
    assert (found.breach, found.reference, found.sequence, found.kind) == (
        Breach.MISSING,
        answered,
        6,
        None,
    )
    assert (first(await verified(school, answered))).breach is Breach.MISSING


async def test_events_recorded_after_the_last_anchor_keep_the_journal_intact(
    school: School,
) -> None:
    answered, other = await two_complaints(school)
    await anchor_journal(school.deps)
    await school.evaluate(other)
    assert (await verified(school)).intact


async def test_an_edited_anchor_is_found(school: School, engine: AsyncEngine) -> None:
    await two_complaints(school)
    first_anchor = await anchor_journal(school.deps)
    await anchor_journal(school.deps)
    await execute(
        engine,
        update(journal_anchors).where(journal_anchors.c.id == first_anchor.id).values(heads=[]),
    )
    assert first(await verified(school)).breach is Breach.ANCHOR_ALTERED


async def test_upgrading_seals_the_events_written_before_the_seal_existed(
    school: School, engine: AsyncEngine
) -> None:
    answered, _ = await two_complaints(school)
    await downgrade(engine, "0013")
    await upgrade(engine)
    report = await verified(school)
    assert report.intact, report.findings
    assert len(report.anchors) == 1  # the upgrade anchored what was there
    row = await event_row(engine, answered, 2)
    await execute(engine, delete(journal_events).where(journal_events.c.id == row["id"]))
    assert first(await verified(school)).breach is Breach.DELETED


async def test_the_scheduled_work_anchors_the_journal_each_night_once(school: School) -> None:
    from bots.telegram.scheduling.handlers import WorkHandlers
    from core.scheduling.planner import planner_for
    from core.scheduling.ticker import Ticker

    answered, _ = await two_complaints(school)
    periodic = planner_for(school.deps.profile).periodic
    ticker = Ticker(school.deps, WorkHandlers(None), worker="test", periodic=periodic)
    await ticker.until_idle()  # 9 h: last night's anchor is due
    school.later(hours=6)
    await ticker.until_idle()
    report = await verified(school)
    assert len(report.anchors) == 1  # once a night
    heads = {h["reference"]: h["sequence"] for h in report.anchors[0].heads}
    assert heads[answered] == 6
    school.later(days=1)
    await ticker.until_idle()
    assert len((await verified(school)).anchors) == 2


async def test_the_report_for_an_audit_lists_every_anchor_to_compare_with_its_copies(
    school: School, engine: AsyncEngine
) -> None:
    from core.i18n import Translator
    from core.reports.journal_report import report_text

    answered, _ = await two_complaints(school)
    anchor = await anchor_journal(school.deps)
    text = report_text(Translator("fr"), await verified(school))
    assert text.startswith("Vérification du journal des réclamations\n")
    assert "Journal intact\xa0: 12 événements vérifiés, jusqu'à l'ancre du" in text
    assert f"sha256 {anchor.hash}" in text
    row = await event_row(engine, answered, 5)
    await execute(engine, delete(journal_events).where(journal_events.c.id == row["id"]))
    text = report_text(Translator("fr"), await verified(school))
    assert f"Journal altéré\xa0: {answered}, événement n°\xa05\xa0: supprimé" in text


async def test_on_postgresql_writers_of_two_complaints_never_wait_for_each_other(
    school: School, engine: AsyncEngine
) -> None:
    """Writers of one complaint take turns, so its chain never forks; writers of another
    complaint go on meanwhile."""
    import asyncio

    from core.domain.journal import Actor, EventKind, JournalEvent

    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: there is nobody to wait for")
    answered, other = await two_complaints(school)

    def note(reference: str) -> JournalEvent:
        return JournalEvent(
            EventKind.NOTE_ADDED, school.clock.now(), Actor.system(), {}, False, reference
        )

    async def append(reference: str) -> None:
        async with school.deps.uow() as uow:
            await uow.journal.append(note(reference))
            await uow.commit()

    async with school.deps.uow() as holding:
        await holding.journal.append(note(answered))  # the chain of `answered` is held
        await asyncio.wait_for(append(other), timeout=30)  # another complaint goes on
        waiting = asyncio.create_task(append(answered))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the same complaint waits for its turn
        await holding.commit()
    await asyncio.wait_for(waiting, timeout=30)
    report = await verified(school)
    assert report.intact, report.findings
    assert (await event_row(engine, answered, 8))["kind"] == "note_added"
