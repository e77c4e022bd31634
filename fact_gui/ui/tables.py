"""How every table in the window looks and behaves: one setup, one column menu."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def setup_table(view: QTableView, lines: int = 2) -> None:
    """Rows selected whole, read-only, fixed-height rows of ``lines`` lines, quiet grid.

    Fixed heights: long titles and quotes wrap (with ``lines`` > 1) instead of vanishing
    behind an ellipsis, and no row height is ever measured (cheap at 10,000 rows).
    """
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    row = view.fontMetrics().lineSpacing() * lines + (10 if lines > 1 else 8)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(row)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(lines > 1)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.horizontalHeader().setHighlightSections(False)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)


def column_menu(view: QTableView, hidden: tuple[int, ...] = ()) -> None:
    """Right-click on a table's header: show or hide its columns (``hidden`` start hidden)."""
    header = view.horizontalHeader()
    for col in hidden:
        view.setColumnHidden(col, True)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu(pos: QPoint) -> None:
        from PySide6.QtWidgets import QMenu

        m = QMenu(view)
        model = view.model()
        for col in range(model.columnCount()):
            name = model.headerData(col, Qt.Orientation.Horizontal) or model.headerData(
                col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
            )
            act = m.addAction(str(name or f"Column {col + 1}"))
            act.setCheckable(True)
            act.setChecked(not view.isColumnHidden(col))
            act.toggled.connect(lambda on, c=col: view.setColumnHidden(c, not on))
        m.exec(header.mapToGlobal(pos))
        m.deleteLater()

    header.customContextMenuRequested.connect(menu)
