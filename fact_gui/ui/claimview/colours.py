"""Colours of the claim view for light and dark backgrounds, with the contrast they keep."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QColor

from fact_gui.domain.tags import Tag
from fact_gui.ui import look

# On a dark page the Okabe-Ito inks are too dim to carry a 2 px line (blue is ~3:1 on
# #1b1d20); these lighter variants keep their hues apart and reach >= 4.5:1 there.
_DARK_INK = {
    Tag.CONFIRMED: "#3fd0a2",
    Tag.DISPUTED: "#ff8d5c",
    Tag.SINGLE_SOURCE: "#62bdf2",
}
# A wash is a tint, not a fill: text over it keeps its contrast (>= 7:1 in tests).
_WASH_ALPHA = {False: (0x2C, 0x16), True: (0x38, 0x12)}  # (first claim, each one nested)
_WASH_DEPTH_CAP = 4


def relative_luminance(c: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (none) to 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def over(top: QColor, bottom: QColor) -> QColor:
    """``top`` (with its alpha) composited over an opaque ``bottom``."""
    a = top.alphaF()
    return QColor.fromRgbF(
        top.redF() * a + bottom.redF() * (1 - a),
        top.greenF() * a + bottom.greenF() * (1 - a),
        top.blueF() * a + bottom.blueF() * (1 - a),
    )


def _alpha(colour: str | QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


@dataclass(frozen=True)
class Scheme:
    """Every colour the claim view paints with, for one background."""

    dark: bool
    ink: dict[str, QColor]  # by stored tag value: lines, ticks and outlines
    wash: dict[tuple[str, int], QColor]  # by (tag value, depth 1..4): the extent tint
    hover: dict[str, QColor]  # extra tint over a hovered claim
    selection_fill: QColor
    selection_edge: QColor
    # Opaque, painted over the claims' tints: a translucent yellow over a blue tint
    # would read as green, i.e. as another tag. The lanes still show the claim.
    find_fill: QColor
    find_current_fill: QColor
    find_current_edge: QColor
    gutter_text: QColor

    def wash_for(self, tag: str, depth: int) -> QColor:
        return self.wash[(tag, min(depth, _WASH_DEPTH_CAP))]


# What differs between the themes besides the inks: (colour, alpha) or a colour.
_THEMED: dict[bool, dict[str, tuple[str, int] | str]] = {
    False: {
        "selection_fill": ("#1f2328", 0x1A),
        "selection_edge": "#5f666e",
        "find_fill": "#fff0a6",
        "find_current_fill": "#ffd43b",
        "find_current_edge": "#8a6400",
        "gutter_text": "#5f666e",
    },
    True: {
        "selection_fill": ("#ffffff", 0x24),
        "selection_edge": "#b4bac1",
        "find_fill": "#4a4220",
        "find_current_fill": "#7a6414",
        "find_current_edge": "#f5d76e",
        "gutter_text": "#aab0b7",
    },
}


@cache
def scheme(dark: bool) -> Scheme:
    """The light or dark scheme (built once each)."""
    ink = {t.value: QColor(_DARK_INK[t]) if dark else look.tag_colour(t) for t in Tag}
    first, step = _WASH_ALPHA[dark]
    wash = {
        (t, d): _alpha(ink[t], first + step * (d - 1))
        for t in ink
        for d in range(1, _WASH_DEPTH_CAP + 1)
    }
    hover = {t: _alpha(ink[t], 0x30 if dark else 0x26) for t in ink}
    themed = {
        k: _alpha(*v) if isinstance(v, tuple) else QColor(v) for k, v in _THEMED[dark].items()
    }
    return Scheme(dark=dark, ink=ink, wash=wash, hover=hover, **themed)
