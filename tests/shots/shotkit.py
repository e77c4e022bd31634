"""What every screenshot script starts with: user folders of its own, a window shown, a wait."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fact_gui.ui.main_window import MainWindow


def isolated_home(prefix: str) -> Path:
    """A fresh temp folder as every user folder (the real settings and data stay untouched)."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return home


def shown_window() -> tuple[MainWindow, Callable[[], None]]:
    """The main window at 1500x900, shown; and ``settle``, which waits for its work."""
    from PySide6.QtTest import QTest

    from fact_gui.ui.app import build_window, make_app
    from fact_gui.ui.settings import Settings

    app = make_app()
    window = build_window(app, Settings())
    window.resize(1500, 900)
    window.show()
    QTest.qWaitForWindowExposed(window)

    def settle() -> None:
        """Wait for the window's database work (it runs off the GUI thread) and refreshes."""
        while not window.shell.idle() or window.panels.article.view.painting():
            QTest.qWait(5)
        QTest.qWait(100)

    return window, settle
