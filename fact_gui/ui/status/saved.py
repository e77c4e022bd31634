"""Status item: whether every action is saved — "Saved" only once the commit has returned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from fact_gui.ui.panel import Shell


class SavedItem(QLabel):
    def __init__(self, shell: Shell) -> None:
        super().__init__("Opening database…")
        # Fixed width: the saved time changes on every action; the bar must not re-flow.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("⚠ Not saved 00:00:00") + 16)
        shell.ops.saveStateChanged.connect(self._show)

    def _show(self, state: str, detail: str) -> None:
        if state == "saved":
            self.setText(f"✓ Saved {detail}".rstrip())
            self.setToolTip("Every action is written to the database at once.")
        elif state == "saving":
            self.setText("Saving…")
            self.setToolTip(detail)
        elif state == "editing":
            self.setText(detail)
        elif state == "no database":
            self.setText("⚠ No database")
            self.setToolTip(detail)
        else:
            self.setText("⚠ Not saved")
            self.setToolTip(detail)
