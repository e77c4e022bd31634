"""Sessions panel: keeps time on the work (a tracker) and shows who worked when (a dialog)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from fact_gui.ui.actions import Actions, Need
from fact_gui.ui.document import ClaimsUpdate
from fact_gui.ui.panel import Panel, Shell

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.services.sessions import SessionRow
    from fact_gui.ui.sessions.tracker import SessionTracker


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
        from fact_gui.ui.sessions.tracker import SessionTracker

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

        def show(rows: list[SessionRow]) -> None:
            from fact_gui.ui.sessions.dialog import SessionsDialog

            SessionsDialog(self.shell.window, rows).exec()

        if self.tracker is not None:
            self.tracker.flush()  # queued first: the rows include this session's latest
        self.ops.read(load, "Reading the sessions").success(show).run()

    def closing(self) -> None:
        if self.tracker is not None:
            if self._watched is not None:
                self._watched.removeEventFilter(self.tracker)
            self.tracker.end()
            self.tracker = None
