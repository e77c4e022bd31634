"""Status item: who is working (the name claims and reviews are recorded under)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from fact_gui.ui.panel import Shell


class UserItem(QLabel):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        shell.ops.attached.connect(self.refresh)
        shell.ops.userChanged.connect(self.refresh)

    def refresh(self) -> None:
        desk = self._shell.ops.desk
        if desk is not None:
            self.setText(f"Analyst: {desk.user}")
