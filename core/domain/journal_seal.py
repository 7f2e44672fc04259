"""The journal's seal: each event's hash, chained to the previous event of the same
complaint, over a canonical form of the event (sorted-key JSON) in which every text is
replaced by a salted digest (a commitment).

The texts are the personal fields: the actor's name and every string of the payload, the
ones an erasure may rewrite (GDPR). While an event keeps its salt, its texts are checked
against their commitments; an erasure replaces the event's salt by the salts of the texts
it kept and the digests of the texts it erased, so the hash stays true and what was erased
cannot be guessed back from what remains. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

FORMAT = 1  # the canonical form's version, part of every hash
#: what an erasure writes in place of a personal text (a name, what the client wrote)
ERASED = "[…]"


def canonical(value: Any) -> bytes:
    """Sorted-key JSON, no spaces, UTF-8: the same bytes for the same facts."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def _path(parts: tuple[str | int, ...]) -> str:
    return json.dumps(list(parts), separators=(",", ":"), ensure_ascii=False)


def texts(value: Any, at: tuple[str | int, ...] = ()) -> Iterator[tuple[str, str]]:
    """Every string in ``value`` with its path (a JSON list of keys and indexes)."""
    if isinstance(value, str):
        yield _path(at), value
    elif isinstance(value, Mapping):
        for key in sorted(value):
            yield from texts(value[key], (*at, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from texts(item, (*at, index))


def commitment(salt: str, value: str) -> str:
    return sha256(f"{salt}\x00{value}".encode())


@dataclass(frozen=True)
class Seal:
    """How an event's texts are committed: by its salt, or after an erasure by the salts
    of the texts kept (``kept``) and the digests of the texts erased (``erased``)."""

    salt: str | None
    kept: dict[str, str] = field(default_factory=dict)
    erased: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_row(cls, salt: str | None, commitments: Mapping[str, Any] | None) -> Seal:
        c = commitments or {}
        return cls(salt, dict(c.get("kept", {})), dict(c.get("erased", {})))

    def commitments(self) -> dict[str, dict[str, str]] | None:
        return None if self.salt is not None else {"kept": self.kept, "erased": self.erased}

    def salt_of(self, path: str) -> str | None:
        if self.salt is not None:
            return hmac.new(self.salt.encode(), path.encode(), hashlib.sha256).hexdigest()
        return self.kept.get(path)

    def digest(self, path: str, value: str) -> str:
        salt = self.salt_of(path)
        if salt is not None:
            return commitment(salt, value)
        return self.erased.get(path, "")  # neither salt nor digest: the hash will differ


@dataclass(frozen=True)
class EventFacts:
    """What an event's hash covers, as stored in its row."""

    complaint_id: int | None
    sequence: int
    kind: str
    occurred_at: datetime
    actor_kind: str
    actor_id: int | None
    actor_role: str | None
    actor_name: str
    payload: Any
    client_visible: bool

    def but(self, actor_name: str, payload: Any) -> EventFacts:
        """The same event with its texts rewritten (by an erasure)."""
        return replace(self, actor_name=actor_name, payload=payload)

    @property
    def personal(self) -> dict[str, Any]:
        return {"actor_name": self.actor_name, "payload": self.payload}

    def committed(self, seal: Seal) -> Any:
        digests = {p: seal.digest(p, v) for p, v in texts(self.personal)}
        return _replace_texts(self.personal, (), digests)

    def hash(self, previous: str, seal: Seal) -> str:
        return sha256(
            canonical(
                {
                    "format": FORMAT,
                    "complaint_id": self.complaint_id,
                    "sequence": self.sequence,
                    "previous": previous,
                    "kind": self.kind,
                    "occurred_at": self.occurred_at.astimezone(UTC).isoformat(),
                    "actor": [self.actor_kind, self.actor_id, self.actor_role],
                    "client_visible": self.client_visible,
                    "personal": self.committed(seal),
                }
            )
        )


def _replace_texts(value: Any, at: tuple[str | int, ...], digests: dict[str, str]) -> Any:
    if isinstance(value, str):
        return {"sha256": digests[_path(at)]}
    if isinstance(value, Mapping):
        return {k: _replace_texts(v, (*at, k), digests) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_replace_texts(v, (*at, i), digests) for i, v in enumerate(value)]
    return value


def reseal(seal: Seal, before: EventFacts, after: EventFacts) -> Seal:
    """The seal of an event whose texts an erasure rewrote: the texts it changed keep
    only their digest, the others their own salt; the event's salt is forgotten."""
    now = dict(texts(after.personal))
    kept, erased = {}, dict(seal.erased)
    for path, value in texts(before.personal):
        salt = seal.salt_of(path)
        if salt is None:
            continue  # erased already
        if now.get(path) == value:
            kept[path] = salt
        else:
            erased[path] = commitment(salt, value)
    return Seal(None, kept, erased)


def erased_texts_look_erased(facts: EventFacts, seal: Seal) -> bool:
    """An erased text is empty or carries the erasure's mark: not some other writing."""
    erased = {p for p in seal.erased}
    return all(v == "" or ERASED in v for p, v in texts(facts.personal) if p in erased)


def anchor_hash(created_at: datetime, heads: list[dict[str, Any]], previous: str) -> str:
    """An anchor: every chain's last event, and the previous anchor."""
    return sha256(
        canonical(
            {
                "format": FORMAT,
                "created_at": created_at.astimezone(UTC).isoformat(),
                "heads": heads,
                "previous": previous,
            }
        )
    )
