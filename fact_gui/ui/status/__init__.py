"""The status bar's permanent items, one module each (qutebrowser-style), in the order shown.

An item is a widget that connects itself to what it shows (the operations, the
desk); "Reconnecting…" or who else has the article open drop in as new modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fact_gui.ui.status.busy import BusyItem
from fact_gui.ui.status.database import DatabaseItem
from fact_gui.ui.status.saved import SavedItem
from fact_gui.ui.status.user import UserItem

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from fact_gui.ui.panel import Shell


class StatusItems:
    """The items by name (``window.status.saved``), in the order the bar shows them."""

    def __init__(self, shell: Shell) -> None:
        self.busy = BusyItem(shell)
        self.user = UserItem(shell)
        self.database = DatabaseItem(shell)
        self.saved = SavedItem(shell)

    def widgets(self) -> list[QWidget]:
        return [self.busy, self.user, self.database, self.saved]


def build(shell: Shell) -> StatusItems:
    return StatusItems(shell)
