"""A plain-text layout with room under each line (for claim lanes) and between paragraphs."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout


class SpacedLayout(QPlainTextDocumentLayout):
    """``QPlainTextDocumentLayout`` ignores block margins and line heights; this adds both.

    The base class lays a block out lazily, stacking its lines with no gap; the
    first time the view asks for a block's rectangle the lines are moved apart here.
    Everything the view does with geometry (painting, hit testing, the caret,
    scrolling) goes through the lines' positions and this rectangle, so it all agrees.
    Only blocks on screen are ever asked for, so the cost follows the screen.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.line_gap = 0.0
        self.paragraph_gap = 0.0

    def set_gaps(self, line_gap: float, paragraph_gap: float) -> None:
        if (line_gap, paragraph_gap) != (self.line_gap, self.paragraph_gap):
            self.line_gap, self.paragraph_gap = line_gap, paragraph_gap
            self.requestUpdate()

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)  # lays the block out if it is not yet
        layout = block.layout()
        n = layout.lineCount()
        if not n or not block.isVisible():
            return rect
        gap = self.line_gap
        nxt = block.next()
        if block.length() == 1 and nxt.isValid():
            # An empty line between paragraphs: as high as the gap a single break gets,
            # so text with blank lines and text without them read alike.
            return QRectF(rect.x(), rect.y(), rect.width(), self.paragraph_gap)
        last = layout.lineAt(n - 1)
        if n == 1 or last.y() == (n - 1) * (layout.lineAt(0).height() + gap):
            # Already spaced (lines of one font are equally high): the common case, asked
            # for many times per frame, answered without walking the lines.
            y = last.y() + last.height() + gap
        else:
            y = 0.0
            for i in range(n):
                line = layout.lineAt(i)
                if line.y() != y:
                    line.setPosition(QPointF(line.x(), y))
                y += line.height() + gap
        if not nxt.isValid():
            y += self.document().documentMargin()
        elif block.length() > 1 and nxt.length() > 1:
            # Paragraphs separated by a single line break would read as one wall.
            y += self.paragraph_gap
        return QRectF(rect.x(), rect.y(), rect.width(), y)
