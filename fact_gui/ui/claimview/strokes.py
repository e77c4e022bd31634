"""The per-tag underline shapes (solid, wave, dashes) and end ticks, drawn with QPainter."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap

from fact_gui.domain.tags import Tag
from fact_gui.ui.claimview.metrics import Metrics

# The shape cue of each stored tag value: it survives greyscale, dark mode and colour blindness.
SHAPE = {t.value: t.style.underline for t in Tag}


class Strokes:
    """Draws lane underlines and ticks; wave and dash patterns are cached tiles.

    A tiled brush fills a whole run with one call, however long, the way Qt draws
    its own wave underline, instead of building a path per claim per frame.
    """

    def __init__(self, metrics: Metrics, ratio: float) -> None:
        self.m = metrics
        self.ratio = ratio  # device pixels per pixel the tiles are drawn for
        self._tiles: dict[tuple[str, int, float], tuple[QBrush, float]] = {}

    def _tile(self, shape: str, colour: QColor, stroke: float) -> tuple[QBrush, float]:
        """The brush for ``shape`` and the height of the band it fills."""
        key = (shape, colour.rgba(), stroke)
        hit = self._tiles.get(key)
        if hit is not None:
            return hit
        m = self.m
        width: float
        height: float
        if shape == "wave":
            width, height = m.wave_length, math.ceil(m.wave_height + stroke + 1)
        else:
            width, height = m.dash + m.dash_gap, stroke
        pm = QPixmap(round(width * self.ratio), round(height * self.ratio))
        pm.setDevicePixelRatio(self.ratio)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        if shape == "wave":
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            mid, amp = height / 2, m.wave_height / 2
            # One period, drawn a period wider on each side so the tile edges join.
            path = QPainterPath()
            steps = 24
            for k in range(-steps, 2 * steps + 1):
                x = width * k / steps
                y = mid - amp * math.sin(2 * math.pi * k / steps)
                if k == -steps:
                    path.moveTo(x, y)
                else:
                    path.lineTo(x, y)
            pen = QPen(colour, stroke)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.drawPath(path)
        else:
            p.fillRect(QRectF(0, 0, m.dash, stroke), colour)
        p.end()
        hit = (QBrush(pm), height)
        self._tiles[key] = hit
        return hit

    def underline(
        self, p: QPainter, shape: str, colour: QColor, x0: float, x1: float, y: float, bold: bool
    ) -> None:
        """The underline of one run, centred on ``y``; ``bold``: one pixel thicker (hover)."""
        stroke = self.m.stroke + (1.0 if bold else 0.0)
        if shape == "solid":
            p.fillRect(QRectF(x0, round(y - stroke / 2), x1 - x0, stroke), colour)
            return
        brush, height = self._tile(shape, colour, stroke)
        top = round(y - height / 2)
        p.setBrushOrigin(QPointF(x0, top))
        p.fillRect(QRectF(x0, top, x1 - x0, height), brush)

    def tick(self, p: QPainter, colour: QColor, x: float, baseline: float, y: float) -> None:
        """A boundary mark: from the lane at ``y`` up into the line, at ``x``."""
        w = self.m.tick_width
        top = baseline - self.m.tick_rise
        p.fillRect(QRectF(x - w / 2, top, w, y + self.m.stroke / 2 - top), colour)
