"""Benchmark: the versions panel's diff of a corrected 1 MB article, on the worker and on screen."""

from __future__ import annotations

import random
import time

from tests.bench.benchkit import Figures, news_text
from tests.bench.test_versions import corrected

REPS = 5


def test_versions_panel_bench(qtbot) -> None:
    from PySide6.QtWidgets import QTextEdit

    from fact_gui.domain.diff import diff
    from fact_gui.services.versions import Comparison, VersionRow
    from fact_gui.ui.app import make_app
    from fact_gui.ui.versions.diffview import DiffView, changes_of

    make_app()
    rng = random.Random(5)
    old = news_text(1_000_000, seed=1)
    scenes = {"~30 corrections": corrected(old, rng)}
    # A heavy edit: one word in fifty changed, all through the article.
    words = old.split(" ")
    for i in range(0, len(words), 50):
        words[i] = words[i].upper()
    scenes["every 50th word"] = " ".join(words)

    def row(n: int) -> VersionRow:
        return VersionRow(n, n, 1, "", "bench", "t", "new", 0, "", "", "")

    for name, new in scenes.items():
        # The worker's part (diff, hunks, pieces) against the word diff alone.
        app, raw = [], []
        for _ in range(REPS):
            t = time.perf_counter()
            d = diff(old, new)
            raw.append(time.perf_counter() - t)
            t = time.perf_counter()
            shown, total = changes_of(Comparison(row(1), row(2), old, new, diff(old, new)))
            app.append(time.perf_counter() - t)
        Figures(f"diff for the panel, 1 MB, {name}: changes_of vs word diff", app, raw).report(
            extra=f"{total} changes, {len(shown)} drawn ({d.summary()})"
        )

        # The GUI thread's part: the formatted document against the same text set plainly.
        view = DiffView()
        view.resize(1000, 300)
        qtbot.addWidget(view)
        view.show()
        plain = QTextEdit()
        plain.resize(1000, 300)
        qtbot.addWidget(plain)
        plain.show()
        app, raw = [], []
        for _ in range(REPS):
            t = time.perf_counter()
            view.show_changes(shown, total - len(shown))
            view.viewport().grab()
            app.append(time.perf_counter() - t)
            text = view.document().toPlainText()
            t = time.perf_counter()
            plain.setPlainText(text)
            plain.viewport().grab()
            raw.append(time.perf_counter() - t)
        Figures(
            f"draw {len(shown)} changes (GUI thread) vs setPlainText of the same text", app, raw
        ).report(extra=f"{len(text):,} characters drawn, {len(view.figure_ranges)} figures boxed")
