"""View ▸ Sessions: the dialog listing who worked when, on what, for how long."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fact_gui.ui.tables import setup_table

if TYPE_CHECKING:
    from fact_gui.services.sessions import SessionRow


class SessionsDialog(QDialog):
    """View ▸ Sessions: who worked when, on what, and for how long."""

    def __init__(self, parent: QWidget | None, rows: list[SessionRow]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotation sessions")
        self.resize(900, 480)
        table = QTableWidget(len(rows), 7)
        table.setHorizontalHeaderLabels(
            ["Session", "Who", "Started (UTC)", "Last active", "Article", "Active", "Claims +/~"]
        )
        setup_table(table, lines=1)
        table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for r, s in enumerate(rows):
            cells = (
                str(s.session_id),
                s.user,
                s.started_at.replace("T", " ")[:16],
                s.ended_at.replace("T", " ")[:16],
                s.article_title or "—",
                f"{s.active_seconds / 60:.1f} min",
                f"+{s.claims_added} / ~{s.claims_changed}",
            )
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Active time counts only minutes with keyboard or mouse input."))
        lay.addWidget(table)
        lay.addWidget(box)
