"""A database that stalls (a slow server): the window stays responsive and says it is busy."""

from __future__ import annotations

import threading
import time
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from fact_gui.services.context import Desk
from tests.conftest import SEEDS
from tests.gui.helpers import claims_in_db, import_files, select, settle

STALL_S = 2.0


class Stall:
    """A real SQLite engine made slow: every statement waits while ``on``.

    Also records which threads run SQL at all (at the sqlite3 level, so raw-cursor
    read paths count too): the GUI thread must never be one of them.
    """

    def __init__(self, desk: Desk) -> None:
        self.on = False
        self.threads: set[str] = set()
        self.statements = 0
        desk.engine.dispose()  # new connections get the trace hook below
        event.listen(desk.engine, "connect", self._connected)
        event.listen(desk.engine, "before_cursor_execute", self._before)

    def _connected(self, dbapi_conn, _record) -> None:
        dbapi_conn.set_trace_callback(self._traced)

    def _traced(self, _sql: str) -> None:
        self.threads.add(threading.current_thread().name)

    def _before(self, *_args) -> None:
        self.statements += 1
        if self.on:
            time.sleep(STALL_S)


@pytest.fixture
def slow_window(qtbot, tmp_path: Path, db_path: Path, alerts, summaries):
    from fact_gui.ui.app import build_window, make_app
    from fact_gui.ui.settings import Settings

    desk = Desk.open(str(db_path), "tester")
    stall = Stall(desk)
    window = build_window(make_app(), Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.attach(desk)
    settle(window)
    yield window, stall
    stall.on = False
    window.close()
    desk.close()


def test_the_window_stays_responsive_while_the_database_stalls(qtbot, slow_window, db_path) -> None:
    window, stall = slow_window
    import_files(window, [str(p) for p in SEEDS])
    view = window.panels.article.view
    s = view.text.index("Kirby")
    select(window, s, s + 5)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    stall.on = True
    t0 = time.monotonic()

    QTest.keyClicks(view, "1")  # a write: stalls for 2 s on the worker
    assert view.format_at(s).background().style() != Qt.BrushStyle.NoBrush  # painted at once
    assert window.status.saved.text() == "Saving…"
    other = next(window.panels.library.model.article(i).id for i in range(2)
                 if window.panels.library.model.article(i).id != window.selection.article_id)  # fmt: skip
    window.selection.open(other)  # a read queued behind it

    # The busy item appears after 150 ms, naming the work.
    qtbot.waitUntil(window.status.busy.isVisible, timeout=1000)
    assert "Tag" in window.status.busy.text() or "Saving" in window.status.busy.text()
    # Typing in the library filter works meanwhile.
    window.panels.library.filter.setFocus()
    QTest.keyClicks(window.panels.library.filter, "significant")
    assert window.panels.library.filter.text() == "significant"
    assert window.panels.library.proxy.rowCount() == 1
    window.panels.library.filter.clear()
    qtbot.wait(1000)
    assert time.monotonic() - t0 < STALL_S  # still inside the first stall
    assert not claims_in_db(db_path) and window.status.saved.text() == "Saving…"

    stall.on = False  # the server is back (the statement in flight still finishes its wait)
    settle(window, timeout=30)
    timer.stop()
    assert time.monotonic() - t0 >= STALL_S
    assert claims_in_db(db_path) == [(s, s + 5, "confirmed", "Kirby")]
    assert window.status.saved.text().startswith("✓ Saved") and not window.status.busy.isVisible()
    assert window.selection.article_id == other
    # The event loop never stopped: the 10 ms timer kept firing (a window waiting on the
    # database would show a gap of the whole 2 s stall; a loaded machine, a few hundred ms).
    gaps = [b - a for a, b in pairwise(ticks)]
    assert len(ticks) > 100 and max(gaps) < 1.0, (len(ticks), max(gaps))
    # Not one statement ran on the GUI thread, in the whole session.
    assert stall.statements > 10
    assert threading.main_thread().name not in stall.threads, stall.threads


def test_closing_during_a_stall_waits_for_the_queued_writes(qtbot, slow_window, db_path) -> None:
    window, stall = slow_window
    import_files(window, [str(SEEDS[1])])
    view = window.panels.article.view
    s = view.text.index("Kirby")
    select(window, s, s + 5)
    stall.on = True
    QTest.keyClicks(view, "3")
    QApplication.processEvents()  # the write is handed to the worker
    stall.on = False
    window.close()  # the queued commit is not lost
    assert claims_in_db(db_path) == [(s, s + 5, "single_source", "Kirby")]
