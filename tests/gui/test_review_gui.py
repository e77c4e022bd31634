"""A whole review in the window: analyst and reviewer, each in their own window on one database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from fact_gui.domain.tags import Tag
from fact_gui.ui.review.prompts import Prompts
from tests.conftest import SEEDS
from tests.gui.helpers import (
    claims_in_db,
    import_files,
    open_article,
    press,
    put_caret,
    select,
    settle,
)

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def answer_prompts(monkeypatch, answers: list[str]) -> list[str]:
    """Prompts get these answers in turn; returns the titles they were asked with."""
    asked: list[str] = []

    def ask(cls, parent, title, label, required):
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(Prompts, "ask_text", classmethod(ask))
    return asked


def activate(window, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def state(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("select state from article").fetchone()[0])
    finally:
        con.close()


def test_a_whole_review_in_the_window(
    make_window, db_path: Path, tmp_path: Path, qtbot, monkeypatch, alerts
) -> None:
    analyst = make_window(db_path, user="ana", settings=tmp_path / "ana.ini")
    import_files(analyst, [str(SEEDS[1])])
    text = analyst.panels.article.view.text
    phrases = [("approximately 12,000 troops", "2"), ("around 200 North Korean troops", "3"),
               ("suffered casualties, both killed and wounded", "1")]  # fmt: skip
    for phrase, key in phrases:
        s = text.index(phrase)
        select(analyst, s, s + len(phrase))
        press(analyst, key)
    assert "Annotating" in analyst.panels.article.header.badge.text()
    press(analyst, Qt.Key.Key_Return, CTRL)  # submit
    assert state(db_path) == "submitted"
    assert not analyst.registry[
        f"claim.tag.{Tag.CONFIRMED.value}"
    ].isEnabled()  # locked while in review

    reviewer = make_window(db_path, user="rita", settings=tmp_path / "rita.ini")
    activate(reviewer, qtbot)
    open_article(reviewer, analyst.selection.article_id)
    assert "Submitted" in reviewer.panels.article.header.badge.text()
    press(reviewer, Qt.Key.Key_R, CTRL | SHIFT)  # review mode
    assert (
        reviewer.registry.toolbars["review"].isVisible()
        and not reviewer.registry[f"claim.tag.{Tag.CONFIRMED.value}"].isEnabled()
    )
    asked = answer_prompts(monkeypatch, ["Which source says 12,000? The other report says 10,000.",
                                         "Please check the disputed figure.", "Checked twice."])  # fmt: skip
    reviewer.panels.article.view.setFocus()
    press(reviewer, "n")  # first claim in text order
    first = reviewer.selection.claim
    assert first is not None
    press(reviewer, "q")  # query it
    press(reviewer, "a")  # the next pending one is selected: accept
    press(reviewer, "a")
    con = sqlite3.connect(db_path)
    reviews = dict(con.execute("select quote, review from claim"))
    con.close()
    assert reviews[first.quote] == "queried" and sorted(reviews.values()) == [
        "accepted",
        "accepted",
        "queried",
    ]
    press(reviewer, Qt.Key.Key_S, CTRL | SHIFT)  # sign off: refused, one claim is queried
    assert alerts and "not accepted" in alerts[-1][1]
    assert state(db_path) == "submitted"
    reviewer.registry["review.return"].trigger()
    settle(reviewer)
    assert state(db_path) == "annotating" and asked[:2] == ["Query claim", "Return to the analyst"]

    # The analyst sees the query on the claim, retags it and submits again.
    activate(analyst, qtbot)
    open_article(analyst, analyst.selection.article_id)
    assert analyst.registry[f"claim.tag.{Tag.CONFIRMED.value}"].isEnabled()
    row = next(
        r
        for r in range(analyst.panels.claims.model.total())
        if analyst.panels.claims.model.claim(r).id == first.id
    )
    analyst.selection.set_claim(first)
    settle(analyst)
    assert "Which source says 12,000?" in analyst.panels.claims.note.discussion.text()
    assert analyst.panels.claims.model.index(row, 5).data() == "? Queried"
    put_caret(analyst, first.start + 1)
    press(analyst, "2")  # retag it: disputed
    press(analyst, Qt.Key.Key_Return, CTRL)
    assert state(db_path) == "submitted"

    # The reviewer accepts everything and signs off; editing is then refused.
    activate(reviewer, qtbot)
    open_article(reviewer, analyst.selection.article_id)
    reviewer.panels.article.view.setFocus()
    press(reviewer, "n")
    for _ in range(3):
        claim = reviewer.selection.claim
        if claim is not None and claim.review != "accepted":
            press(reviewer, "a")
        else:
            press(reviewer, "n")
    press(reviewer, Qt.Key.Key_S, CTRL | SHIFT)
    assert state(db_path) == "signed_off"
    assert "Signed off by rita" in reviewer.panels.article.header.badge.text()
    activate(analyst, qtbot)
    open_article(analyst, analyst.selection.article_id)
    assert (
        not analyst.registry[f"claim.tag.{Tag.CONFIRMED.value}"].isEnabled()
        and analyst.panels.claims.note.edit.isReadOnly()
    )
    before = claims_in_db(db_path)
    select(analyst, 0, 5)
    press(analyst, "1")
    assert claims_in_db(db_path) == before  # refused: locked
    # Reopen with a reason: the sign-off is invalidated, editing works again.
    answer_prompts(monkeypatch, ["Ministry published new figures."])
    analyst.registry["article.reopen"].trigger()
    settle(analyst)
    assert state(db_path) == "annotating"
    con = sqlite3.connect(db_path)
    assert (
        con.execute("select invalidated_reason from signoff").fetchone()[0]
        == "Ministry published new figures."
    )
    con.close()
    assert analyst.registry[f"claim.tag.{Tag.CONFIRMED.value}"].isEnabled()
    # History shows the whole story, newest first.
    press(analyst, Qt.Key.Key_H, CTRL)
    assert analyst.panels.history.dock.isVisible()
    whats = [
        analyst.panels.history.table.item(r, 2).text()
        for r in range(analyst.panels.history.table.rowCount())
    ]
    for expected in ("Reopened", "Signed off", "Claim accepted", "Claim retagged", "Returned to the analyst",
                     "Claim queried", "Submitted for review", "Claim tagged", "Imported"):  # fmt: skip
        assert expected in whats
    # newest first: reopening reset each claim's review right after the state changed
    resets = whats.count("Review reset")
    assert resets and whats[: resets + 1] == ["Review reset"] * resets + ["Reopened"]
    assert whats[-1] == "Imported"


def test_library_state_filter(window) -> None:
    import_files(window, [str(p) for p in SEEDS])
    s = window.panels.article.view.text.index("Kirby")
    select(window, s, s + 5)
    press(window, "1")
    combo = window.panels.library.state_filter
    combo.setCurrentIndex(combo.findData("annotating"))
    assert window.panels.library.proxy.rowCount() == 1
    combo.setCurrentIndex(combo.findData("new"))
    assert window.panels.library.proxy.rowCount() == 1
    combo.setCurrentIndex(combo.findData("signed_off"))
    assert window.panels.library.proxy.rowCount() == 0
    combo.setCurrentIndex(0)
    assert window.panels.library.proxy.rowCount() == 2


def test_session_time_counts_only_active_minutes(window, db_path: Path) -> None:
    import time

    from fact_gui.services import sessions
    from fact_gui.ui.sessions import tracker as review_ui

    import_files(window, [str(SEEDS[1])])
    tracker = window.panels.sessions.tracker
    tracker._last_input = time.monotonic()
    for _ in range(3):
        tracker._count()  # three active seconds
    tracker._last_input = time.monotonic() - review_ui.IDLE_AFTER_S - 1
    for _ in range(5):
        tracker._count()  # away from the desk: not counted
    s = window.panels.article.view.text.index("Kirby")
    select(window, s, s + 5)
    press(window, "2")
    press(window, "3")  # a retag: one added, one changed
    tracker.flush()
    settle(window)
    (row,) = [r for r in sessions.rows(window.desk) if r.article_id == window.selection.article_id]
    assert (row.active_seconds, row.claims_added, row.claims_changed) == (3.0, 1, 1)
    assert row.user == "tester"
    assert sessions.article_seconds(window.desk, window.selection.article_id) == 3.0
