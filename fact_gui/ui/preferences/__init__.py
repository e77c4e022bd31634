"""Preferences panel: who is working (the name claims are recorded under) and the theme."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from fact_gui.ui import look
from fact_gui.ui.actions import Actions, Need
from fact_gui.ui.panel import Panel, Shell

if TYPE_CHECKING:
    from fact_gui.services.context import Desk


class PreferencesPanel(Panel):
    name = "preferences"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.actions["view.dark"].toggled.connect(self._toggle_dark)

    def register(self, actions: Actions) -> None:
        actions.add("edit.name", "Your &name…", self.change_name, menu="Edit", group=40,
                    tip="The name your claims and reviews are recorded under",
                    needs=Need.DESK)  # fmt: skip
        actions.add("view.dark", "&Dark theme", menu="View", group=20, checkable=True,
                    checked=self.settings.theme == "dark")  # fmt: skip

    def change_name(self) -> None:
        from fact_gui.ui.dialogs import FilePicker

        desk = self.ops.desk
        if desk is None:
            return
        name = FilePicker.ask_name(self.shell.window, desk.user)
        if not name:
            return
        self.settings.user = name
        self.settings.sync()

        def rename(desk: Desk) -> None:
            # On the worker: edits queued before the change keep the name they were made under.
            desk.user = name

        self.ops.write(rename, "Changing your name").success(
            lambda _none: self.ops.userChanged.emit()
        ).run()

    def _toggle_dark(self, dark: bool) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        look.apply_theme(app, dark)
        # Style sheets resolve palette(...) when a widget is polished: re-polish all.
        sheet = app.styleSheet()
        app.setStyleSheet("")
        app.setStyleSheet(sheet)
        self.settings.theme = "dark" if dark else "light"
