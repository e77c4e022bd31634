"""Visual vocabulary: tag colours, underline cues, icons, palettes and reading typography."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QTextCharFormat,
)
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from fact_gui.domain.tags import Tag

_UNDERLINE = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
}

_dark = False


def set_dark(dark: bool) -> None:
    global _dark
    _dark = dark
    char_format.cache_clear()
    tag_format.cache_clear()


def tag_colour(tag: Tag) -> QColor:
    return QColor(tag.style.colour)


def _background(tag: Tag, depth: int) -> QColor:
    c = tag_colour(tag)
    # Deeper nesting shows as a denser wash of the innermost claim's colour.
    base = 0x55 if _dark else 0x38
    c.setAlpha(min(0xB0, base + 0x30 * (depth - 1)))
    return c


@cache
def char_format(inner: Tag, outer: Tag, depth: int) -> QTextCharFormat:
    """The text format of a segment: inner claim's wash, outer claim's underline."""
    fmt = QTextCharFormat()
    fmt.setBackground(_background(inner, depth))
    fmt.setUnderlineStyle(_UNDERLINE[outer.style.underline])
    fmt.setUnderlineColor(tag_colour(outer))
    return fmt


@cache
def tag_format(inner: str, outer: str, depth: int) -> QTextCharFormat:
    """``char_format`` keyed by the stored tag values (the hot paint loop has strings)."""
    return char_format(Tag(inner), Tag(outer), min(depth, 4))


def _canvas(size: int) -> tuple[QPixmap, QPainter]:
    """A transparent, antialiased, high-DPI square to draw an icon on (end the painter)."""
    ratio = 2.0
    pm = QPixmap(int(size * ratio), int(size * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pm, p


@cache
def tag_icon(tag: Tag, size: int = 16) -> QIcon:
    """A swatch with the tag's underline drawn in its style: colour plus a second cue."""
    pm, p = _canvas(size)
    colour = tag_colour(tag)
    wash = QColor(colour)
    wash.setAlpha(0x70)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(wash)
    p.drawRoundedRect(QRectF(1, 1, size - 2, size * 0.62), 2, 2)
    pen = QPen(colour, 1.8)
    y = size * 0.82
    style = tag.style.underline
    if style == "wave":
        path = QPainterPath(QPointF(1, y))
        x, up = 1.0, True
        while x < size - 1:
            path.quadTo(QPointF(x + 1.5, y - 2.2 if up else y + 2.2), QPointF(x + 3, y))
            x += 3
            up = not up
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    else:
        if style == "dash":
            pen.setDashPattern([2.0, 1.5])
        p.setPen(pen)
        p.drawLine(QPointF(1, y), QPointF(size - 1, y))
    p.end()
    return QIcon(pm)


def titled_column(title: str, margins: tuple[int, int, int, int]) -> tuple[QWidget, QVBoxLayout]:
    """A column of the window under a bold title (the library, the claims)."""
    column = QWidget()
    lay = QVBoxLayout(column)
    lay.setContentsMargins(*margins)
    label = QLabel(title)
    label.setObjectName("panelTitle")
    lay.addWidget(label)
    return column, lay


def reading_font() -> QFont:
    """A book face at a comfortable size for hours of reading."""
    font = QFont()
    font.setFamilies(["Source Serif 4", "Charter", "Georgia", "DejaVu Serif", "serif"])
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(12.5)
    return font


def apply_theme(app: QApplication, dark: bool) -> None:
    """Light or dark palette on the Fusion style (same on every platform)."""
    set_dark(dark)
    app.setStyle("Fusion")
    pal = QPalette()
    if dark:
        roles = {
            QPalette.ColorRole.Window: "#24272b",
            QPalette.ColorRole.WindowText: "#e6e6e6",
            QPalette.ColorRole.Base: "#1b1d20",
            QPalette.ColorRole.AlternateBase: "#24272b",
            QPalette.ColorRole.Text: "#e8e6e3",
            QPalette.ColorRole.Button: "#2d3136",
            QPalette.ColorRole.ButtonText: "#e6e6e6",
            QPalette.ColorRole.Highlight: "#3d6fb6",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.Mid: "#3a3f45",
            QPalette.ColorRole.Midlight: "#353a40",
            QPalette.ColorRole.PlaceholderText: "#9aa0a6",
            QPalette.ColorRole.ToolTipBase: "#2d3136",
            QPalette.ColorRole.ToolTipText: "#e6e6e6",
        }
    else:
        roles = {
            QPalette.ColorRole.Window: "#f3f3f1",
            QPalette.ColorRole.WindowText: "#1f2328",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#f7f7f5",
            QPalette.ColorRole.Text: "#1f2328",
            QPalette.ColorRole.Button: "#f3f3f1",
            QPalette.ColorRole.ButtonText: "#1f2328",
            QPalette.ColorRole.Highlight: "#2f6fce",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.Mid: "#d4d4d0",
            QPalette.ColorRole.Midlight: "#e4e4e0",
            QPalette.ColorRole.PlaceholderText: "#6b7178",
            QPalette.ColorRole.ToolTipBase: "#ffffee",
            QPalette.ColorRole.ToolTipText: "#1f2328",
        }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    app.setPalette(pal)


def text_selection_palette(theme: QPalette) -> QPalette:
    """Selection in the article pane: translucent, so a fresh tag shows through it.

    Only the selection roles are set: every other colour keeps following the theme.
    """
    pal = QPalette()  # no role set
    hl = QColor(theme.color(QPalette.ColorRole.Highlight))
    hl.setAlpha(0x60)
    pal.setColor(QPalette.ColorRole.Highlight, hl)
    pal.setColor(QPalette.ColorRole.HighlightedText, theme.color(QPalette.ColorRole.Text))
    return pal


# Workflow states, as the library's dots and the article header's badge show them:
# dark enough for bold text on the light theme, light enough on the dark one.
STATE_COLOURS = {
    "new": "#7a8088",
    "annotating": "#2f7fc1",
    "submitted": "#c17d00",
    "signed_off": "#1e8c5a",
}
ERROR_COLOUR = "#b3261e"  # errors in forms, failed imports, a tampered sign-off


@cache
def state_icon(state: str, size: int = 12) -> QIcon:
    """A dot in the workflow state's colour (the library's state cue; its tooltip names it)."""
    pm, p = _canvas(size)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(STATE_COLOURS.get(state, STATE_COLOURS["new"])))
    p.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    p.end()
    return QIcon(pm)
