"""Helpers for driving the article pane like a user: keys and mouse."""

from __future__ import annotations

import sqlite3
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


def put_caret(window: Any, offset: int) -> None:
    view = window.view
    c = view.textCursor()
    c.setPosition(view._map.to_qt(offset))
    view.setTextCursor(c)
    view.setFocus()


def keyboard_select(window: Any, start: int, words: int) -> None:
    """Caret at ``start``, then Ctrl+Shift+Right ``words`` times, as a user would."""
    put_caret(window, start)
    for _ in range(words):
        QTest.keyClick(
            window.view,
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )


def _point(window: Any, offset: int) -> QPoint:
    """Viewport coordinates of the left edge of the character at ``offset``."""
    view = window.view
    c = QTextCursor(view.document())
    c.setPosition(view._map.to_qt(offset))
    r = view.cursorRect(c)
    return QPoint(r.left() + 1, r.center().y())


def select(window: Any, start: int, end: int) -> None:
    """Programmatic selection (for setting up a scene), with focus in the pane."""
    window.view.select_span(start, end)
    window.view.setFocus()


def mouse_select(window: Any, start: int, end: int) -> None:
    """Press at ``start``, drag to ``end``, release: real mouse events on the viewport."""
    view = window.view
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
    """A key press delivered the way Qt delivers it: shortcuts first, to the focused widget."""
    target = QApplication.focusWidget() or window
    if isinstance(key, str):
        QTest.keyClicks(target, key, modifiers)
    else:
        QTest.keyClick(target, key, modifiers)
