"""An annotation session in the real window: select, tag, retag, delete, undo, reopen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat

from fact_gui.domain.tags import Tag
from tests.conftest import SEEDS
from tests.gui.helpers import (
    claims_in_db,
    import_files,
    keyboard_select,
    mouse_select,
    open_article,
    press,
    put_caret,
    select,
)

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def open_seed(window, index: int = 1) -> str:
    import_files(window, [str(SEEDS[index])])
    assert window.selection.article_id is not None
    return str(window.panels.article.view.text)


def test_keyboard_selection_and_key_1_tags_confirmed(window, db_path: Path) -> None:
    text = open_seed(window)
    start = text.index("National Security")
    keyboard_select(window, start, 3)  # "National Security Communications"
    press(window, "1")
    rows = claims_in_db(db_path)
    assert rows == [(start, start + len("National Security Communications"), "confirmed",
                     "National Security Communications")]  # fmt: skip
    fmt = window.panels.article.view.format_at(start + 3)
    assert fmt.background().color().rgb() == QColor(Tag.CONFIRMED.style.colour).rgb()
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert window.panels.claims.model.rowCount() == 1
    assert window.panels.claims.legend[Tag.CONFIRMED].text().endswith("1")
    assert "Saved" in window.status.saved.text()


def test_mouse_selection_snaps_to_words_and_key_2(window, db_path: Path) -> None:
    text = open_seed(window)
    phrase = "approximately 12,000 troops"
    s = text.index(phrase)
    mouse_select(window, s + 3, s + len(phrase) - 2)  # "roximately 12,000 troo"
    assert window.panels.article.view.selected_span() == (s + 3, s + len(phrase) - 2)
    press(window, "2")
    assert claims_in_db(db_path) == [(s, s + len(phrase), "disputed", phrase)]
    fmt = window.panels.article.view.format_at(s)
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert (
        window.panels.article.view.format_at(s + len(phrase)).background().style()
        == Qt.BrushStyle.NoBrush
    )


def test_retag_while_selected_then_caret_retag_delete_undo_redo(window, db_path: Path) -> None:
    text = open_seed(window)
    s = text.index("John Kirby")
    keyboard_select(window, s, 2)
    press(window, "1")
    press(window, "3")  # the just-tagged text is still selected: retag, not a new claim
    assert claims_in_db(db_path) == [(s, s + 10, "single_source", "John Kirby")]
    put_caret(window, s + 4)  # caret inside the claim selects its row
    assert window.panels.claims.view.selectionModel().selectedRows()[0].row() == 0
    press(window, "2")
    assert claims_in_db(db_path)[0][2] == "disputed"
    assert (
        window.panels.article.view.format_at(s).underlineStyle()
        == QTextCharFormat.UnderlineStyle.WaveUnderline
    )
    put_caret(window, s + 2)
    press(window, Qt.Key.Key_Delete)
    assert claims_in_db(db_path) == []
    assert window.panels.article.view.format_at(s).background().style() == Qt.BrushStyle.NoBrush
    press(window, Qt.Key.Key_Z, CTRL)  # undo delete
    assert claims_in_db(db_path) == [(s, s + 10, "disputed", "John Kirby")]
    press(window, Qt.Key.Key_Z, CTRL)  # undo retag
    assert claims_in_db(db_path)[0][2] == "single_source"
    press(window, Qt.Key.Key_Z, CTRL)  # undo retag
    press(window, Qt.Key.Key_Z, CTRL)  # undo create
    assert claims_in_db(db_path) == []
    assert window.panels.claims.model.rowCount() == 0
    for _ in range(3):
        press(window, Qt.Key.Key_Z, CTRL | SHIFT)  # redo create, retag, retag
    assert claims_in_db(db_path) == [(s, s + 10, "disputed", "John Kirby")]
    assert (
        window.panels.article.view.format_at(s).background().color().rgb()
        == QColor(Tag.DISPUTED.style.colour).rgb()
    )
    press(window, Qt.Key.Key_Z, CTRL | SHIFT)  # redo the removal
    assert claims_in_db(db_path) == []


def test_nested_and_overlapping_claims_stay_distinguishable(window, db_path: Path) -> None:
    text = open_seed(window)
    outer = "approximately 12,000 troops to Russia"
    s = text.index(outer)
    select(window, s, s + len(outer))
    press(window, "1")
    inner = s + text[s:].index("12,000")
    select(window, inner, inner + 6)
    press(window, "2")
    overlap = s + len(outer) - len("Russia")
    select(window, overlap, overlap + len("Russia, who have"))
    press(window, "3")
    assert len(claims_in_db(db_path)) == 3
    f_outer, f_inner = (
        window.panels.article.view.format_at(s),
        window.panels.article.view.format_at(inner),
    )
    f_overlap = window.panels.article.view.format_at(overlap)
    # Inside the nested claim: its colour, with the outer claim's underline continuing.
    assert f_inner.background().color().rgb() == QColor(Tag.DISPUTED.style.colour).rgb()
    assert f_inner.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert f_outer.background().color().rgb() == QColor(Tag.CONFIRMED.style.colour).rgb()
    assert f_inner.background().color().alpha() > f_outer.background().color().alpha()
    assert f_overlap.background().color().alpha() > f_outer.background().color().alpha()
    # Removing the inner claim restores the outer claim's look there.
    put_caret(window, inner + 1)
    press(window, Qt.Key.Key_Delete)
    assert (
        window.panels.article.view.format_at(inner).background().color()
        == f_outer.background().color()
    )


def test_rows_and_caret_follow_each_other(window) -> None:
    text = open_seed(window)
    spans = []
    for phrase in ("Pat Ryder", "Matthew Miller", "John Kirby"):
        s = text.index(phrase)
        select(window, s, s + len(phrase))
        press(window, "1")
        spans.append((s, s + len(phrase)))
    # Rows are in text order whatever the tagging order.
    starts = [window.panels.claims.model.claim(r).start for r in range(3)]
    assert starts == sorted(starts)
    window.panels.claims.view.selectRow(2)
    idx = window.panels.claims.view.model().index(2, 1)
    window.panels.claims.view.clicked.emit(idx)
    claim = window.panels.claims.model.claim(2)
    assert window.panels.article.view.selected_span() == (claim.start, claim.end)
    assert window.panels.claims.note.edit.isEnabled()


def test_note_is_saved_and_undoable(window, db_path: Path, qtbot) -> None:
    import sqlite3

    text = open_seed(window)
    s = text.index("Pat Ryder")
    select(window, s, s + 9)
    press(window, "3")
    window.panels.claims.note.edit.setFocus()
    window.panels.claims.note.edit.setPlainText("Only the Pentagon briefing; no second source.")
    qtbot.waitUntil(
        lambda: sqlite3.connect(db_path).execute("select note from claim").fetchone()[0] != "",
        timeout=3000,
    )
    assert (
        sqlite3.connect(db_path)
        .execute("select note from claim")
        .fetchone()[0]
        .startswith("Only the Pentagon")
    )
    window.panels.article.view.setFocus()
    press(window, Qt.Key.Key_Z, CTRL)
    assert sqlite3.connect(db_path).execute("select note from claim").fetchone()[0] == ""


def test_emoji_and_crlf_offsets_are_exact(window, db_path: Path, tmp_path: Path) -> None:
    p = tmp_path / "emoji.txt"
    p.write_bytes(
        "Heading 🇺🇦😀\r\nThe 😀 ministry said 👍🏽 troops died.\r\nMore text\r\n".encode()
    )
    import_files(window, [str(p)])
    text = window.panels.article.view.text
    s = text.index("ministry")
    keyboard_select(window, s, 3)  # ministry said 👍🏽 ... selection by words over emoji
    press(window, "1")
    ((start, end, _tag, quote),) = claims_in_db(db_path)
    assert text[start:end] == quote and quote.startswith("ministry said")
    t = text.index("troops")
    select(window, t, t + 6)
    press(window, "2")
    for start, end, _tag, quote in claims_in_db(db_path):
        assert text[start:end] == quote
    assert (
        window.panels.article.view.format_at(t).underlineStyle()
        == QTextCharFormat.UnderlineStyle.WaveUnderline
    )


def test_reopen_in_new_window_finds_everything(make_window, db_path: Path, tmp_path: Path) -> None:
    w1 = make_window(db_path, settings=tmp_path / "s.ini")
    import_files(w1, [str(p) for p in SEEDS])
    text = w1.panels.article.view.text
    s = text.index("Kirby")
    select(w1, s, s + 5)
    press(w1, "2")
    assert len(claims_in_db(db_path)) == 1
    w1.panels.article.view.verticalScrollBar().setValue(5)
    aid = w1.selection.article_id
    w1.close()
    w2 = make_window(db_path, settings=tmp_path / "s.ini")
    assert w2.selection.article_id == aid
    assert w2.panels.article.view.verticalScrollBar().value() == 5
    assert w2.panels.library.model.rowCount() == 2
    assert [(c.start, c.tag) for c in w2.panels.claims.model.claims()] == [(s, "disputed")]
    assert (
        w2.panels.article.view.format_at(s).underlineStyle()
        == QTextCharFormat.UnderlineStyle.WaveUnderline
    )


def test_switching_articles_with_the_caret_in_a_claim_paints_nothing_extra(window) -> None:
    import_files(window, [str(p) for p in SEEDS])
    text = window.panels.article.view.text
    s = text.index("Kirby")
    select(window, s, s + 5)
    press(window, "3")
    put_caret(window, s + 2)  # caret inside the claim
    other = next(
        r
        for r in range(2)
        if window.panels.library.model.article(r).id != window.selection.article_id
    )
    open_article(window, window.panels.library.model.article(other).id)
    for offset in (
        0,
        len(window.panels.article.view.text) // 2,
        len(window.panels.article.view.text) - 1,
    ):
        assert (
            window.panels.article.view.format_at(offset).background().style()
            == Qt.BrushStyle.NoBrush
        )
