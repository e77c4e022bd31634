"""Sizes of the claim cues, derived from the reading font so they scale with zoom."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetricsF

# The reference line box (ascent + descent) the proportions below were tuned at:
# the reading font at 12.5 pt on a 96 dpi screen.
_REFERENCE_LINE = 20.0


def _half_px(v: float) -> float:
    return round(v * 2) / 2


@dataclass(frozen=True)
class Metrics:
    """Every length the claim view draws with, in device-independent pixels."""

    stroke: float  # thickness of an underline (>= 2 px: a 1 px wave reads as dots)
    lane0: float  # centre of the first lane below the baseline
    lane_pitch: float  # distance between lane centres
    wave_height: float  # peak to peak of the wave's centre line
    wave_length: float
    dash: float
    dash_gap: float
    tick_width: float
    tick_rise: float  # how far above the baseline the end ticks reach
    outline: float  # width of the current claim's outline
    line_gap: float  # room added under every line, where the lanes go
    paragraph_gap: float  # added after a paragraph followed directly by another

    @classmethod
    def for_font(cls, font: QFont) -> Metrics:
        fm = QFontMetricsF(font)
        u = max(0.6, (fm.ascent() + fm.descent()) / _REFERENCE_LINE)
        stroke = max(2.0, _half_px(2.0 * u))
        wave = max(2.0, _half_px(2.5 * u))
        pitch = _half_px(stroke + wave + 1.0 * u)
        return cls(
            stroke=stroke,
            lane0=_half_px(max(3.0, 3.0 * u)),
            lane_pitch=pitch,
            wave_height=wave,
            wave_length=max(6.0, round(7.0 * u)),
            dash=max(4.0, round(6.0 * u)),
            dash_gap=max(3.0, round(3.0 * u)),
            tick_width=max(1.5, _half_px(1.5 * u)),
            tick_rise=max(3.0, round(fm.xHeight() * 0.9)),
            outline=max(2.0, _half_px(2.0 * u)),
            line_gap=round(9.0 * u),
            paragraph_gap=round(11.0 * u),
        )

    def lane_y(self, baseline: float, lane: int) -> float:
        """Centre of ``lane`` under a line whose baseline is at ``baseline``."""
        return baseline + self.lane0 + lane * self.lane_pitch

    @property
    def lane_band(self) -> float:
        """Height of the ink a lane can hold (the wave's envelope)."""
        return self.wave_height + self.stroke
