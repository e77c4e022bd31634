"""Each panel on its own: a shell with a real bus, selection and worker, but no main window."""

from __future__ import annotations

import csv
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow

from fact_gui.domain.tags import Tag
from fact_gui.domain.workflow import Mode
from fact_gui.services import claims, intake, review
from fact_gui.services.changes import ChangeSet, Kind, Origin
from fact_gui.ui.dialogs import ExportAnswer, ExportDialog, FilePicker
from fact_gui.ui.panel import Shell
from fact_gui.ui.settings import Settings
from tests.conftest import SEEDS


def settle(shell: Shell, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not shell.idle():
        assert time.monotonic() < deadline, "the shell's work did not finish"
        QTest.qWait(2)


@pytest.fixture
def shell(qtbot, tmp_path: Path, desk, alerts):
    """A shell on a bare window, attached to a desk holding the two seed articles."""
    for seed in SEEDS:
        intake.import_file(desk, seed)
    host = QMainWindow()
    qtbot.addWidget(host)
    host.show()
    sh = Shell(host, Settings(tmp_path / "settings.ini"))
    yield sh
    sh.ops.shutdown()


def published(shell: Shell) -> list[ChangeSet]:
    seen: list[ChangeSet] = []
    shell.bus.changed.connect(seen.append)
    return seen


def show(qtbot, widget) -> None:
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()


def test_library_lists_filters_and_follows_changes(qtbot, shell, desk) -> None:
    from fact_gui.ui.library import LibraryPanel

    panel = LibraryPanel(shell)
    show(qtbot, panel.widget())
    assert panel.stack.currentIndex() == 1  # empty until a desk is attached
    shell.ops.attach(desk)
    settle(shell)
    assert panel.model.rowCount() == 2 and panel.stack.currentIndex() == 0
    # Typing in the filter box filters at once (no database involved).
    panel.filter.setFocus()
    QTest.keyClicks(panel.filter, "significant")
    assert panel.proxy.rowCount() == 1
    panel.filter.clear()
    # Someone else tags in an article that is not open: its counts are asked for again.
    other = claims.create(desk, 2, 0, 5, Tag.DISPUTED)
    shell.bus.publish(other.from_(Origin.REMOTE))
    settle(shell)
    row = panel.model.article(panel.model.row_of(2) or 0)
    assert row.counts[Tag.DISPUTED] == 1 and row.state == "annotating"
    # Picking a row opens the article (through the selection).
    panel.view.selectRow(panel.proxy.mapFromSource(panel.model.index(0, 0)).row())
    settle(shell)
    assert shell.selection.article_id == panel.model.article(0).id


def test_article_shows_the_selection_and_tags_ahead_of_the_commit(
    qtbot, shell, desk, db_path
) -> None:
    from fact_gui.ui.article import ArticlePanel

    panel = ArticlePanel(shell)
    show(qtbot, panel.widget())
    shell.ops.attach(desk)
    shell.selection.open(1)
    settle(shell)
    view = panel.view
    assert view.text.startswith("U.S. officials") or view.text
    s = view.text.index("Kirby")
    view.select_span(s, s + 5)
    panel.tag(Tag.CONFIRMED)
    # Painted before any commit: the worker has not even been handed the write yet.
    assert view.format_at(s).background().style() != Qt.BrushStyle.NoBrush
    assert not _claims_in(db_path)
    settle(shell)
    assert _claims_in(db_path) == [(s, s + 5, "confirmed")]
    # The header counts the claim and shows the state the first claim started.
    assert "1 claim" in panel.header.meta.text()
    assert "Annotating" in panel.header.badge.text()


def test_claims_table_legend_and_note(qtbot, shell, desk, db_path) -> None:
    from fact_gui.ui.claims import ClaimsPanel

    for start, tag in ((0, Tag.CONFIRMED), (20, Tag.DISPUTED), (40, Tag.DISPUTED)):
        claims.create(desk, 2, start, start + 4, tag)
    panel = ClaimsPanel(shell)
    show(qtbot, panel.widget())
    shell.ops.attach(desk)
    shell.selection.open(2)
    settle(shell)
    assert panel.model.rowCount() == 3
    assert [panel.legend[t].text() for t in Tag] == [
        "Confirmed  1",
        "Disputed  2",
        "Single source  0",
    ]
    # Another person retags one: the row updates in place, nothing is selected for me.
    theirs = claims.retag(desk, panel.model.claim(1).id, Tag.SINGLE_SOURCE)
    shell.bus.publish(theirs.from_(Origin.REMOTE))
    settle(shell)
    assert panel.model.index(1, 0).data() == "Single source"
    assert not panel.view.selectionModel().selectedRows()
    # Selecting a row makes its claim current; typing a note saves it as an edit.
    panel.view.selectRow(0)
    settle(shell)
    assert shell.selection.claim is not None and shell.selection.claim.id == panel.model.claim(0).id
    panel.note.edit.setFocus()
    panel.note.edit.setPlainText("Two ministries say so.")
    panel.note.commit()
    settle(shell)
    assert (
        sqlite3.connect(db_path)
        .execute("select count(*) from claim where note != ''")
        .fetchone()[0]
        == 1
    )
    assert shell.undo.canUndo()
    # The legend filters the table.
    panel.legend[Tag.DISPUTED].setChecked(False)
    assert panel.view.model().rowCount() == 2


def test_review_actions_follow_the_policy(qtbot, shell, desk) -> None:
    from fact_gui.ui.review import ReviewPanel

    panel = ReviewPanel(shell)
    shell.ops.attach(desk)
    acts = shell.actions
    assert not acts["review.accept"].isEnabled()  # nothing open
    c = claims.create(desk, 1, 0, 5, Tag.CONFIRMED)
    shell.selection.open(1)
    settle(shell)
    assert acts["article.submit"].isEnabled()
    assert not acts["article.reply"].isEnabled()  # no query on the current claim
    assert "switch to review mode" in acts["review.accept"].toolTip().lower()
    acts["article.submit"].trigger()
    settle(shell)
    assert not acts["article.submit"].isEnabled()
    acts["review.mode"].setChecked(True)
    assert shell.selection.mode is Mode.REVIEW and acts["review.accept"].isEnabled()
    shell.selection.set_claim(shell.selection.article.claims.get(c.upserted[0].id))
    acts["review.accept"].trigger()
    settle(shell)
    assert review.history(desk, 1)[-1].action == "claim.accept"
    assert panel is not None


def test_history_refreshes_only_when_shown(qtbot, shell, desk, monkeypatch) -> None:
    from fact_gui.ui.history import HistoryPanel

    asked: list[int] = []
    real = review.history

    def history(d, a, c=None):
        asked.append(a)
        return real(d, a, c)

    monkeypatch.setattr(review, "history", history)

    panel = HistoryPanel(shell)
    shell.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel.dock)
    shell.ops.attach(desk)
    shell.selection.open(1)
    settle(shell)
    cs = claims.create(desk, 1, 0, 5, Tag.CONFIRMED)
    shell.bus.publish(cs.from_(Origin.REMOTE))  # hidden: only marked stale, nothing built
    settle(shell)
    assert panel._widget is None and panel._stale and not asked
    shell.actions["view.history"].trigger()
    settle(shell)
    whats = [panel.table.item(r, 2).text() for r in range(panel.table.rowCount())]  # type: ignore[union-attr]
    assert whats == ["Claim tagged", "Imported"]  # newest first
    # Shown: a change updates it at once.
    more = claims.retag(desk, cs.upserted[0].id, Tag.DISPUTED)
    shell.bus.publish(more.from_(Origin.REMOTE))
    settle(shell)
    assert panel.table.item(0, 2).text() == "Claim retagged"  # type: ignore[union-attr]


