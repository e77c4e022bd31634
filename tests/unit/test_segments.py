"""Flattening overlapping claims into paintable segments."""

from __future__ import annotations

from fact_gui.domain.claims import ClaimRow, claim_at, overlapping, segments


def claim(id: int, start: int, end: int, tag: str = "confirmed") -> ClaimRow:
    return ClaimRow(id, start, end, tag, "", "", "a", "", "")


def test_disjoint_claims_give_one_segment_each() -> None:
    segs = segments([claim(1, 0, 5), claim(2, 10, 12)])
    assert [(s.start, s.end, s.inner.id, s.depth) for s in segs] == [(0, 5, 1, 1), (10, 12, 2, 1)]


def test_nested_claim_shows_inside_its_parent() -> None:
    outer, inner = claim(1, 0, 20, "confirmed"), claim(2, 5, 10, "disputed")
    segs = segments([outer, inner])
    assert [(s.start, s.end) for s in segs] == [(0, 5), (5, 10), (10, 20)]
    middle = segs[1]
    assert middle.inner.id == 2 and middle.outer.id == 1 and middle.depth == 2
    assert segs[0].inner.id == segs[2].inner.id == 1


def test_partial_overlap_and_adjacency() -> None:
    segs = segments([claim(1, 0, 10), claim(2, 5, 15), claim(3, 15, 20)])
    assert [(s.start, s.end, s.depth) for s in segs] == [
        (0, 5, 1),
        (5, 10, 2),
        (10, 15, 1),
        (15, 20, 1),
    ]


def test_segments_clip_to_range() -> None:
    segs = segments([claim(1, 0, 10), claim(2, 5, 15)], 7, 12)
    assert [(s.start, s.end, s.depth) for s in segs] == [(7, 10, 2), (10, 12, 1)]


def test_same_span_newest_wins_background() -> None:
    segs = segments([claim(1, 0, 5, "confirmed"), claim(2, 0, 5, "disputed")])
    assert len(segs) == 1 and segs[0].inner.id == 2 and segs[0].depth == 2


def test_claim_at_prefers_innermost_and_counts_end() -> None:
    cs = [claim(1, 0, 20), claim(2, 5, 10)]
    assert claim_at(cs, 6).id == 2  # type: ignore[union-attr]
    assert claim_at(cs, 2).id == 1  # type: ignore[union-attr]
    assert claim_at(cs, 20).id == 1  # type: ignore[union-attr]
    assert claim_at(cs, 25) is None
    assert [c.id for c in overlapping(cs, 9, 12)] == [1, 2]
