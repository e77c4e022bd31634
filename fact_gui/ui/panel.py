"""The panel template: what every panel gets (the shell) and the base class it fills in."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from fact_gui.services.changes import ChangeSet, Kind
from fact_gui.ui.actions import Actions
from fact_gui.ui.bus import Bus
from fact_gui.ui.later import Later
from fact_gui.ui.operations import Operations
from fact_gui.ui.selection import Selection
from fact_gui.ui.settings import Settings

if TYPE_CHECKING:
    from fact_gui.ui.commands import Ledger


class Area(Enum):
    """Where the window puts a panel's widget."""

    NONE = "none"  # no widget of its own: actions and dialogs only
    LEFT = "left"  # the three columns of the main splitter
    CENTRE = "centre"
    RIGHT = "right"
    BOTTOM = "bottom"  # dock widgets, built the first time they are shown
    SIDE = "side"


_DOCK_AREAS = {
    Area.BOTTOM: Qt.DockWidgetArea.BottomDockWidgetArea,
    Area.SIDE: Qt.DockWidgetArea.RightDockWidgetArea,
}


class Shell:
    """Everything a panel may use; it reaches no other panel but through these."""

    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        self.window = window  # parent for dialogs; its status bar shows messages
        self.settings = settings
        self.bus = Bus(window)
        self.ops = Operations(window)
        self.selection = Selection(self.bus, self.ops, window)
        self.actions = Actions(window, self.selection, self.ops)
        self.undo = QUndoStack(window)
        self.later = Later(window)  # refreshes that can wait a frame (lists, counts)
        self._ledger: Ledger | None = None

    @property
    def ledger(self) -> Ledger:
        """Provisional claim ids and the real ones (made with the first edit)."""
        if self._ledger is None:
            from fact_gui.ui.commands import Ledger

            self._ledger = Ledger()
        return self._ledger

    def idle(self) -> bool:
        """No database work under way and no refresh waiting (tests and benchmarks wait)."""
        return self.ops.idle() and self.later.idle()

    def message(self, text: str, ms: int = 4000) -> None:
        """A passing message in the status bar."""
        self.window.statusBar().showMessage(text, ms)


class Panel(QObject):
    """A feature of the window. Subclasses set the class attributes and override the hooks.

    The base class subscribes the panel to the bus: a change set of one of
    ``kinds`` reaches ``on_change`` while the panel is shown; while it is hidden
    the panel only marks itself stale and ``refresh`` runs when it is shown again.
    Dock panels (BOTTOM, SIDE) get their dock made here and their widget built the
    first time the dock is shown, so a panel nobody opens costs nothing.
    """

    name: ClassVar[str] = ""  # window.panels.<name>
    title: ClassVar[str] = ""  # the dock's title
    area: ClassVar[Area] = Area.NONE
    kinds: ClassVar[frozenset[Kind]] = frozenset()  # change kinds its view shows

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.window)
        self.shell = shell
        self.bus, self.ops, self.selection = shell.bus, shell.ops, shell.selection
        self.actions, self.settings = shell.actions, shell.settings
        self._widget: QWidget | None = None
        self.dock: QDockWidget | None = None
        if self.area in _DOCK_AREAS:
            self.dock = QDockWidget(self.title, shell.window)
            self.dock.setObjectName(f"{self.name}Dock")
            self.dock.hide()
            self.dock.visibilityChanged.connect(self._dock_shown)
        # A dock shows nothing until it is first opened: then it fills itself.
        self._stale = self.dock is not None
        self.register(shell.actions)
        shell.bus.changed.connect(self._deliver)

    # -- hooks ------------------------------------------------------------------------
    def register(self, actions: Actions) -> None:
        """Add this panel's actions (with their menus, toolbar places and keys)."""

    def build(self) -> QWidget | None:
        """Make the panel's widget (called once, when the window or the dock needs it)."""
        return None

    def on_change(self, cs: ChangeSet) -> None:
        """A change set of one of ``kinds`` while shown: update in place (default: refresh)."""
        self.refresh()

    def refresh(self) -> None:
        """Show everything afresh (after being hidden while things changed)."""

    def closing(self) -> None:
        """The window closes: queue what must still be saved."""

    # -- machinery -------------------------------------------------------------------
    def widget(self) -> QWidget | None:
        if self._widget is None:
            self._widget = self.build()
            if self._widget is not None:
                self._widget.installEventFilter(self)
                if self.dock is not None:
                    self.dock.setWidget(self._widget)
        return self._widget

    def showing(self) -> bool:
        """Is the panel's view on screen (a hidden panel refreshes when it is shown)?"""
        if self.dock is not None:
            return self.dock.isVisible() and self._widget is not None
        return self._widget is not None and self._widget.isVisible()

    def stale(self) -> None:
        """Something it shows changed while hidden: refresh when shown (now, if shown)."""
        if self.showing():
            self._stale = False
            self.refresh()
        else:
            self._stale = True

    def _deliver(self, cs: ChangeSet) -> None:
        if not cs.touches(*self.kinds):
            return
        if self.showing():
            self.on_change(cs)
        else:
            self._stale = True

    def _dock_shown(self, visible: bool) -> None:
        if visible:
            self.widget()
            if self._stale:
                self._stale = False
                self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self._stale:
            self._stale = False
            self.refresh()
        return False

    def dock_area(self) -> Qt.DockWidgetArea | None:
        return _DOCK_AREAS.get(self.area)
