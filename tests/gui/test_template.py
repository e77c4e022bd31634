"""The panel template: a new panel drops into the window without touching another one."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from fact_gui.domain.workflow import Do
from fact_gui.services.changes import ChangeSet, Kind
from fact_gui.ui import main_window
from fact_gui.ui.actions import Actions
from fact_gui.ui.panel import Area, Panel, Shell
from tests.conftest import SEEDS
from tests.gui.helpers import import_files, press, select, settle


class StatsPanel(Panel):
    """What a statistics view would be: a side dock counting claim changes it is shown."""

    name = "stats"
    title = "Statistics"
    area = Area.SIDE
    kinds = frozenset({Kind.CLAIMS})

    def __init__(self, shell: Shell) -> None:
        self.seen: Counter[str] = Counter()
        self.refreshes = 0
        super().__init__(shell)

    def register(self, actions: Actions) -> None:
        toggle = self.dock.toggleViewAction() if self.dock else None
        assert toggle is not None
        actions.add("view.stats", toggle, keys="Ctrl+Alt+S", menu="View", group=15)
        actions.add("stats.explain", "Explain the &tag…", lambda: None, menu="Claim", group=40,
                    do=Do.EDIT_CLAIMS)  # fmt: skip

    def build(self) -> QWidget:
        self.label = QLabel("no changes")
        return self.label

    def on_change(self, cs: ChangeSet) -> None:
        self.seen[cs.origin.value] += 1
        self.label.setText(f"{sum(self.seen.values())} changes")

    def refresh(self) -> None:
        self.refreshes += 1


@pytest.fixture
def with_stats(monkeypatch):
    monkeypatch.setattr(main_window, "PANELS", (*main_window.PANELS, StatsPanel))


def test_a_new_panel_drops_in(with_stats, window) -> None:
    stats = window.panels.stats
    assert isinstance(stats, StatsPanel)
    # Its entries are in the menus the window built, its dock in the window, not built yet.
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert "Statistics" in [a.text() for a in view_menu.actions()]
    assert window.registry["stats.explain"].isEnabled() is False  # the policy: no article
    assert stats._widget is None
    import_files(window, [str(SEEDS[1])])
    assert window.registry["stats.explain"].isEnabled()
    # Hidden: changes only make it stale...
    s = window.panels.article.view.text.index("Kirby")
    select(window, s, s + 5)
    press(window, "1")
    assert not stats.seen and stats._stale
    # ... shown: it refreshes once, then follows the bus.
    window.registry["view.stats"].trigger()
    settle(window)
    assert stats.refreshes == 1 and stats.dock is not None and stats.dock.isVisible()
    press(window, "2")
    assert stats.seen == Counter({"action": 1}) and stats.label.text() == "1 changes"
