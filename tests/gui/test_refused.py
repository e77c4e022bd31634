"""An edit shown at once and then refused by the database: taken back, with the reason, nothing half-saved."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fact_gui.domain.tags import Tag
from fact_gui.services import review
from fact_gui.services.context import Desk
from tests.conftest import SEEDS
from tests.gui.helpers import claims_in_db, dump, import_files, put_caret, select, settle

CTRL = Qt.KeyboardModifier.ControlModifier


def painted(window, offset: int) -> bool:
    style = window.panels.article.view.format_at(offset).background().style()
    return bool(style != Qt.BrushStyle.NoBrush)


def sql(db: Path, statement: str) -> None:
    con = sqlite3.connect(db)
    try:
        con.executescript(statement)
    finally:
        con.close()


@pytest.fixture
def kirby(window) -> tuple[int, int]:
    import_files(window, [str(SEEDS[1])])
    s = window.panels.article.view.text.index("John Kirby")
    return s, s + len("John Kirby")


def test_a_tag_refused_because_someone_submitted_the_article(
    window, db_path, alerts, kirby
) -> None:
    s, e = kirby
    other = Desk.open(str(db_path), "rita")
    try:
        first = window.panels.article.view.text.index("Pat Ryder")
        select(window, first, first + 9)
        QTest.keyClicks(window.panels.article.view, "1")
        settle(window)
        review.submit(other, window.selection.article_id)  # behind the window's back
    finally:
        other.close()
    before = dump(db_path)
    select(window, s, e)
    QTest.keyClicks(window.panels.article.view, "2")
    assert painted(window, s)  # shown at once...
    settle(window)
    assert not painted(window, s)  # ... and taken back
    assert alerts[-1][0] == "Not saved" and "submitted for review" in alerts[-1][1]
    assert window.status.saved.text() == "⚠ Not saved"
    assert "submitted for review" in window.status.saved.toolTip()
    assert dump(db_path) == before  # nothing was written
    assert window.panels.claims.model.total() == 1
    assert window.shell.undo.undoText().startswith("Tag “Pat Ryder”")  # the refused one is gone


@pytest.mark.parametrize(
    ("trigger", "reason"),
    [
        ("BEFORE INSERT ON claim BEGIN SELECT RAISE(ABORT, 'claims are frozen for an audit'); END",
         "claims are frozen for an audit"),
        ("BEFORE INSERT ON audit_event BEGIN SELECT RAISE(ABORT, 'the audit log is full'); END",
         "the audit log is full"),
    ],
)  # fmt: skip
def test_a_tag_refused_by_a_database_rule(window, db_path, alerts, kirby, trigger, reason) -> None:
    s, e = kirby
    sql(db_path, f"CREATE TRIGGER refuse {trigger};")
    before = dump(db_path)
    select(window, s, e)
    QTest.keyClicks(window.panels.article.view, "1")
    assert painted(window, s)
    settle(window)
    assert not painted(window, s)
    assert reason in alerts[-1][1] and "database refused" in alerts[-1][1]
    assert dump(db_path) == before
    assert window.panels.claims.model.total() == 0 and not window.shell.undo.canUndo()
    # The rule lifted, the same key works.
    sql(db_path, "DROP TRIGGER refuse;")
    select(window, s, e)
    QTest.keyClicks(window.panels.article.view, "1")
    settle(window)
    assert claims_in_db(db_path) == [(s, e, "confirmed", "John Kirby")]
    assert window.status.saved.text().startswith("✓ Saved")


def test_refused_retag_and_removal_show_the_claim_as_it_was(window, db_path, alerts, kirby) -> None:
    s, e = kirby
    select(window, s, e)
    QTest.keyClicks(window.panels.article.view, "1")
    settle(window)
    sql(db_path, "CREATE TRIGGER refuse BEFORE UPDATE ON claim "
                 "BEGIN SELECT RAISE(ABORT, 'read-only desk'); END;")  # fmt: skip
    put_caret(window, s + 2)
    QTest.keyClicks(window.panels.article.view, "2")
    assert window.panels.article.view.format_at(s).underlineStyle().name == "WaveUnderline"
    settle(window)
    assert window.panels.article.view.format_at(s).underlineStyle().name == "SingleUnderline"
    assert "read-only desk" in alerts[-1][1]
    QTest.keyClick(window.panels.article.view, Qt.Key.Key_Delete)  # a removal is an update too
    assert not painted(window, s)
    settle(window)
    assert painted(window, s) and window.panels.claims.model.total() == 1
    assert claims_in_db(db_path) == [(s, e, "confirmed", "John Kirby")]
    assert len(alerts) == 2


def test_a_refused_tag_takes_the_edits_queued_behind_it_along(
    window, db_path, alerts, kirby
) -> None:
    s, e = kirby
    sql(db_path, "CREATE TRIGGER refuse BEFORE INSERT ON claim "
                 "BEGIN SELECT RAISE(ABORT, 'no new claims today'); END;")  # fmt: skip
    select(window, s, e)
    view = window.panels.article.view
    # Tag, retag and note it before the first commit returns.
    QTest.keyClicks(view, "1")
    QTest.keyClicks(view, "3")
    note = window.panels.claims.note
    window.shell.later.run_now()  # the note editor follows the new claim
    note.edit.setPlainText("Kirby: NSC spokesman")
    note.commit()
    settle(window)
    assert not painted(window, s) and window.panels.claims.model.total() == 0
    assert [a[1] for a in alerts] == ["the database refused it: no new claims today"]  # once
    assert claims_in_db(db_path) == []
    assert not window.shell.undo.canUndo()


def test_undo_of_a_tag_whose_id_is_not_back_yet(window, db_path, kirby) -> None:
    s, e = kirby
    view = window.panels.article.view
    select(window, s, e)
    QTest.keyClicks(view, "2")
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)  # queued behind the create: finds its id
    assert not painted(window, s)
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert painted(window, s)
    settle(window)
    assert claims_in_db(db_path) == [(s, e, "disputed", "John Kirby")]
    actions = [
        r[0] for r in sqlite3.connect(db_path).execute("select action from audit_event order by id")
    ]
    assert actions[-3:] == ["claim.create", "claim.delete:undo", "claim.restore:redo"]
    assert all(c.id > 0 for c in window.selection.article.claims.rows())
    assert Tag.DISPUTED.value == window.selection.article.claims.rows()[0].tag
