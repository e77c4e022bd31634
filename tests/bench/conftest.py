"""Benchmark fixtures: isolated user folders, a bench database and a real main window."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def bench_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """User folders in a temp dir (never the real ones); the env to hand to subprocesses."""
    home = tmp_path_factory.mktemp("bench-home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    from fact_gui.store.engine import default_db_path
    from fact_gui.ui.settings import settings_path

    assert str(default_db_path()).startswith(str(home))
    assert str(settings_path()).startswith(str(home))
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


@pytest.fixture
def bench_desk(tmp_path: Path) -> Iterator[Desk]:
    """A fresh database at tmp_path/b.db, acting as user 'bench'."""
    from fact_gui.services.context import Desk

    desk = Desk.open(str(tmp_path / "b.db"), "bench")
    yield desk
    desk.close()


@pytest.fixture
def bench_window(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bench_desk: Desk
) -> Callable[[Desk], MainWindow]:
    """Factory: the real main window, shown offscreen and attached to a desk.

    A dialog would block a benchmark forever, so alerts are captured and fail the test.
    """
    from fact_gui.ui.app import build_window, make_app
    from fact_gui.ui.dialogs import Alerts
    from fact_gui.ui.settings import Settings

    def fail(cls: object, parent: object, title: str, text: str, details: str = "") -> None:
        pytest.fail(f"the window raised an alert: {title}: {text} {details}")

    monkeypatch.setattr(Alerts, "show", classmethod(fail))

    def factory(desk: Desk) -> MainWindow:
        app = make_app()
        window = build_window(app, Settings(tmp_path / "settings.ini"))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.attach(desk)
        return window

    return factory
