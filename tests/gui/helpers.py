"""Helpers for driving the window like a user (keys and mouse), and waiting for its database work."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def claims_in_db(db: Path) -> list[tuple[int, int, str, str]]:
    con = sqlite3.connect(db)
    try:
        return [
            tuple(r)
            for r in con.execute(
                "select start_offset, end_offset, tag, quote from claim where deleted_at is null order by start_offset"
            )
        ]
    finally:
        con.close()


def dump(db: Path) -> list[str]:
    """The database's whole content as SQL (read through the WAL)."""
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def settle(window: Any, timeout: float = 20.0) -> None:
    """Wait until the window's database work (and what its callbacks queued) is done."""
    deadline = time.monotonic() + timeout
    view = window.panels.article.view
    while not window.shell.idle() or getattr(view, "painting", lambda: False)():
        assert time.monotonic() < deadline, "the window's database work did not finish"
        QTest.qWait(2)
    QApplication.processEvents()


def import_files(window: Any, files: list[str]) -> None:
    """Import files the way start-up does (the samples, files on the command line), and wait."""
    window.panels.intake.import_files(files)
    settle(window)


def open_article(window: Any, article_id: int) -> None:
    window.selection.open(article_id)
    settle(window)


def view(window: Any) -> Any:
    """The article's text pane."""
    return window.panels.article.view


def put_caret(window: Any, offset: int) -> None:
    view = window.panels.article.view
    c = view.textCursor()
    c.setPosition(view._map.to_qt(offset))
    view.setTextCursor(c)
    view.setFocus()
    settle(window)


def keyboard_select(window: Any, start: int, words: int) -> None:
    """Caret at ``start``, then Ctrl+Shift+Right ``words`` times, as a user would."""
    put_caret(window, start)
    for _ in range(words):
        QTest.keyClick(
            window.panels.article.view,
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )


def _point(window: Any, offset: int) -> QPoint:
    """Viewport coordinates of the left edge of the character at ``offset``."""
    view = window.panels.article.view
    c = QTextCursor(view.document())
    c.setPosition(view._map.to_qt(offset))
    r = view.cursorRect(c)
    return QPoint(r.left() + 1, r.center().y())


def select(window: Any, start: int, end: int) -> None:
    """Programmatic selection (for setting up a scene), with focus in the pane."""
    window.panels.article.view.select_span(start, end)
    window.panels.article.view.setFocus()
    settle(window)


def mouse_select(window: Any, start: int, end: int) -> None:
    """Press at ``start``, drag to ``end``, release: real mouse events on the viewport."""
    view = window.panels.article.view
    view.select_span(start, end)  # scroll both ends into view first
    put_caret(window, start)
    vp = view.viewport()
    a, b = _point(window, start), _point(window, end)
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind, pos, buttons in (
        (QEvent.Type.MouseButtonPress, a, left),
        (QEvent.Type.MouseMove, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2), left),
        (QEvent.Type.MouseMove, b, left),
        (QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton),
    ):
        ev = QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)), left, buttons, none)
        QApplication.sendEvent(vp, ev)


def press(
    window: Any, key: str | Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press as Qt delivers it (shortcuts first, to the focused widget), then settle."""
    target = QApplication.focusWidget() or window
    if isinstance(key, str):
        QTest.keyClicks(target, key, modifiers)
    else:
        QTest.keyClick(target, key, modifiers)
    settle(window)
