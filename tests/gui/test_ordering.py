"""Keys pressed faster than the database answers: shown at once, saved in order, ending where a slow typist would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import SEEDS
from tests.gui.helpers import claims_in_db, import_files, select, settle

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
Z = Qt.Key.Key_Z


def keys(window, sequence: list[str | tuple[Qt.Key, Qt.KeyboardModifier]]) -> None:
    """Press keys back to back, without waiting for any commit."""
    view = window.panels.article.view
    for k in sequence:
        if isinstance(k, str):
            QTest.keyClicks(view, k)
        else:
            QTest.keyClick(view, *k)


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [
        (["1"], "confirmed"),
        (["1", "3"], "single_source"),
        (["2", "1", "3", "2"], "disputed"),
        (["1", (Z, CTRL)], None),
        (["1", "2", (Z, CTRL)], "confirmed"),
        (["1", (Z, CTRL), (Z, CTRL | SHIFT)], "confirmed"),
        (["3", (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)], None),
        (["3", (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier), (Z, CTRL)], "single_source"),
    ],
)
def test_fast_keys_end_where_slow_ones_would(window, db_path, alerts, sequence, expected) -> None:
    import_files(window, [str(SEEDS[1])])
    s = window.panels.article.view.text.index("John Kirby")
    e = s + len("John Kirby")
    select(window, s, e)
    keys(window, sequence)
    # Shown at once, before any commit came back:
    shown = [c.tag for c in window.selection.article.claims.rows()]
    assert shown == ([] if expected is None else [expected])
    settle(window)
    assert claims_in_db(db_path) == ([] if expected is None else [(s, e, expected, "John Kirby")])
    assert [c.tag for c in window.selection.article.claims.rows()] == shown
    assert all(c.id > 0 for c in window.selection.article.claims.rows())
    assert not alerts and window.status.saved.text().startswith("✓ Saved")


def test_a_note_being_typed_is_saved_before_a_submit(window, db_path, alerts) -> None:
    import sqlite3

    import_files(window, [str(SEEDS[1])])
    s = window.panels.article.view.text.index("Pat Ryder")
    select(window, s, s + 9)
    keys(window, ["1"])
    settle(window)
    note = window.panels.claims.note.edit
    note.setFocus()
    note.setPlainText("Only the Pentagon briefing.")  # saved after a pause... or before a submit
    QTest.keyClick(note, Qt.Key.Key_Return, CTRL)
    settle(window)
    con = sqlite3.connect(db_path)
    assert con.execute("select note from claim").fetchone()[0] == "Only the Pentagon briefing."
    assert con.execute("select state from article").fetchone()[0] == "submitted"
    con.close()
    assert not alerts


def test_switching_articles_before_the_commit_returns(window, db_path, alerts) -> None:
    import_files(window, [str(p) for p in SEEDS])
    a = window.selection.article_id
    b = next(window.panels.library.model.article(i).id for i in range(2)
             if window.panels.library.model.article(i).id != a)  # fmt: skip
    s = window.panels.article.view.text.index("Kirby")
    select(window, s, s + 5)
    keys(window, ["2"])
    window.selection.open(b)  # before the tag's commit is back
    settle(window)
    assert window.selection.article_id == b and window.panels.claims.model.total() == 0
    assert len(claims_in_db(db_path)) == 1 and not alerts
    counts = {r.id: r.counts for r in (window.panels.library.model.article(i) for i in range(2))}
    assert sum(counts[a].values()) == 1 and sum(counts[b].values()) == 0
