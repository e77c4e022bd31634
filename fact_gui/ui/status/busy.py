"""Status item: what the database is busy with, once it takes longer than a blink."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from fact_gui.ui.panel import Shell


class BusyItem(QLabel):
    """Hidden while work is quick; "⏳ Opening the article…" while it is not."""

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.setObjectName("busyItem")
        self.hide()
        shell.ops.busyChanged.connect(self._show)

    def _show(self, what: str) -> None:
        if what:
            self.setText(f"⏳ {what}…")
            self.setToolTip("The database is working; the window stays usable meanwhile.")
        self.setVisible(bool(what))
