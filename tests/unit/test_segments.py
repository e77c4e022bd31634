"""Flattening overlapping claims into paintable segments."""

from __future__ import annotations

from fact_gui.domain.claims import ClaimRow, claim_at, overlapping, segments
from fact_gui.domain.tags import Tag


def claim(id: int, start: int, end: int, tag: str = "confirmed") -> ClaimRow:
    return ClaimRow(id, start, end, tag, "", "", "a", "")


def test_disjoint_claims_give_one_segment_each() -> None:
    segs = segments([claim(1, 0, 5), claim(2, 10, 12)])
    assert [(s[0], s[1], s[2].id, s[4]) for s in segs] == [(0, 5, 1, 1), (10, 12, 2, 1)]


def test_nested_claim_shows_inside_its_parent() -> None:
    outer, inner = claim(1, 0, 20, "confirmed"), claim(2, 5, 10, "disputed")
    segs = segments([outer, inner])
    assert [(s[0], s[1]) for s in segs] == [(0, 5), (5, 10), (10, 20)]
    middle = segs[1]
    assert middle[2].id == 2 and middle[3].id == 1 and middle[4] == 2
    assert segs[0][2].id == segs[2][2].id == 1


def test_partial_overlap_and_adjacency() -> None:
    segs = segments([claim(1, 0, 10), claim(2, 5, 15), claim(3, 15, 20)])
    assert [(s[0], s[1], s[4]) for s in segs] == [
        (0, 5, 1),
        (5, 10, 2),
        (10, 15, 1),
        (15, 20, 1),
    ]


def test_segments_clip_to_range() -> None:
    segs = segments([claim(1, 0, 10), claim(2, 5, 15)], 7, 12)
    assert [(s[0], s[1], s[4]) for s in segs] == [(7, 10, 2), (10, 12, 1)]


def test_same_span_newest_wins_background() -> None:
    segs = segments([claim(1, 0, 5, "confirmed"), claim(2, 0, 5, "disputed")])
    assert len(segs) == 1 and segs[0][2].id == 2 and segs[0][4] == 2


def test_claim_at_prefers_innermost_and_counts_end() -> None:
    cs = [claim(1, 0, 20), claim(2, 5, 10)]
    assert claim_at(cs, 6).id == 2  # type: ignore[union-attr]
    assert claim_at(cs, 2).id == 1  # type: ignore[union-attr]
    assert claim_at(cs, 20).id == 1  # type: ignore[union-attr]
    assert claim_at(cs, 25) is None
    assert [c.id for c in overlapping(cs, 9, 12)] == [1, 2]


def test_segments_match_a_per_character_reference() -> None:
    """Random overlapping claims: every character gets exactly the claims covering it."""
    import random

    rng = random.Random(3)
    for _ in range(200):
        cs = []
        for i in range(rng.randint(1, 12)):
            s = rng.randint(0, 40)
            cs.append(claim(i + 1, s, s + rng.randint(1, 15)))
        lo, hi = rng.randint(0, 20), rng.randint(20, 60)
        segs = segments(cs, lo, hi)
        covered = {}
        for s, e, inner, outer, depth in segs:
            assert lo <= s < e <= hi
            for x in range(s, e):
                assert x not in covered
                covered[x] = (inner.id, outer.id, depth)
        for x in range(lo, hi):
            here = [c for c in cs if c.start <= x < c.end]
            if not here:
                assert x not in covered
                continue
            inner = min(here, key=lambda c: (c.end - c.start, -c.id))
            outer = max(here, key=lambda c: (c.end - c.start, -c.id))
            assert covered[x] == (inner.id, outer.id, len(here))


def test_claim_index_lookups() -> None:
    from fact_gui.domain.claims import ClaimIndex

    idx = ClaimIndex([claim(1, 0, 20), claim(2, 5, 10, "disputed"), claim(3, 30, 35)])
    assert [c.id for c in idx.rows()] == [1, 2, 3]
    assert idx.at(6).id == 2 and idx.at(12).id == 1 and idx.at(25) is None  # type: ignore[union-attr]
    assert idx.with_span(5, 10).id == 2  # type: ignore[union-attr]
    assert [c.id for c in idx.overlapping(9, 31)] == [1, 2, 3]
    row = idx.insert_row(claim(4, 6, 8))
    idx.insert(row, claim(4, 6, 8))
    assert [c.id for c in idx.rows()] == [1, 2, 4, 3] and idx.row_of(4) == 2
    idx.replace(2, claim(4, 6, 8, "single_source"))
    assert idx.counts()[Tag.SINGLE_SOURCE] == 1
    assert idx.pop(idx.row_of(2) or 0).id == 2
    assert idx.with_span(5, 10) is None and idx.at(9).id == 1  # type: ignore[union-attr]
