"""Where each claim lies in one laid-out block: line fragments, lanes, washes, overflow."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple, cast

from PySide6.QtGui import QTextBlock, QTextLayout

from fact_gui.domain.claims import ClaimIndex, segments
from fact_gui.ui.claimview.lanes import MAX_LANES, assign_lanes
from fact_gui.ui.claimview.offsets import LazyOffsetMap


class Line(NamedTuple):
    """One line of a block, relative to the block's top."""

    y: float
    height: float
    ascent: float
    start: int  # Qt positions within the block
    end: int


class Frag(NamedTuple):
    """The part of one claim on one line."""

    claim: int
    tag: str
    lane: int  # drawn in this lane under this line; MAX_LANES: not drawn (counted as "+N")
    column: int  # its lane in the whole paragraph: the gutter's column, the same on every line
    line: int
    x0: float
    x1: float
    first: bool  # the claim starts here
    last: bool  # ... ends here
    length: int  # the claim's length, so the innermost wins a hit test


class Wash(NamedTuple):
    """A tinted run of text: the innermost claim's tag, denser with each claim stacked."""

    line: int
    x0: float
    x1: float
    tag: str
    depth: int


class BlockGeometry(NamedTuple):
    """Everything the view paints for a block's claims, relative to the block."""

    line_count: int
    width: float  # the layout width it was computed at (stale if different)
    lines: list[Line]
    frags: list[Frag]
    washes: list[Wash]
    overflow: dict[int, int]  # line -> claims there not drawn in a lane


def lines_of(layout: QTextLayout) -> list[Line]:
    out = []
    for i in range(layout.lineCount()):
        ln = layout.lineAt(i)
        out.append(Line(ln.y(), ln.height(), ln.ascent(), ln.textStart(),
                        ln.textStart() + ln.textLength()))  # fmt: skip
    return out


def cursor_x(layout: QTextLayout, line: int, pos: int) -> float:
    """The x of a block position on one of its lines (PySide returns it with the position)."""
    x, _pos = cast(tuple[float, int], layout.lineAt(line).cursorToX(pos))
    return x


def runs(
    layout: QTextLayout,
    lines: list[Line],
    starts: list[int],
    qs: int,
    qe: int,
    xs: dict[tuple[int, int], float] | None = None,
) -> Iterator[tuple[int, float, float]]:
    """(line, x0, x1) for the Qt range [qs, qe) of a block; ``starts`` are the lines' starts.

    ``xs`` remembers x by (line, position): claims and their washes share their ends.
    """
    if qs >= qe:
        return
    if xs is None:
        xs = {}
    li = max(0, bisect_right(starts, qs) - 1)
    n = len(lines)
    while li < n:
        ln = lines[li]
        if ln.start >= qe:
            break
        a = qs if qs > ln.start else ln.start
        b = qe if qe < ln.end else ln.end
        if a < b:
            x0 = xs.get((li, a))
            if x0 is None:
                x0 = xs[(li, a)] = cursor_x(layout, li, a)
            x1 = xs.get((li, b))
            if x1 is None:
                x1 = xs[(li, b)] = cursor_x(layout, li, b)
            if x1 < x0:  # right-to-left text: the run's logical start is on its right
                x0, x1 = x1, x0
            elif b == ln.end and li + 1 < n:
                # Reaches a wrap: end at the last glyph, not after the trailing space.
                qline = layout.lineAt(li)
                natural = qline.x() + qline.naturalTextWidth()
                if x0 < natural < x1:
                    x1 = natural
            yield li, x0, x1
        li += 1


def block_geometry(
    block: QTextBlock, claims: ClaimIndex, offsets: LazyOffsetMap, width: float
) -> BlockGeometry:
    """Fragments, lanes, washes and overflow of the claims that touch ``block``."""
    layout = block.layout()
    lines = lines_of(layout)
    starts = [ln.start for ln in lines]
    bpos = block.position()
    blen = block.length() - 1  # without the paragraph separator
    lo, hi = offsets.from_qt(bpos), offsets.from_qt(bpos + blen)
    here = claims.overlapping(lo, hi) if hi > lo else []
    frags: list[Frag] = []
    washes: list[Wash] = []
    overflow: dict[int, int] = {}
    if here:
        lanes = assign_lanes(here)
        to_qt = offsets.to_qt
        xs: dict[tuple[int, int], float] = {}
        for c in here:
            qs, qe = to_qt(c.start) - bpos, to_qt(c.end) - bpos
            first, last = qs >= 0, qe <= blen
            qs, qe = max(qs, 0), min(qe, blen)
            lane = lanes[c.id]
            spans = list(runs(layout, lines, starts, qs, qe, xs))
            for k, (li, x0, x1) in enumerate(spans):
                frags.append(Frag(c.id, c.tag, lane, lane, li, x0, x1, first and k == 0,
                                  last and k == len(spans) - 1, c.end - c.start))  # fmt: skip
                if lane >= MAX_LANES:
                    overflow[li] = overflow.get(li, 0) + 1
        frags = _close_up(frags)
        for s, e, inner, _outer, depth in segments(here, lo, hi, presorted=True):
            for li, x0, x1 in runs(layout, lines, starts, to_qt(s) - bpos, to_qt(e) - bpos, xs):
                washes.append(Wash(li, x0, x1, inner.tag, depth))
    return BlockGeometry(len(lines), width, lines, frags, washes, overflow)


def _close_up(frags: list[Frag]) -> list[Frag]:
    """Per line, move the lanes in use up to the text, keeping their order.

    A paragraph's lanes are fixed by its deepest overlap; a line holding only the
    outer claim would otherwise show its underline floating in lane 2, nearer the
    next line than its own.
    """
    used: dict[int, set[int]] = {}
    for f in frags:
        if f.lane < MAX_LANES:
            used.setdefault(f.line, set()).add(f.lane)
    remap = {li: {lane: k for k, lane in enumerate(sorted(lanes))} for li, lanes in used.items()}
    return [
        f._replace(lane=remap[f.line][f.lane]) if f.lane < MAX_LANES and f.lane else f
        for f in frags
    ]


def span_runs(
    block: QTextBlock, lines: list[Line], qs: int, qe: int
) -> Iterator[tuple[int, float, float]]:
    """Line runs of an absolute Qt range [qs, qe) clipped to ``block`` (selection, matches)."""
    bpos = block.position()
    a, b = max(qs - bpos, 0), min(qe - bpos, block.length() - 1)
    if a < b:
        yield from runs(block.layout(), lines, [ln.start for ln in lines], a, b)
