"""The library's version badge: a small "v3" pill on articles with more than one version."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

WIDTH = 32  # the column's width: room for "v12" in the pill


class VersionBadge(QStyledItemDelegate):
    """Draws the cell's text ("v3") as a pill; an empty cell is just the row's background."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not text:
            return
        font = QFont(opt.font)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        font.setWeight(QFont.Weight.DemiBold)
        fm = QFontMetricsF(font)
        pill = QRectF(0, 0, fm.horizontalAdvance(text) + 10, fm.height() + 2)
        pill.moveCenter(QRectF(opt.rect).center())
        pal: QPalette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        edge = QColor(ink)
        edge.setAlphaF(0.55)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        radius = pill.height() / 2
        painter.drawRoundedRect(pill.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        painter.setFont(font)
        painter.setPen(ink)
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


def version_badges(view: QTableView, column: int) -> None:
    """Show ``column`` of ``view`` as version badges."""
    view.setItemDelegateForColumn(column, VersionBadge(view))
    view.setColumnWidth(column, WIDTH)
