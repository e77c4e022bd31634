"""Starts the GUI: paint the window first, then open the database and import files."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from fact_gui import APP_ID, APP_NAME, DISPLAY_NAME, __version__, resources
from fact_gui.ui import look
from fact_gui.ui.alerts import Alerts
from fact_gui.ui.gcpause import freeze_startup_objects
from fact_gui.ui.main_window import MainWindow
from fact_gui.ui.settings import Settings

# Benchmarks set this to get the wall-clock time of the first paint on stdout.
PAINT_PROBE_ENV = "FACT_GUI_PAINT_PROBE"


class _FirstPaint(QObject):
    """Runs a callback once, right after the window's first paint."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resources.app_icon_path())))
    return app


def build_window(app: QApplication, settings: Settings) -> MainWindow:
    look.apply_theme(app, settings.theme == "dark")
    app.setStyleSheet(resources.stylesheet())
    window = MainWindow(settings)
    window.restore_window_state()
    return window


def open_desk(window: MainWindow, db: str | None, user: str | None, files: list[str]) -> bool:
    """Open the database into the window and import ``files``; False if it cannot be opened."""
    from sqlalchemy.exc import SQLAlchemyError

    from fact_gui.domain.errors import FactGuiError
    from fact_gui.services.context import Desk, is_team

    team = is_team(db)  # the database login is the name: nothing to ask, nothing saved
    if not team and not user and not window.settings.user:
        # First run: who is working? Prefilled with the login name; kept in the settings.
        from fact_gui.services.context import default_user
        from fact_gui.ui.dialogs import FilePicker

        chosen = FilePicker.ask_name(window, default_user())
        if chosen:
            window.settings.user = chosen
            window.settings.sync()
    try:
        desk = Desk.open(db, user or (None if team else window.settings.user) or None)
    except (FactGuiError, SQLAlchemyError) as exc:
        window.ops.no_database(str(exc))
        Alerts.show(window, "Cannot open the database", str(exc))
        return False
    window.attach(desk)
    if files:
        window.panels.intake.import_files(files)
    freeze_startup_objects()
    return True


def no_display() -> str:
    """Why no window can open here ("" if one can): Linux without X11, Wayland or a Qt platform.

    Qt would abort (or wait) trying to reach a display; a clear message and exit 1 is better.
    """
    if not sys.platform.startswith("linux"):
        return ""
    if any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return ""
    return (
        "no display: DISPLAY and WAYLAND_DISPLAY are not set, so the window cannot open. "
        "Run it in a desktop session, or use the commands (fact-gui --help)"
    )


def run(db: str | None = None, user: str | None = None, files: list[str] | None = None) -> int:
    if why := no_display():
        print(f"fact-gui: {why}", file=sys.stderr, flush=True)
        return 1
    app = make_app()
    window = build_window(app, Settings())
    probe = os.environ.get(PAINT_PROBE_ENV)

    def after_first_paint() -> None:
        if probe:
            print(f"first-paint {time.time():.6f}", flush=True)
            app.quit()
            return
        if not open_desk(window, db, user, list(files or [])):
            app.exit(1)

    painted = _FirstPaint(after_first_paint)
    window.installEventFilter(painted)
    window.show()
    return app.exec()
