"""The text people type for a query, reply, return, sign-off or reopen; tests swap ``ask_text``."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget


class Prompts:
    @classmethod
    def ask_text(cls, parent: QWidget | None, title: str, label: str, required: bool) -> str | None:
        """The text typed (stripped), or None if cancelled; ``required`` refuses an empty one."""
        while True:
            text, ok = QInputDialog.getMultiLineText(parent, title, label)
            if not ok:
                return None
            if text.strip() or not required:
                return text.strip()
            label = label.rstrip() + "\n(This cannot be empty.)"