def test_sessions_count_saved_work_of_this_window_only(qtbot, shell, desk) -> None:
    from fact_gui.services import sessions
    from fact_gui.ui.sessions import SessionsPanel

    panel = SessionsPanel(shell)
    shell.ops.attach(desk)
    shell.selection.open(1)
    settle(shell)
    tracker = panel.tracker
    assert tracker is not None
    mine = claims.create(desk, 1, 0, 5, Tag.CONFIRMED)
    shell.bus.publish(mine)  # this window's action
    theirs = claims.create(desk, 1, 10, 15, Tag.CONFIRMED)
    shell.bus.publish(theirs.from_(Origin.REMOTE))  # not this window's work
    tracker.flush()
    settle(shell)
    (row,) = [r for r in sessions.rows(desk) if r.article_id == 1]
    assert (row.claims_added, row.claims_changed) == (1, 0)


def test_intake_imports_and_publishes(qtbot, shell, desk, summaries, tmp_path: Path) -> None:
    from fact_gui.ui.intake import IntakePanel

    panel = IntakePanel(shell)
    shell.ops.attach(desk)
    seen = published(shell)
    p = tmp_path / "note.txt"
    p.write_text("A headline\n\nThe ministry said 40 ships were damaged.\n", encoding="utf-8")
    panel.import_files([str(p)])
    settle(shell)
    assert seen and Kind.ARTICLES in seen[-1].kinds
    assert shell.selection.article_id == seen[-1].articles[0]  # the import is opened


def test_export_writes_off_the_gui_thread(qtbot, shell, desk, tmp_path: Path, monkeypatch) -> None:
    from fact_gui.ui.export import ExportPanel

    claims.create(desk, 1, 0, 5, Tag.CONFIRMED)
    panel = ExportPanel(shell)
    shell.ops.attach(desk)
    out = tmp_path / "x.csv"
    monkeypatch.setattr(
        ExportDialog,
        "ask",
        classmethod(lambda cls, p, path, t: ExportAnswer(str(out), False, False)),
    )
    shell.actions["file.export"].trigger()
    qtbot.waitUntil(
        lambda: "Exported 1 claims" in shell.window.statusBar().currentMessage(), timeout=5000
    )
    with out.open(encoding="utf-8", newline="") as f:
        assert [r["tag"] for r in csv.DictReader(f)] == ["confirmed"]
    assert panel.jobs is not None


def test_preferences_rename_in_order_with_the_edits(qtbot, shell, desk, monkeypatch) -> None:
    from fact_gui.ui.preferences import PreferencesPanel

    PreferencesPanel(shell)
    shell.ops.attach(desk)
    monkeypatch.setattr(FilePicker, "ask_name", classmethod(lambda cls, parent, current: "Rita"))
    shell.actions["edit.name"].trigger()
    settle(shell)
    assert desk.user == "Rita" and shell.settings.user == "Rita"


def _claims_in(db: Path) -> list[tuple[int, int, str]]:
    con = sqlite3.connect(db)
    try:
        return [tuple(r) for r in con.execute(
            "select start_offset, end_offset, tag from claim where deleted_at is null order by 1"
        )]  # fmt: skip
    finally:
        con.close()


def test_no_panel_needs_another(qtbot, shell, desk) -> None:
    """Every panel class builds and refreshes with only the shell around it."""
    from fact_gui.ui.main_window import PANELS

    for cls in PANELS:
        sh = Shell(QMainWindow(), Settings(None))
        panel = cls(sh)
        widget = panel.widget()
        if widget is not None:
            qtbot.addWidget(widget)
        panel.refresh()
        sh.bus.publish(ChangeSet(article_id=1, articles=(1,)))
        assert QApplication.instance() is not None
