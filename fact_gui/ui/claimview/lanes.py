"""Stacking overlapping claims into underline lanes, innermost nearest the text (no Qt)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from fact_gui.domain.claims import ClaimRow

# Lanes drawn under a line of text; claims that would need more are counted ("+N").
MAX_LANES = 3


def assign_lanes(claims: Sequence[ClaimRow], cap: int = MAX_LANES) -> dict[int, int]:
    """The lane of each claim: 0 nearest the text, ``cap`` for one that does not fit.

    A claim goes below every claim it contains, so the brackets drawn at their ends
    nest like parentheses; otherwise it takes the nearest lane free over its whole
    span. The result depends only on the claims given, never on what is on screen,
    so a claim keeps its lane while the text scrolls.

    Each lane holds disjoint spans sorted by start (so also by end), which makes
    both questions asked per claim a binary search: O(k log k) for k claims.
    """
    starts: list[list[int]] = [[] for _ in range(cap)]
    ends: list[list[int]] = [[] for _ in range(cap)]
    out: dict[int, int] = {}
    for c in sorted(claims, key=lambda c: (c.end - c.start, c.start, c.id)):
        s, e = c.start, c.end
        floor = 0
        for lane in range(cap - 1, -1, -1):
            i = bisect_left(starts[lane], s)
            if i < len(starts[lane]) and ends[lane][i] <= e:  # it contains a claim there
                floor = lane + 1
                break
        lane = floor
        while lane < cap:
            i = bisect_left(starts[lane], e) - 1
            if i < 0 or ends[lane][i] <= s:  # free over [s, e)
                break
            lane += 1
        out[c.id] = lane
        if lane < cap:
            i = bisect_left(starts[lane], s)
            starts[lane].insert(i, s)
            ends[lane].insert(i, e)
    return out
