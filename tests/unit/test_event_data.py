"""Each kind of journal event says its facts as one typed object, stored as the JSON the
journal has always kept: old rows read, new rows are written with the same keys."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any, get_type_hints

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain import event_data as ed
from core.domain.complaint import Complaint
from core.domain.complaint_events import APPLIERS
from core.domain.enums import (
    ActionKind,
    Channel,
    ClosureKind,
    CompensationKind,
    EvidenceKind,
    Outcome,
    Priority,
    Role,
    Status,
)
from core.domain.event_data import DATA, EventData, data_of, event_data, journal_event
from core.domain.journal import Actor, EventKind, JournalEvent
from core.domain.values import Compensation, Evidence, PersonConcerned
from core.reports.timeline import DESCRIBE

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    if hint is datetime:
        return st.datetimes(timezones=st.just(UTC))
    if hint == ed.Mapping[str, Any]:
        keys = st.text(min_size=1, max_size=10).filter(lambda k: k not in ("permission", "reason"))
        return st.dictionaries(keys, json_scalars, max_size=3)
    return st.from_type(hint)


def _data(cls: type[EventData]) -> st.SearchStrategy[EventData]:
    hints = get_type_hints(cls, vars(ed))
    return st.builds(cls, **{f.name: _strategy(hints[f.name]) for f in fields(cls)})


any_event_data = st.one_of(*(_data(cls) for cls in DATA.values()))


def _stored(data: EventData) -> JournalEvent:
    """The event as the journal gives it back: its payload through JSON."""
    event = journal_event(data, AT, Actor.system())
    return JournalEvent(event.kind, AT, event.actor, json.loads(json.dumps(event.payload)))


def test_every_kind_of_event_has_its_class() -> None:
    assert set(DATA) == set(EventKind)
    assert all(cls.KIND is kind for kind, cls in DATA.items())


@given(any_event_data)
def test_every_kind_reads_back_what_it_wrote_through_json(data: EventData) -> None:
    stored = _stored(data)
    assert stored.kind is data.KIND
    assert event_data(stored) == data
    assert type(event_data(stored)).from_payload(stored.payload).to_payload() == stored.payload


#: rows as the journal holds them today (written before the typed events)
TODAY: list[tuple[EventKind, dict[str, Any], EventData]] = [
    (
        EventKind.FILED,
        {
            "client_id": 7,
            "category": "teaching",
            "subject": "Leçon annulée",
            "description": "La leçon du mardi a été annulée sans prévenir.",
            "incident_on": "2026-02-24",
            "incident_place": "Agence",
            "persons": [{"staff_id": 3, "name": ""}, {"staff_id": None, "name": "Paul"}],
            "evidence": [{"file_id": "F1", "kind": "photo", "caption": "SMS"}],
            "desired_code": "refund",
            "desired_text": "",
            "confidential": False,
            "channel": "phone",
            "received_at": "2026-02-27T10:00:00+00:00",
            "acknowledge_by": "2026-03-09",
        },
        ed.Filed(
            client_id=7,
            category="teaching",
            subject="Leçon annulée",
            description="La leçon du mardi a été annulée sans prévenir.",
            incident_on=date(2026, 2, 24),
            incident_place="Agence",
            persons=(PersonConcerned(3, ""), PersonConcerned(None, "Paul")),
            evidence=(Evidence("F1", EvidenceKind.PHOTO, "SMS"),),
            desired_code="refund",
            desired_text="",
            confidential=False,
            acknowledge_by=date(2026, 3, 9),
            channel=Channel.PHONE,
            received_at=datetime(2026, 2, 27, 10, 0, tzinfo=UTC),
        ),
    ),
    (
        EventKind.ACKNOWLEDGED,
        {
            "document_name": "ar.pdf",
            "document_sha256": "ab12",
            "answer_by": "2026-04-01",
            "clarification": "",
            "document_id": 12,
            "by_post": True,
        },
        ed.Acknowledged("ar.pdf", "ab12", date(2026, 4, 1), "", 12, by_post=True),
    ),
    (
        EventKind.EVALUATED,
        {
            "severity": 3,
            "complexity": 2,
            "impact": 1,
            "safety": True,
            "priority": 2,
            "answer_by": "2026-03-20",
        },
        ed.Evaluated(3, 2, 1, True, Priority.P2, date(2026, 3, 20)),
    ),
    (EventKind.HANDLER_ASSIGNED, {"staff_id": 4, "name": "Léa"}, ed.HandlerAssigned(4, "Léa")),
    (
        EventKind.ACTION_PLANNED,
        {
            "number": 1,
            "kind": "corrective",
            "description": "Offrir une leçon",
            "owner_id": 4,
            "due_on": "2026-03-15",
            "planned_at": "2026-03-02T09:30:00+00:00",
            "shared_with_client": True,
        },
        ed.ActionPlanned(
            1, ActionKind.CORRECTIVE, "Offrir une leçon", 4, date(2026, 3, 15), AT, True
        ),
    ),
    (
        EventKind.ACTION_COMPLETED,
        {"number": 1, "result": "Leçon faite"},
        ed.ActionCompleted(1, "Leçon faite"),
    ),
    (
        EventKind.ACTION_REVIEWED,
        {"number": 1, "effective": False, "note": "Encore deux annulations"},
        ed.ActionReviewed(1, False, "Encore deux annulations"),
    ),
    (EventKind.CLIENT_INFORMED, {"message": "Bientôt"}, ed.ClientInformed("Bientôt")),
    (EventKind.NOTE_ADDED, {"text": "Voir la compta"}, ed.NoteAdded("Voir la compta")),
    (
        EventKind.CLIENT_INFORMATION_ADDED,
        {"text": "Voici", "evidence": [{"file_id": "F2", "kind": "document", "caption": ""}]},
        ed.ClientInformationAdded("Voici", (Evidence("F2", EvidenceKind.DOCUMENT),)),
    ),
    (
        EventKind.ACCEPTED,
        {
            "outcome": "accepted",
            "reasons": "Fondée",
            "compensations": [
                {"kind": "refund", "amount_cents": 4500, "quantity": 0, "description": ""}
            ],
            "mediator_block": "",
            "document_id": 31,
        },
        ed.Accepted("Fondée", (Compensation(CompensationKind.REFUND, 4500),), document_id=31),
    ),
    (
        EventKind.REJECTED,
        {
            "outcome": "rejected",
            "reasons": "Hors délai",
            "compensations": [],
            "mediator_block": "CNPM\nParis",
        },
        ed.Rejected("Hors délai", mediator_block="CNPM\nParis"),
    ),
    (
        EventKind.SURVEY_ANSWERED,
        {
            "taken_into_account": True,
            "actions_carried_out": False,
            "satisfaction": 2,
            "comment": "",
        },
        ed.SurveyAnswered(True, False, 2, ""),
    ),
    (
        EventKind.CLOSED,
        {"kind": "survey_answered", "reason": ""},
        ed.Closed(ClosureKind.SURVEY_ANSWERED, ""),
    ),
    (
        EventKind.REOPENED,
        {"reason": "Pas fait", "previous_status": "closed"},
        ed.Reopened("Pas fait", Status.CLOSED),
    ),
    (EventKind.WITHDRAWN, {"reason": ""}, ed.Withdrawn("")),
    (
        EventKind.ACCESS_REFUSED,
        {
            "permission": "add_note",
            "reason": "not a member of the staff directory",
            "telegram_id": 99,
        },
        ed.AccessRefused("add_note", "not a member of the staff directory", {"telegram_id": 99}),
    ),
    (
        EventKind.STAFF_ADDED,
        {"staff_id": 5, "name": "Marc", "role": "instructor"},
        ed.StaffAdded(5, "Marc", Role.INSTRUCTOR),
    ),
    (EventKind.STAFF_REMOVED, {"staff_id": 5, "name": "Marc"}, ed.StaffRemoved(5, "Marc")),
    (
        EventKind.STAFF_INVITED,
        {"name": "Marc", "role": "agent", "expires_at": "2026-03-10T09:00:00+00:00"},
        ed.StaffInvited("Marc", Role.AGENT, datetime(2026, 3, 10, 9, tzinfo=UTC)),
    ),
    (EventKind.ANONYMISED, {"reason": "demande"}, ed.Anonymised("demande")),
    (EventKind.CLIENT_JOINED_CHAT, {}, ed.ClientJoinedChat()),
    (
        EventKind.LETTER_POSTED,
        {"what": "acknowledgement", "posted_on": "2026-03-03"},
        ed.LetterPosted("acknowledgement", date(2026, 3, 3)),
    ),
]


@pytest.mark.parametrize(("kind", "payload", "expected"), TODAY, ids=[k.value for k, *_ in TODAY])
def test_a_row_stored_today_reads_as_its_typed_facts_and_writes_back_the_same_keys(
    kind: EventKind, payload: dict[str, Any], expected: EventData
) -> None:
    event = JournalEvent(kind, AT, Actor.system(), payload)
    assert event_data(event) == expected
    assert expected.to_payload() == payload


def test_the_table_of_rows_stored_today_covers_every_kind() -> None:
    assert {kind for kind, *_ in TODAY} == set(EventKind)


def test_a_complaint_filed_before_channels_were_journaled_reads_as_received_by_chat() -> None:
    payload = dict(TODAY[0][1])
    del payload["channel"], payload["received_at"]
    filed = data_of(JournalEvent(EventKind.FILED, AT, Actor.system(), payload), ed.Filed)
    assert (filed.channel, filed.received_at) == (Channel.TELEGRAM, None)
    complaint = Complaint.replay(
        "REC-2026-0001", [JournalEvent(EventKind.FILED, AT, Actor.system(), payload)]
    )
    assert (complaint.channel, complaint.received_at) == (Channel.TELEGRAM, AT)


def test_an_acknowledgement_without_a_letter_nor_clarification_still_reads() -> None:
    payload = {"document_name": "ar.pdf", "document_sha256": "ab", "answer_by": "2026-04-01"}
    ack = data_of(
        JournalEvent(EventKind.ACKNOWLEDGED, AT, Actor.system(), payload), ed.Acknowledged
    )
    assert (ack.clarification, ack.document_id, ack.by_post) == ("", None, False)
    assert "document_id" not in ack.to_payload()
    assert "by_post" not in ack.to_payload()


def test_both_answers_read_as_a_decision_with_their_outcome() -> None:
    for kind, payload, _ in TODAY:
        if kind in (EventKind.ACCEPTED, EventKind.REJECTED):
            decided = data_of(JournalEvent(kind, AT, Actor.system(), payload), ed.Decided)
            assert decided.OUTCOME is Outcome(payload["outcome"])


def test_asking_an_event_for_facts_of_another_kind_is_an_error() -> None:
    note = journal_event(ed.NoteAdded("x"), AT, Actor.system())
    with pytest.raises(TypeError, match="note_added"):
        data_of(note, ed.ClientInformed)


def test_every_kind_of_facts_changes_the_complaint_its_own_way_and_reads_in_the_timeline() -> None:
    assert set(APPLIERS) == set(DATA.values())
    assert set(DESCRIBE) == set(DATA.values())
