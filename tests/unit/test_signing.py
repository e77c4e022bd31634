"""The pure parts of trust: the chain's event hash and the signed payload's canonical bytes."""

from __future__ import annotations

import dataclasses

import pytest

from fact_gui.domain.chain import GENESIS, ChainedEvent, event_hash, history_digest
from fact_gui.domain.signing import (
    ArticlePart,
    ClaimPart,
    CommentPart,
    Identity,
    Payload,
    SignerPart,
    short_fingerprint,
)

EVENT = ChainedEvent(7, GENESIS, "2026-01-01T00:00:00.000000Z", "ana", "claim.retag", 3, 9,
                     '{"tag": "confirmed"}', '{"tag": "disputed"}')  # fmt: skip


@pytest.mark.parametrize(
    "field",
    ["seq", "prev_hash", "at", "actor", "action", "article_id", "claim_id", "before", "after"],
)
def test_every_field_of_an_event_is_in_its_hash(field: str) -> None:
    value = getattr(EVENT, field)
    other = {int: 8, str: "x" * 64 if field == "prev_hash" else "other", type(None): 1}[type(value)]
    assert event_hash(EVENT._replace(**{field: other})) != event_hash(EVENT)  # type: ignore[arg-type]
    assert event_hash(EVENT) == event_hash(ChainedEvent(*EVENT))  # deterministic


def test_none_and_text_none_differ() -> None:
    assert event_hash(EVENT._replace(before=None)) != event_hash(EVENT._replace(before="null"))


def test_history_is_order_free_but_loses_nothing() -> None:
    links = [(1, "a" * 64), (5, "b" * 64), (9, "c" * 64)]
    assert history_digest(links) == history_digest(list(reversed(links)))
    assert history_digest(links[:2]) != history_digest(links)
    assert history_digest([(1, "a" * 64), (5, "d" * 64), (9, "c" * 64)]) != history_digest(links)


def payload(**signer: object) -> Payload:
    article = ArticlePart(1, "Title", "Outlet", "Author", "https://x", "2024-12-17", "/a.txt",
                          "file", "2026-01-01T00:00:00.000000Z", "ana", "t" * 64, "o" * 64)  # fmt: skip
    claims = (
        ClaimPart(2, 0, 5, "confirmed", "Hello", "", "ana", "accepted", "rev", None),
        ClaimPart(3, 6, 11, "disputed", "world", "n", "ana", "accepted", "rev", None),
        ClaimPart(4, 0, 3, "confirmed", "Hel", "", "ana", "pending", None, "2026-01-02T00:00:00.000000Z"),
    )  # fmt: skip
    comments = (CommentPart(1, 3, "rev", "2026-01-01T00:00:00.000000Z", "query", "Source?"),)
    base = SignerPart("rev", "2026-01-03T00:00:00.000000Z", "ok", False, Identity.LOCAL,
                      "f" * 64, 12, "h" * 64, "i" * 64)  # fmt: skip
    return Payload(article, claims, comments, dataclasses.replace(base, **signer))  # type: ignore[arg-type]


def test_payload_bytes_are_canonical_and_cover_the_signer() -> None:
    p = payload()
    shuffled = dataclasses.replace(p, claims=tuple(reversed(p.claims)))
    assert shuffled.canonical() == p.canonical() and shuffled.digest() == p.digest()
    assert p.to_sign().startswith(b"fact_gui sign-off\n")
    assert b'"v":2' in p.canonical() and b"Hello" in p.canonical()
    for change in ({"self_review": True}, {"identity": Identity.SERVER}, {"at": "x"},
                   {"chain_seq": 13}, {"history": "j" * 64}, {"reviewer": "mal"}):  # fmt: skip
        assert payload(**change).digest() != p.digest(), change
    removed_back = dataclasses.replace(
        p, claims=(*p.claims[:2], dataclasses.replace(p.claims[2], removed_at=None))
    )
    assert removed_back.digest() != p.digest()


def test_fingerprints_are_shown_in_groups() -> None:
    assert short_fingerprint("0123456789abcdef" * 4) == "0123:4567:89AB:CDEF:0123"
