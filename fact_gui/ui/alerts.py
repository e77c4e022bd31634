"""Messages to the user in a dialog; light to import (the window loads it before painting)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class Alerts:
    """Messages to the user; tests swap ``show`` to capture them."""

    @classmethod
    def show(cls, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent
        )
        if details:
            box.setInformativeText(details)
        box.exec()
