"""Checking the journal's seal: each chain recomputed from its first event, then each
anchor against its predecessor and against the chains it saw. Pure: the rows come in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from core.domain.journal_seal import EventFacts, Seal, anchor_hash, erased_texts_look_erased

ERASURE_KIND = "anonymised"


class Breach(StrEnum):
    ALTERED = "altered"  # its facts are not those it was sealed with
    DELETED = "deleted"  # an event before it is missing
    INSERTED = "inserted"  # it was not appended by Reclam
    REORDERED = "reordered"  # it is not in its place
    MISSING = "missing"  # an anchor saw the chain reach further: the tail was deleted
    ANCHOR_ALTERED = "anchor_altered"  # an anchor was edited, deleted or inserted


@dataclass(frozen=True)
class StoredEvent:
    id: int
    reference: str | None
    facts: EventFacts
    chain_hash: str | None
    seal: Seal
    sealed: bool  # it has a place in a chain (a sequence)


@dataclass(frozen=True)
class StoredAnchor:
    id: int
    created_at: datetime
    heads: list[dict[str, Any]]
    previous: str
    hash: str


@dataclass(frozen=True)
class Finding:
    """The first event of a chain that is not what was recorded."""

    breach: Breach
    reference: str | None  # None: the events of no complaint (staff directory…)
    sequence: int | None
    kind: str | None  # None: the event is gone
    at_event: int | None = None  # the row where it was found (for ordering)
    anchored_at: datetime | None = None


@dataclass(frozen=True)
class JournalReport:
    events: int
    chains: int
    anchors: tuple[StoredAnchor, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    reference: str | None = None  # only this complaint's chain was checked

    @property
    def intact(self) -> bool:
        return not self.findings

    @property
    def last_anchor(self) -> StoredAnchor | None:
        return self.anchors[-1] if self.anchors else None


@dataclass
class _Walk:
    events: list[StoredEvent]
    by_sequence: dict[int, StoredEvent] = field(default_factory=dict)

    def finding(self) -> Finding | None:
        expected, previous = 1, ""
        present = {e.facts.sequence for e in self.events if e.sealed}
        erased = any(e.facts.kind == ERASURE_KIND for e in self.events)
        for event in self.events:
            breach = _breach(event, expected, previous, present, erased)
            if breach is not None:
                gone_or_unplaced = breach is Breach.DELETED or not event.sealed
                sequence = expected if gone_or_unplaced else event.facts.sequence
                kind = None if breach is Breach.DELETED else event.facts.kind
                return Finding(breach, event.reference, sequence, kind, event.id)
            self.by_sequence[expected] = event
            expected, previous = expected + 1, event.chain_hash or ""
        return None


def _breach(
    event: StoredEvent, expected: int, previous: str, present: set[int], erased: bool
) -> Breach | None:
    sequence = event.facts.sequence
    if not event.sealed or event.chain_hash is None or sequence < expected:
        return Breach.INSERTED
    if sequence > expected:
        return Breach.REORDERED if expected in present else Breach.DELETED
    if event.seal.erased and not (erased and erased_texts_look_erased(event.facts, event.seal)):
        return Breach.ALTERED
    if event.facts.hash(previous, event.seal) != event.chain_hash:
        return Breach.ALTERED
    return None


def check_journal(
    events: Sequence[StoredEvent],
    anchors: Sequence[StoredAnchor],
    reference: str | None = None,
) -> JournalReport:
    """``events`` in the order they were appended (their ids), ``anchors`` likewise."""
    chains: dict[int | None, list[StoredEvent]] = defaultdict(list)
    for event in events:
        chains[event.facts.complaint_id].append(event)
    walks = {key: _Walk(chain) for key, chain in chains.items()}
    findings = {key: f for key, walk in walks.items() if (f := walk.finding()) is not None}
    anchored = _anchor_findings(anchors, walks, set(findings), reference)
    ordered = sorted([*findings.values(), *anchored], key=_order)
    return JournalReport(len(events), len(chains), tuple(anchors), tuple(ordered), reference)


def _order(finding: Finding) -> tuple[int, int]:
    return (0 if finding.at_event is not None else 1, finding.at_event or 0)


def _anchor_findings(
    anchors: Sequence[StoredAnchor],
    walks: dict[int | None, _Walk],
    broken: set[int | None],
    reference: str | None,
) -> list[Finding]:
    previous, found, seen = "", [], set(broken)
    for anchor in anchors:
        if anchor.previous != previous or anchor.hash != anchor_hash(
            anchor.created_at, anchor.heads, anchor.previous
        ):
            return [
                Finding(Breach.ANCHOR_ALTERED, None, None, None, anchored_at=anchor.created_at)
            ]
        previous = anchor.hash
        for head in anchor.heads:
            key = head.get("complaint_id")
            if key in seen or (reference is not None and head.get("reference") != reference):
                continue
            finding = _against_head(head, walks.get(key), anchor.created_at)
            if finding is not None:
                found.append(finding)
                seen.add(key)
    return found


def _against_head(head: dict[str, Any], walk: _Walk | None, at: datetime) -> Finding | None:
    event = walk.by_sequence.get(head["sequence"]) if walk else None
    if event is None:
        return Finding(Breach.MISSING, head.get("reference"), head["sequence"], None, None, at)
    if event.chain_hash != head["hash"]:  # the chain was rewritten and sealed again
        seq, kind = event.facts.sequence, event.facts.kind
        return Finding(Breach.ALTERED, event.reference, seq, kind, event.id, at)
    return None
