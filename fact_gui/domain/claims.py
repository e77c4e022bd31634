"""Claims as the views see them, and the flattening of overlapping claims into segments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from fact_gui.domain.tags import Tag


class ClaimRow(NamedTuple):
    """One claim, as read for display (a plain tuple, cheap by the ten thousand)."""

    id: int
    start: int
    end: int
    tag: str
    quote: str
    note: str
    analyst: str
    created_at: str
    updated_at: str

    @property
    def tag_enum(self) -> Tag:
        return Tag(self.tag)

    def sort_key(self) -> tuple[int, int, int]:
        """Text order: by start, longer (outer) claims first, then by id."""
        return (self.start, -self.end, self.id)


class Segment(NamedTuple):
    """A stretch of text covered by the same set of claims.

    ``inner`` (the shortest covering claim) gives the background, ``outer``
    (the longest) the underline, so a nested claim stays visible inside its
    parent; ``depth`` counts the claims stacked there.
    """

    start: int
    end: int
    inner: ClaimRow
    outer: ClaimRow
    depth: int


def _length_key(c: ClaimRow) -> tuple[int, int]:
    # Equal lengths: the newer claim wins, so a fresh tag is visible at once.
    return (c.end - c.start, -c.id)


def segments(claims: Iterable[ClaimRow], lo: int = 0, hi: int | None = None) -> list[Segment]:
    """Flatten possibly overlapping claims into non-overlapping segments within [lo, hi)."""
    events: list[tuple[int, int, ClaimRow]] = []
    for c in claims:
        s, e = max(c.start, lo), c.end if hi is None else min(c.end, hi)
        if s < e:
            events.append((s, 1, c))
            events.append((e, 0, c))
    if not events:
        return []
    events.sort(key=lambda ev: ev[0])
    out: list[Segment] = []
    active: dict[int, ClaimRow] = {}
    i, n = 0, len(events)
    while i < n:
        pos = events[i][0]
        while i < n and events[i][0] == pos:
            _, kind, c = events[i]
            if kind:
                active[c.id] = c
            else:
                active.pop(c.id, None)
            i += 1
        if active and i < n:
            nxt = events[i][0]
            if len(active) == 1:
                (only,) = active.values()
                out.append(Segment(pos, nxt, only, only, 1))
            else:
                vals = active.values()
                out.append(
                    Segment(
                        pos,
                        nxt,
                        min(vals, key=_length_key),
                        max(vals, key=_length_key),
                        len(active),
                    )
                )
    return out


def claim_at(claims: Sequence[ClaimRow], pos: int) -> ClaimRow | None:
    """The innermost claim containing ``pos`` (a caret at a claim's end still counts)."""
    inside = [c for c in claims if c.start <= pos < c.end]
    if not inside:
        inside = [c for c in claims if c.end == pos]
    return min(inside, key=_length_key) if inside else None


def overlapping(claims: Iterable[ClaimRow], lo: int, hi: int) -> list[ClaimRow]:
    """Claims that share at least one character with [lo, hi)."""
    return [c for c in claims if c.start < hi and c.end > lo]
