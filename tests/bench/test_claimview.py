"""Benchmark: the claim view opens and scrolls big articles with thousands of claims.

Opening = show_article + the first paint of text and claims; the primitive is a bare
QPlainTextEdit given the same text, font and size, with no claims. Scrolling = one
scroll step plus the repaint it triggers; the primitive is the bare widget scrolled
the same way. For reference, today's text pane (claims as character formats) is
measured in the same run.

Every figure is taken twice: wall-clock time, and the process's CPU time. On a quiet
machine they agree; on a shared one the wall clock also counts waiting for a core,
so the limits are checked on CPU time (the work this process does) and both printed.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from fact_gui.domain.claims import ClaimIndex, ClaimRow
from tests.bench.benchkit import TAGS, Figures, Words, claim_word_spans, news_text

WARMUPS = 2
REPS = 15
# Below ~780 px: today's pane measures its margins from the viewport's own resize events and
# recurses without end at some wider sizes (e.g. 900 px); the claim view does not.
SIZE = (760, 700)
SCROLL_STEPS = 120
# (bytes, claims, open limit ms, open ratio limit)
CASES = {
    "1MB": (1_000_000, 10_000, 50.0, 1.6),
    "10MB": (10_000_000, 100_000, 150.0, 1.4),
}
FRAME_MS = 16.0
FRAME_RATIO = 2.0


def _article(size: int, n: int, seed: int) -> tuple[str, list[ClaimRow]]:
    text = news_text(size, seed=seed)
    assert size < 100_000 or any(ord(ch) > 0xFFFF for ch in text), "no astral: offsets untested"
    rng = random.Random(seed)
    words = Words.of(text)
    spans = sorted(words.chars(i, j) for i, j in claim_word_spans(words, n, rng))
    rows = [
        ClaimRow(k, s, e, rng.choice(TAGS), text[s:e], "", "bench", "2026-11-21T00:00:00Z")
        for k, (s, e) in enumerate(spans, 1)
    ]
    return text, rows


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


class Clock:
    """Wall-clock and CPU samples of the same runs."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, fn: Callable[[], None], keep: bool = True) -> None:
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        c1, w1 = time.process_time(), time.perf_counter()
        if keep:
            self.wall.append(w1 - w0)
            self.cpu.append(c1 - c0)


def _report(
    name: str, app: Clock, raw: Clock, limit_ms: float, limit_ratio: float, extra: str
) -> None:
    """Print wall and CPU figures; check the limits on CPU time."""
    wall = Figures(f"{name} [wall clock]", app.wall, raw.wall)
    cpu = Figures(f"{name} [CPU time]", app.cpu, raw.cpu)
    wall.report(extra=extra)
    # When the bare widget alone needs most of the budget here, the absolute target says
    # nothing about the claim view on this machine: only the ratio is judged then.
    judged = cpu.raw_median * 1000 <= 0.9 * limit_ms
    verdict = (
        ""
        if judged
        else (
            f"; the primitive alone takes {cpu.raw_median * 1000:.0f} ms CPU here, so the absolute"
            " limit cannot be judged on this machine (ratio still checked)"
        )
    )
    cpu.report(
        limit=f"median <= {limit_ms:.0f} ms and ratio <= {limit_ratio}x (on CPU time){verdict}"
    )
    if judged:
        assert cpu.app_median * 1000 <= limit_ms, f"{name}: median {cpu.app_median * 1000:.1f} ms"
    assert cpu.ratio <= limit_ratio, f"{name}: ratio {cpu.ratio:.2f}x"


def _bare(qtbot) -> QPlainTextEdit:
    from fact_gui.ui import look

    raw = QPlainTextEdit()
    qtbot.addWidget(raw)
    raw.setReadOnly(True)
    raw.document().setUndoRedoEnabled(False)
    raw.setFont(look.reading_font())
    raw.resize(*SIZE)
    raw.show()
    qtbot.waitExposed(raw)
    return raw


