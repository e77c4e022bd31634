"""Status item: which database the window works on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from fact_gui.ui.panel import Shell


def short_name(url: str) -> str:
    """A SQLite file by its name, a server by its host and database (never the password)."""
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :]).name
    return url.split("@")[-1]


class DatabaseItem(QLabel):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        shell.ops.attached.connect(self._show)

    def _show(self) -> None:
        desk = self._shell.ops.desk
        if desk is not None:
            self.setText(short_name(desk.url))
            self.setToolTip(short_name(desk.url) if "@" in desk.url else desk.url)
