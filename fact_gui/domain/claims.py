"""Claims as the views see them: a sorted index, and flattening overlaps into segments."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from typing import NamedTuple

from fact_gui.domain.tags import Tag

_INF = float("inf")


class ClaimRow(NamedTuple):
    """One claim, as read for display (a plain tuple, cheap by the ten thousand)."""

    id: int
    start: int
    end: int
    tag: str
    quote: str
    note: str
    analyst: str
    # Last change, ISO 8601 UTC (creation time lives in the database and audit trail).
    updated_at: str
    # The reviewer's verdict: pending, accepted or queried.
    review: str = "pending"
    # Bumped by every change of the claim; a change names the row version it was made on.
    row_version: int = 1
    # Who made the latest change (the analyst, a reviewer's verdict, an undo elsewhere).
    updated_by: str = ""

    def sort_key(self) -> tuple[int, int, int]:
        """Text order: by start, then end, then id (the order the database index keeps)."""
        return (self.start, self.end, self.id)


# (start, end, inner, outer, depth): ``inner`` (the shortest covering claim) gives
# the background, ``outer`` (the longest) the underline, so a nested claim stays
# visible inside its parent; ``depth`` counts the claims stacked there. A plain
# tuple: an article can have tens of thousands.
Segment = tuple[int, int, ClaimRow, ClaimRow, int]


def _length_key(c: ClaimRow) -> tuple[int, int]:
    # Equal lengths: the newer claim wins, so a fresh tag is visible at once.
    return (c.end - c.start, -c.id)


def _sweep(cluster: list[ClaimRow], lo: int, hi: float, out: list[Segment]) -> None:
    """Segments of one cluster of mutually overlapping claims.

    Clusters are small (a claim and what is nested in or overlaps it), so each
    elementary interval simply checks every claim of its cluster.
    """
    append = out.append
    if len(cluster) == 2:
        # The commonest case (a pair), in closed form: a starts first (text order).
        a, b = cluster
        inner, outer = (a, b) if (a.end - a.start, -a.id) < (b.end - b.start, -b.id) else (b, a)
        if b.end <= a.end:  # b nested in a
            parts = ((a.start, b.start, a, a, 1), (b.start, b.end, inner, outer, 2),
                     (b.end, a.end, a, a, 1))  # fmt: skip
        else:  # overlapping
            parts = ((a.start, b.start, a, a, 1), (b.start, a.end, inner, outer, 2),
                     (a.end, b.end, b, b, 1))  # fmt: skip
        for s, e, i, o, d in parts:
            cs, ce = (s if s > lo else lo), int(e if e < hi else hi)
            if cs < ce:
                append((cs, ce, i, o, d))
        return
    bounds = sorted({c.start for c in cluster} | {c.end for c in cluster})
    for s, e in pairwise(bounds):
        if e <= lo or s >= hi:
            continue
        cover = [c for c in cluster if c.start <= s and c.end >= e]
        k = len(cover)
        if not k:
            continue
        cs, ce = (s if s > lo else lo), int(e if e < hi else hi)
        if k == 1:
            append((cs, ce, cover[0], cover[0], 1))
        elif k == 2:
            a, b = cover
            if (a.end - a.start, -a.id) < (b.end - b.start, -b.id):
                append((cs, ce, a, b, 2))
            else:
                append((cs, ce, b, a, 2))
        else:
            append((cs, ce, min(cover, key=_length_key), max(cover, key=_length_key), k))


def segments(
    claims: Iterable[ClaimRow], lo: int = 0, hi: int | None = None, presorted: bool = False
) -> list[Segment]:
    """Flatten possibly overlapping claims into non-overlapping segments within [lo, hi).

    Claims that overlap nothing (most of them) become their own segment directly;
    only clusters of overlapping claims are swept. ``presorted``: the claims are
    already in text order (as a ClaimIndex holds them), so no sort is needed.
    """
    cs = claims if presorted else sorted(claims, key=ClaimRow.sort_key)
    top: float = _INF if hi is None else hi
    clip = lo > 0 or hi is not None
    out: list[Segment] = []
    append = out.append
    first: ClaimRow | None = None  # the current cluster while it has one claim
    cluster: list[ClaimRow] | None = None  # ... and once it has more
    cluster_end = -1
    for c in cs:
        if c.start >= cluster_end:
            if cluster is not None:
                _sweep(cluster, lo, top, out)
                cluster = None
            elif first is not None:
                if not clip:
                    append((first.start, first.end, first, first, 1))
                elif first.start < top and first.end > lo:
                    append((max(first.start, lo), int(min(first.end, top)), first, first, 1))
            first = c
            cluster_end = c.end
        else:
            if cluster is None:
                assert first is not None
                cluster = [first, c]
            else:
                cluster.append(c)
            if c.end > cluster_end:
                cluster_end = c.end
    if cluster is not None:
        _sweep(cluster, lo, top, out)
    elif first is not None and first.start < top and first.end > lo:
        append((max(first.start, lo), int(min(first.end, top)), first, first, 1))
    return out


class ClaimIndex:
    """The open article's claims in text order, with lookups by id, span and position.

    Shared by the text pane and the claims table, so neither scans ten thousand
    claims on a key press.
    """

    def __init__(self, rows: Iterable[ClaimRow] = ()) -> None:
        self.reset(rows)

    def reset(self, rows: Iterable[ClaimRow]) -> None:
        self._rows: list[ClaimRow] = list(rows)
        self._keys = [(r.start, r.end, r.id) for r in self._rows]
        if any(a > b for a, b in zip(self._keys, self._keys[1:], strict=False)):
            order = sorted(range(len(self._rows)), key=self._keys.__getitem__)
            self._rows = [self._rows[i] for i in order]
            self._keys = [self._keys[i] for i in order]
        # Built on first use: opening an article needs neither.
        self._by_id_cache: dict[int, ClaimRow] | None = None
        self._by_span_cache: dict[tuple[int, int], ClaimRow] | None = None
        self._counts = Counter(r.tag for r in self._rows)
        # Longest claim: bounds how far back a position lookup must look.
        self._max_len = max((r.end - r.start for r in self._rows), default=0)

    def take(self, other: ClaimIndex) -> None:
        """Become ``other`` (built elsewhere, say on a worker thread); ``other`` is emptied."""
        vars(self).update(vars(other))
        other.reset(())

    @property
    def _by_id(self) -> dict[int, ClaimRow]:
        if self._by_id_cache is None:
            self._by_id_cache = {r.id: r for r in self._rows}
        return self._by_id_cache

    @property
    def _by_span(self) -> dict[tuple[int, int], ClaimRow]:
        if self._by_span_cache is None:
            self._by_span_cache = {(r.start, r.end): r for r in self._rows}
        return self._by_span_cache

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, row: int) -> ClaimRow:
        return self._rows[row]

    def rows(self) -> list[ClaimRow]:
        return self._rows

    def get(self, claim_id: int) -> ClaimRow | None:
        return self._by_id.get(claim_id)

    def with_span(self, start: int, end: int) -> ClaimRow | None:
        return self._by_span.get((start, end))

    def counts(self) -> dict[Tag, int]:
        return {t: self._counts.get(t.value, 0) for t in Tag}

    def row_of(self, claim_id: int) -> int | None:
        c = self._by_id.get(claim_id)
        if c is None:
            return None
        i = bisect_left(self._keys, c.sort_key())
        return i if i < len(self._rows) and self._rows[i].id == claim_id else None

    def insert_row(self, claim: ClaimRow) -> int:
        """Where ``claim`` would go in text order."""
        return bisect_left(self._keys, claim.sort_key())

    def insert(self, row: int, claim: ClaimRow) -> None:
        self._rows.insert(row, claim)
        self._keys.insert(row, claim.sort_key())
        self._index(claim)

    def replace(self, row: int, claim: ClaimRow) -> None:
        self._unindex(self._rows[row])
        self._rows[row] = claim
        self._keys[row] = claim.sort_key()
        self._index(claim)

    def pop(self, row: int) -> ClaimRow:
        claim = self._rows.pop(row)
        del self._keys[row]
        self._unindex(claim)
        return claim

    def _index(self, c: ClaimRow) -> None:
        self._by_id[c.id] = c
        self._by_span[(c.start, c.end)] = c
        self._counts[c.tag] += 1
        self._max_len = max(self._max_len, c.end - c.start)

    def _unindex(self, c: ClaimRow) -> None:
        self._by_id.pop(c.id, None)
        if self._by_span.get((c.start, c.end)) is c:
            del self._by_span[(c.start, c.end)]
        self._counts[c.tag] -= 1

    def overlapping(self, lo: int, hi: int) -> list[ClaimRow]:
        """Claims sharing at least one character with [lo, hi)."""
        first = bisect_left(self._keys, (lo - self._max_len,))
        last = bisect_left(self._keys, (hi,))
        return [c for c in self._rows[first:last] if c.end > lo]

    def at(self, pos: int) -> ClaimRow | None:
        """The innermost claim containing ``pos`` (a caret at a claim's end still counts)."""
        near = self.overlapping(pos - 1, pos + 1)
        inside = [c for c in near if c.start <= pos < c.end] or [c for c in near if c.end == pos]
        return min(inside, key=_length_key) if inside else None


def claim_at(claims: Iterable[ClaimRow], pos: int) -> ClaimRow | None:
    """The innermost claim containing ``pos`` (a caret at a claim's end still counts)."""
    return ClaimIndex(claims).at(pos)


def overlapping(claims: Iterable[ClaimRow], lo: int, hi: int) -> list[ClaimRow]:
    """Claims that share at least one character with [lo, hi)."""
    return [c for c in claims if c.start < hi and c.end > lo]