@pytest.mark.parametrize("case", sorted(CASES))
def test_open_article_with_claims(qtbot, case: str) -> None:
    from fact_gui.ui.claimview import ClaimView
    from fact_gui.ui.text_pane import ArticleView

    size, n, limit_ms, limit_ratio = CASES[case]
    text, rows = _article(size, n, seed=11)
    small_text, small_rows = _article(6_000, 20, seed=12)
    app = _app()
    big, small = ClaimIndex(rows), ClaimIndex(small_rows)
    shared = ClaimIndex()
    view = ClaimView(shared)
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.show()
    qtbot.waitExposed(view)
    old_shared = ClaimIndex()
    old = ArticleView(old_shared)
    qtbot.addWidget(old)
    old.resize(*SIZE)
    old.show()
    raw = _bare(qtbot)

    def open_in(
        widget, index: ClaimIndex, target: ClaimIndex, body: str, clock: Clock, keep: bool
    ) -> None:
        # The window fills the shared index before showing the text (timed apart below).
        target.reset(index.rows())

        def run() -> None:
            widget.show_article(body)
            app.processEvents()
            widget.viewport().repaint()

        clock.time(run, keep)

    def open_raw(body: str, clock: Clock, keep: bool) -> None:
        def run() -> None:
            raw.setPlainText(body)
            app.processEvents()
            raw.viewport().repaint()

        clock.time(run, keep)

    index_s = Clock()
    for _ in range(5):
        index_s.time(lambda: ClaimIndex().reset(rows))
    app_c, raw_c, old_c, scratch = Clock(), Clock(), Clock(), Clock()
    for rep in range(WARMUPS + REPS):
        keep = rep >= WARMUPS
        # Each timed open is a real switch: from a small article to the big one.
        open_in(view, small, shared, small_text, scratch, False)
        open_in(view, big, shared, text, app_c, keep)
        open_raw(small_text, scratch, False)
        open_raw(text, raw_c, keep)
        if case == "1MB" or rep < 3:  # today's pane takes seconds at 10 MB
            open_in(old, small, old_shared, small_text, scratch, False)
            open_in(old, big, old_shared, text, old_c, True)

    # It really showed the text and painted claims on screen.
    assert view.text == text
    on_screen = view.frame()
    assert sum(len(v.geometry.frags) for v in on_screen) > 0, "no claim painted"
    _report(
        f"claimview open: {case}, {n:,} claims, text + claims painted",
        app_c,
        raw_c,
        limit_ms,
        limit_ratio,
        extra=(
            f"text {len(text):,} code points / {len(text.encode()):,} bytes; today's pane"
            f" (character formats) median {statistics.median(old_c.wall) * 1000:.1f} ms wall,"
            f" {statistics.median(old_c.cpu) * 1000:.1f} ms CPU (n={len(old_c.wall)}); building"
            f" the shared ClaimIndex (the window's job, not in the figures) median"
            f" {statistics.median(index_s.cpu) * 1000:.1f} ms CPU"
        ),
    )


def test_scroll_frame_time(qtbot) -> None:
    """One wheel step (3 lines) and its repaint, through a 10 MB article with 100,000 claims.

    Half the steps are wheel steps through new text, half jumps to far places (nothing
    there has been laid out or measured yet): both must stay within a 60 fps frame.
    The selection, a current claim, a hovered claim and find matches are all on.
    """
    from fact_gui.ui.claimview import ClaimView

    text, rows = _article(10_000_000, 100_000, seed=13)
    app = _app()
    index = ClaimIndex(rows)
    view = ClaimView(index)
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.show()
    qtbot.waitExposed(view)
    view.show_article(text)
    # A reader pauses before scrolling far: the offset map finishes in idle time.
    qtbot.waitUntil(lambda: view._map.complete, timeout=10_000)
    raw = _bare(qtbot)
    raw.setPlainText(text)
    app.processEvents()
    sb, raw_sb = view.verticalScrollBar(), raw.verticalScrollBar()
    needle = "casualties"
    matches, at = [], text.find(needle)
    while at >= 0:
        matches.append((at, at + len(needle)))
        at = text.find(needle, at + 1)
    view.set_find_matches(matches, matches[len(matches) // 2])
    rng = random.Random(5)

    def frames(widget, bar, positions: list[int], clock: Clock) -> None:
        for pos in positions:

            def step(pos: int = pos) -> None:
                bar.setValue(pos)
                widget.viewport().repaint()

            clock.time(step)

    def walk() -> tuple[list[int], list[int]]:
        start = rng.randrange(sb.maximum() // 4, sb.maximum() // 2)
        wheel = [start + 3 * k for k in range(SCROLL_STEPS)]
        jumps = [rng.randrange(0, sb.maximum()) for _ in range(SCROLL_STEPS)]
        return wheel, jumps

    wheel, jumps = walk()
    mid = rows[len(rows) // 2]
    view.select_span(mid.start, mid.end)
    view.set_current_claim(mid.id)
    view.set_hovered_claim(rows[len(rows) // 2 + 1].id)
    frames(view, sb, wheel[:10], Clock())
    frames(raw, raw_sb, wheel[:10], Clock())
    for name, positions in (("wheel steps", wheel), ("far jumps", jumps)):
        a, r = Clock(), Clock()
        frames(view, sb, positions, a)
        frames(raw, raw_sb, positions, r)
        _report(
            f"claimview scroll: 10 MB, 100,000 claims, {name}, one step + repaint",
            a,
            r,
            FRAME_MS,
            FRAME_RATIO,
            extra=f"p95 app {_p95(a.cpu):.1f} ms CPU, raw {_p95(r.cpu):.1f} ms CPU",
        )


def _p95(xs: list[float]) -> float:
    return sorted(xs)[int(len(xs) * 0.95)] * 1000
