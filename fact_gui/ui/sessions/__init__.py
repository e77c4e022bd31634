"""Sessions panel: keeps time on the work (a tracker) and shows who worked when (a dialog)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fact_gui.ui.actions import Actions, Need
from fact_gui.ui.document import ClaimsUpdate
from fact_gui.ui.panel import Panel, Shell
from fact_gui.ui.sessions.tracker import SessionTracker
from fact_gui.ui.tables import setup_table

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.services.sessions import SessionRow


class SessionsPanel(Panel):
    name = "sessions"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.tracker: SessionTracker | None = None
        self._watched: QObject | None = None
        self.ops.attached.connect(self._start)
        self.selection.articleOpened.connect(self._opened)
        self.selection.claimsChanged.connect(self._claims_changed)

    def register(self, actions: Actions) -> None:
        actions.add("view.sessions", "&Sessions…", self.show_sessions, menu="View", group=10,
                    tip="Who worked when, on what, for how long", needs=Need.DESK)  # fmt: skip

    def _start(self) -> None:
        self.tracker = SessionTracker(self.ops, self)
        self._watched = self._input_source()
        if self._watched is not None:
            self._watched.installEventFilter(self.tracker)
        self.tracker.set_article(self.selection.article_id)

    def _input_source(self) -> QObject | None:
        """Where keyboard and mouse input arrive first: the window's QWindow.

        It sees only input and window events, not every event of the application: an
        application-wide filter would run Python for each paint of each widget.
        """
        return self.shell.window.windowHandle() or QApplication.instance()

    def _opened(self) -> None:
        if self.tracker is not None:
            self.tracker.set_article(self.selection.article_id)

    def _claims_changed(self, update: ClaimsUpdate) -> None:
        article_id = self.selection.article_id
        # Saved work of this window counts (not edits on their way, nor other people's).
        if self.tracker and article_id is not None and update.origin and update.origin.local:
            self.tracker.claims_changed(article_id, update.added, update.changed)

    def show_sessions(self) -> None:
        def load(desk: Desk) -> list[SessionRow]:
            from fact_gui.services import sessions

            return sessions.rows(desk)

        if self.tracker is not None:
            self.tracker.flush()  # queued first: the rows include this session's latest
        self.ops.read(load, "Reading the sessions").success(
            lambda rows: SessionsDialog(self.shell.window, rows).exec()
        ).run()

    def closing(self) -> None:
        if self.tracker is not None:
            if self._watched is not None:
                self._watched.removeEventFilter(self.tracker)
            self.tracker.end()
            self.tracker = None


class SessionsDialog(QDialog):
    """View ▸ Sessions: who worked when, on what, and for how long."""

    def __init__(self, parent: QWidget | None, rows: list[SessionRow]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotation sessions")
        self.resize(900, 480)
        table = QTableWidget(len(rows), 7)
        table.setHorizontalHeaderLabels(
            ["Session", "Who", "Started (UTC)", "Last active", "Article", "Active", "Claims +/~"]
        )
        setup_table(table, lines=1)
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
