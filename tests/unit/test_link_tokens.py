"""The secrets of personal links: what comes back from a link is a token only when well
formed, whatever a person typed or forged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.domain.link_tokens import SHAPE, digest, new_token, parse_token

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def test_a_new_token_reads_back_as_itself_and_is_stored_only_as_its_digest() -> None:
    token = new_token()
    assert parse_token(token) == token
    assert len(token) == 32
    assert digest(token) == digest(token) != token
    assert len(digest(token)) == 64
    assert new_token() != token


@given(st.text(max_size=200))
def test_anything_typed_is_a_well_formed_token_or_nothing(text: str) -> None:
    found = parse_token(text)
    assert found is None or SHAPE.fullmatch(found)


@given(st.text(alphabet=ALPHABET, min_size=16, max_size=64), st.sampled_from("/.?&= %'\"<\n"))
def test_a_token_with_a_character_no_link_carries_is_refused(token: str, odd: str) -> None:
    assert parse_token(token) == token
    assert parse_token(token[:8] + odd + token[8:]) is None


def test_too_short_or_too_long_is_refused() -> None:
    assert parse_token("A" * 15) is None
    assert parse_token("A" * 65) is None
    assert parse_token("") is None
