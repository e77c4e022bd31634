"""The margin beside the text: one bar per claim in its lane, like a code-review range."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from fact_gui.ui.claimview.lanes import MAX_LANES
from fact_gui.ui.claimview.metrics import Metrics
from fact_gui.ui.claimview.strokes import SHAPE

if TYPE_CHECKING:
    from fact_gui.ui.claimview.view import ClaimView, Visible


class Gutter(QWidget):
    """Bars for the claims on screen, lane 0 nearest the text, with "+N" where lanes run out.

    Each bar spans its claim's lines, in the claim's column (its lane in the
    paragraph, the same on every line), so a claim over several lines shows its
    whole extent at a glance; hovering a bar highlights the claim, clicking selects it.
    """

    def __init__(self, view: ClaimView) -> None:
        super().__init__(view)
        self._view = view
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    @staticmethod
    def width_for(m: Metrics) -> int:
        return math.ceil(_label_width(m) + MAX_LANES * _pitch(m) + 2)

    def follow(self, rect: QRect, dy: int) -> None:
        """Scroll or repaint along with the text (QPlainTextEdit.updateRequest)."""
        if dy:
            self.scroll(0, dy)
        else:
            self.update(0, rect.y(), self.width(), rect.height())

    def _bars(self, visible: list[Visible]) -> list[tuple[int, str, int, float, float]]:
        """(claim, tag, column, top, bottom) per claim and block."""
        out = []
        for v in visible:
            lines = v.geometry.lines
            spans: dict[int, list[int]] = {}
            info: dict[int, tuple[str, int, bool, bool]] = {}
            for f in v.geometry.frags:
                if f.column >= MAX_LANES:
                    continue
                span = spans.get(f.claim)
                if span is None:
                    spans[f.claim] = [f.line, f.line]
                    info[f.claim] = (f.tag, f.column, f.first, f.last)
                else:
                    span[1] = f.line
                    tag, lane, first, _ = info[f.claim]
                    info[f.claim] = (tag, lane, first, f.last)
            for cid, (a, b) in spans.items():
                tag, lane, first, last = info[cid]
                # Inset at the claim's own ends, flush where it runs on into the next
                # paragraph, so consecutive claims in one lane stay apart.
                top = v.top + lines[a].y + 3 if first else v.top
                bottom = v.top + lines[b].y + lines[b].height - 3 if last else v.top + v.height
                out.append((cid, tag, lane, top, bottom))
        return out

    def paintEvent(self, e: QPaintEvent) -> None:
        view = self._view
        r = e.rect()
        visible = [v for v in view.frame() if v.top + v.height >= r.top() and v.top <= r.bottom()]
        m, s = view.metrics, view.scheme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        right = self.width() - 1
        pitch, bar = _pitch(m), _bar(m)
        emphasised = {view.current_claim(), view.hovered_claim()}
        for cid, tag, lane, top, bottom in self._bars(visible):
            x = right - bar / 2 - lane * pitch
            width = bar + (1.5 if cid in emphasised else 0)
            _vertical(p, tag, s.ink[tag], x, top, bottom, width, m)
        font = QFont(view.font())
        font.setPointSizeF(max(6.5, view.font().pointSizeF() * 0.62))
        p.setFont(font)
        p.setPen(s.gutter_text)
        label_w = _label_width(m)
        for v in visible:
            lines = v.geometry.lines
            for li, n in v.geometry.overflow.items():
                ln = lines[li]
                box = QRectF(0, v.top + ln.y, label_w, ln.height)
                p.drawText(
                    box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"+{n}"
                )
        p.end()

    def claim_at(self, x: float, y: float) -> int | None:
        view = self._view
        m = view.metrics
        right = self.width() - 1
        pitch, bar = _pitch(m), _bar(m)
        for cid, _tag, lane, top, bottom in self._bars(view.frame()):
            cx = right - bar / 2 - lane * pitch
            if abs(x - cx) <= pitch / 2 and top - 2 <= y <= bottom + 2:
                return cid
        return None

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        pos = e.position()
        self._view.hover_from_mouse(self.claim_at(pos.x(), pos.y()))

    def mousePressEvent(self, e: QMouseEvent) -> None:
        pos = e.position()
        cid = self.claim_at(pos.x(), pos.y())
        claim = self._view.claim(cid) if cid is not None else None
        if claim is not None and e.button() == Qt.MouseButton.LeftButton:
            self._view.select_span(claim.start, claim.end)
            self._view.setFocus()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        e.accept()  # the press did the work

    def leaveEvent(self, e: QEvent) -> None:
        self._view.hover_from_mouse(None)
        super().leaveEvent(e)


def _pitch(m: Metrics) -> float:
    return m.stroke + 3


def _bar(m: Metrics) -> float:
    return m.stroke + 0.5


def _label_width(m: Metrics) -> float:
    return 6 * m.stroke + 8


def _vertical(
    p: QPainter, tag: str, colour: QColor, x: float, top: float, bottom: float, w: float, m: Metrics
) -> None:
    """A bar from ``top`` to ``bottom`` in the tag's shape: solid, wave or dashes."""
    shape = SHAPE[tag]
    left = x - w / 2
    if shape == "solid":
        p.fillRect(QRectF(left, top, w, bottom - top), colour)
    elif shape == "dash":
        y = top
        while y < bottom:
            p.fillRect(QRectF(left, y, w, min(m.dash, bottom - y)), colour)
            y += m.dash + m.dash_gap
    else:
        # A calm, long wave: the gutter is read at a glance, beside the text.
        amp, length = max(1.0, m.wave_height / 2), m.wave_length * 1.6
        path = QPainterPath(QPointF(x, top))
        steps = max(2, int((bottom - top) / 1.5))
        for k in range(1, steps + 1):
            y = top + (bottom - top) * k / steps
            path.lineTo(QPointF(x + amp * math.sin(2 * math.pi * (y - top) / length), y))
        p.setPen(QPen(colour, w * 0.85))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
