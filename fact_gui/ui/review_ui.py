"""The reviewer's side of the window: text prompts, the History panel, session time-keeping."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from fact_gui.services.context import Desk

# No keyboard or mouse input for this long: the analyst is away, the clock stops.
IDLE_AFTER_S = 90.0
FLUSH_EVERY_S = 15.0


class Prompts:
    """Text people type for a query, reply, return, sign-off or reopen; tests swap it."""

    @classmethod
    def ask_text(cls, parent: QWidget | None, title: str, label: str, required: bool) -> str | None:
        while True:
            text, ok = QInputDialog.getMultiLineText(parent, title, label)
            if not ok:
                return None
            if text.strip() or not required:
                return text.strip()
            label = label.rstrip() + "\n(This cannot be empty.)"


_WHAT = {
    "article.import": "Imported",
    "article.properties": "Properties edited",
    "article.annotate": "Annotation started",
    "article.submit": "Submitted for review",
    "article.return": "Returned to the analyst",
    "article.sign_off": "Signed off",
    "article.signoff_digest": "Sign-off digest recorded",
    "article.reopen": "Reopened",
    "claim.reset": "Review reset",
    "claim.create": "Claim tagged",
    "claim.retag": "Claim retagged",
    "claim.note": "Note edited",
    "claim.delete": "Claim removed",
    "claim.restore": "Claim restored",
    "claim.accept": "Claim accepted",
    "claim.query": "Claim queried",
    "claim.reply": "Reply to a query",
}


def describe(action: str) -> str:
    base, _, via = action.partition(":")
    what = _WHAT.get(base, base)
    return f"{what} ({via})" if via else what


def _show(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def _details(before: str | None, after: str | None) -> str:
    b = json.loads(before) if before else {}
    a = json.loads(after) if after else {}
    parts = []
    for key in sorted(set(a) | set(b)):
        if key in ("quote", "analyst", "start", "end", "source", "sha256", "kept", "of"):
            continue
        if key in a and key in b:
            if a[key] != b[key]:
                parts.append(f"{key}: {_show(b[key])} → {_show(a[key])}")
        elif key in a and a[key] not in ("", None):
            parts.append(f"{key}: {_show(a[key])}")
    return "; ".join(parts)


class HistoryPanel(QWidget):
    """The audit trail of the open article, or of its selected claim."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claim_only = QCheckBox("Selected claim only")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["When (UTC)", "Who", "What", "Details"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for c, w in ((0, 150), (1, 80), (2, 190)):
            self.table.setColumnWidth(c, w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.claim_only)
        lay.addWidget(self.table)

    def show_events(self, events: list[Any]) -> None:
        self.table.setRowCount(len(events))
        for r, e in enumerate(reversed(events)):  # newest first
            cells = (e.at.replace("T", " ")[:19], e.actor, describe(e.action),
                     _details(e.before, e.after))  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)


class SessionTracker(QObject):
    """Counts active time per article (input in the last IDLE_AFTER_S seconds) and claim work."""

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        from fact_gui.services import sessions

        super().__init__(parent)
        self._desk = desk
        self.session_id = sessions.start(desk)
        self._last_input = time.monotonic()
        self._article: int | None = None
        self._pending: dict[int, list[float]] = {}  # article -> [seconds, added, changed]
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count)
        self._tick.start()
        self._since_flush = 0.0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                            QEvent.Type.Wheel, QEvent.Type.MouseMove):  # fmt: skip
            self._last_input = time.monotonic()
        return False

    def set_article(self, article_id: int | None) -> None:
        self._article = article_id

    def claims_changed(self, article_id: int, added: int, changed: int) -> None:
        row = self._pending.setdefault(article_id, [0.0, 0, 0])
        row[1] += added
        row[2] += changed

    def _count(self) -> None:
        if self._article is not None and time.monotonic() - self._last_input < IDLE_AFTER_S:
            self._pending.setdefault(self._article, [0.0, 0, 0])[0] += 1.0
        self._since_flush += 1.0
        if self._since_flush >= FLUSH_EVERY_S:
            self.flush()

    def flush(self) -> None:
        from fact_gui.services import sessions

        self._since_flush = 0.0
        pending, self._pending = self._pending, {}
        for article_id, (seconds, added, changed) in pending.items():
            sessions.add_work(self._desk, self.session_id, article_id, seconds, int(added),
                              int(changed))  # fmt: skip

    def end(self) -> None:
        from fact_gui.services import sessions

        self._tick.stop()
        self.flush()
        sessions.end(self._desk, self.session_id)


class SessionsDialog(QDialog):
    """View ▸ Sessions: who worked when, on what, and for how long."""

    def __init__(self, parent: QWidget | None, rows: list[Any]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotation sessions")
        self.resize(900, 480)
        table = QTableWidget(len(rows), 7)
        table.setHorizontalHeaderLabels(
            ["Session", "Who", "Started (UTC)", "Last active", "Article", "Active", "Claims +/~"]
        )
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for r, s in enumerate(rows):
            cells = (
                str(s.session_id),
                s.user,
                s.started_at.replace("T", " ")[:16],
                s.ended_at.replace("T", " ")[:16],
                s.article_title or "—",
                f"{s.active_seconds / 60:.1f} min",
                f"+{s.claims_added} / ~{s.claims_changed}",
            )
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Active time counts only minutes with keyboard or mouse input."))
        lay.addWidget(table)
        lay.addWidget(box)
