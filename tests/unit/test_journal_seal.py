"""The journal's seal, pure: an event's hash covers its facts and its texts through
salted digests, so an erasure may rewrite the texts without changing the hash."""

from __future__ import annotations

from datetime import UTC, datetime

from core.domain.journal_seal import ERASED, EventFacts, Seal, reseal

FILED = EventFacts(
    complaint_id=7,
    sequence=1,
    kind="filed",
    occurred_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    actor_kind="client",
    actor_id=3,
    actor_role=None,
    actor_name="Léa Dubois",
    payload={"category": "planning", "description": "Léa Dubois : leçon annulée", "n": 2},
    client_visible=True,
)


def test_the_hash_changes_with_any_fact_and_with_the_previous_event() -> None:
    seal = Seal("ab" * 16)
    sealed = FILED.hash("", seal)
    assert FILED.hash("", seal) == sealed
    assert FILED.hash("00", seal) != sealed
    assert FILED.but(FILED.actor_name, {**FILED.payload, "n": 3}).hash("", seal) != sealed
    assert FILED.but("Tom Girard", FILED.payload).hash("", seal) != sealed


def test_the_texts_enter_the_hash_only_as_salted_digests() -> None:
    committed = str(FILED.committed(Seal("ab" * 16)))
    assert "Léa" not in committed
    assert "planning" not in committed
    assert FILED.committed(Seal("cd" * 16)) != FILED.committed(Seal("ab" * 16))


def test_an_erasure_resealed_keeps_the_hash_and_forgets_the_salt() -> None:
    seal = Seal("ab" * 16)
    erased = FILED.but("", {**FILED.payload, "description": f"{ERASED} : leçon annulée"})
    resealed = reseal(seal, FILED, erased)
    assert erased.hash("", resealed) == FILED.hash("", seal)
    assert resealed.salt is None
    assert set(resealed.erased) == {'["actor_name"]', '["payload","description"]'}
    assert '["payload","category"]' in resealed.kept
    edited = erased.but("", {**erased.payload, "category": "examen"})
    assert edited.hash("", resealed) != FILED.hash("", seal)  # a kept text is still guarded


def test_a_finding_names_every_kind_of_event_in_the_schools_words() -> None:
    from core.domain.journal import EventKind
    from core.i18n import Translator
    from core.reports.journal_report import KINDS, kind_label

    assert set(KINDS) == set(EventKind)
    french = Translator("fr")
    assert kind_label(french, "evaluated") == "évaluation"
    assert kind_label(french, "forged_kind") == "forged_kind"  # not Reclam's: shown as stored
