"""The main window: assembles the panels, builds menus and toolbars from the actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QSizePolicy, QSplitter, QToolBar, QWidget

from fact_gui import DISPLAY_NAME
from fact_gui.ui import status
from fact_gui.ui.actions import MENUS
from fact_gui.ui.article import ArticlePanel
from fact_gui.ui.claims import ClaimsPanel
from fact_gui.ui.export import ExportPanel
from fact_gui.ui.history import HistoryPanel
from fact_gui.ui.intake import IntakePanel
from fact_gui.ui.library import LibraryPanel
from fact_gui.ui.panel import Area, Panel, Shell
from fact_gui.ui.preferences import PreferencesPanel
from fact_gui.ui.review import ReviewPanel
from fact_gui.ui.sessions import SessionsPanel
from fact_gui.ui.settings import Settings
from fact_gui.ui.versions import VersionsPanel

if TYPE_CHECKING:
    from fact_gui.services.context import Desk

# The panels, in the order they are made (which orders their entries within a menu group).
PANELS: tuple[type[Panel], ...] = (
    LibraryPanel,
    ArticlePanel,
    ClaimsPanel,
    ReviewPanel,
    HistoryPanel,
    SessionsPanel,
    IntakePanel,
    ExportPanel,
    PreferencesPanel,
    VersionsPanel,
)
# Starting widths of the three columns (the reading column takes what is left).
_COLUMNS = {Area.LEFT: 380, Area.CENTRE: 600, Area.RIGHT: 520}


class Panels:
    """The window's panels by name: ``window.panels.article.view``."""

    library: LibraryPanel
    article: ArticlePanel
    claims: ClaimsPanel
    review: ReviewPanel
    history: HistoryPanel
    sessions: SessionsPanel
    intake: IntakePanel
    export: ExportPanel
    preferences: PreferencesPanel
    versions: VersionsPanel

    def __init__(self, panels: list[Panel]) -> None:
        self.all = panels
        for p in panels:
            setattr(self, p.name, p)


class MainWindow(QMainWindow):
    """Built without a database so it paints at once; ``attach`` connects it to one."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.setWindowTitle(DISPLAY_NAME)
        self.resize(1500, 900)
        self.shell = Shell(self, settings)
        self.ops, self.bus = self.shell.ops, self.shell.bus
        # Actions by id ("claim.tag.confirmed"); not ``actions``, which is QWidget's own.
        self.selection, self.registry = self.shell.selection, self.shell.actions
        self._window_actions()
        self.panels = Panels([cls(self.shell) for cls in PANELS])
        self._place_panels()
        self._menus_and_toolbars()
        self.status = status.build(self.shell)
        for item in self.status.widgets():
            self.statusBar().addPermanentWidget(item)
        self.registry.update()

    @property
    def desk(self) -> Desk | None:
        return self.ops.desk

    def attach(self, desk: Desk) -> None:
        """Connect to an open database: panels load what they show, the last article reopens."""
        self.ops.attach(desk)

    # -- assembly ------------------------------------------------------------------------
    def _window_actions(self) -> None:
        style, sp, undo = self.style(), self.style().StandardPixmap, self.shell.undo
        # An explicit icon text keeps toolbar labels still; the menu says what will be undone.
        self.registry.add("edit.undo", undo.createUndoAction(self, "&Undo"), keys="Ctrl+Z",
                           icon=style.standardIcon(sp.SP_ArrowBack), icon_text="Undo",
                           menu="Edit", group=10, toolbar="main", toolbar_group=30)  # fmt: skip
        self.registry.add("edit.redo", undo.createRedoAction(self, "&Redo"),
                           keys=("Ctrl+Shift+Z", "Ctrl+Y"), icon_text="Redo",
                           icon=style.standardIcon(sp.SP_ArrowForward), menu="Edit", group=10,
                           toolbar="main", toolbar_group=30)  # fmt: skip
        self.registry.add("app.quit", "&Quit", self.close, keys="Ctrl+Q", menu="File", group=90)

    def _place_panels(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        sizes = []
        for area, width in _COLUMNS.items():
            for p in self.panels.all:
                widget = p.widget() if p.area is area else None
                if widget is not None:
                    self.splitter.addWidget(widget)
                    self.splitter.setStretchFactor(self.splitter.count() - 1, area is Area.CENTRE)
                    sizes.append(width)
        self.splitter.setSizes(sizes)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        for p in self.panels.all:
            dock_area = p.dock_area()
            if p.dock is not None and dock_area is not None:
                self.addDockWidget(dock_area, p.dock)

    def _menus_and_toolbars(self) -> None:
        for title in MENUS:
            menu = self.menuBar().addMenu(title)
            for act in self.registry.menu(title):
                if act is None:
                    menu.addSeparator()
                else:
                    menu.addAction(act)
        main = self._toolbar("Main", "main", Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        main.addWidget(spacer)
        for widget in self.registry.toolbar_widgets.get("main", []):
            main.addWidget(widget)
        self.addToolBarBreak()  # the review bar gets a row of its own
        review = self._toolbar("Review", "review", Qt.ToolButtonStyle.ToolButtonTextOnly)
        review.hide()  # shown in review mode

    def _toolbar(self, title: str, name: str, style: Qt.ToolButtonStyle) -> QToolBar:
        bar = self.addToolBar(title)
        bar.setObjectName(f"{name}Toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(style)
        for act in self.registry.toolbar(name):
            if act is None:
                bar.addSeparator()
            else:
                bar.addAction(act)
        self.registry.toolbars[name] = bar
        return bar

    # -- closing ---------------------------------------------------------------------------
    def closeEvent(self, e: QCloseEvent) -> None:
        for p in self.panels.all:
            p.closing()  # queue what must still be saved (the note, the session)
        self.ops.shutdown()  # ... and let it be written
        self.settings.set_window_state(
            self.saveGeometry(), self.saveState(), self.splitter.saveState()
        )
        self.settings.sync()
        super().closeEvent(e)

    def restore_window_state(self) -> None:
        geometry, state, splitter = self.settings.window_state()
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
