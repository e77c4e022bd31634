"""The word diff between two versions, for reading: removed struck, added underlined, figures boxed.

Each change (a hunk: nearby changes with a few words of context) is a paragraph
of its own under a small heading that names the paragraph and any figure that
changed ("figure changed: 12,000 → 11,000"). Colour is never the only cue:
removed words are struck through, added ones underlined, and a changed figure is
bold inside a drawn box, so the diff reads the same in dark mode, in greyscale
and for colour-blind readers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QLabel, QTextEdit, QWidget

from fact_gui.domain.diff import Piece, figures_changed, pieces
from fact_gui.services.versions import Comparison
from fact_gui.ui import look

# Words of unchanged context either side of a change.
CONTEXT = 8
# Changes drawn at most (a rewritten article would be a wall of colour; the CLI prints all).
MAX_CHANGES = 400
_BREAK = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Change:
    """One hunk as the view draws it (made on the worker thread)."""

    paragraph: int
    pieces: tuple[Piece, ...]
    figures: tuple[str, ...]  # "12,000 → 11,000", one per changed step with figures
    at: tuple[int, int]  # its changed words in the newer text (where clicking takes the user)


def changes_of(
    c: Comparison, context: int = CONTEXT, limit: int = MAX_CHANGES
) -> tuple[list[Change], int]:
    """The comparison's first ``limit`` hunks as the view draws them, and how many there are."""
    found = c.hunks(context)
    out = []
    for h in found[:limit]:
        changed = [op for op in h.ops if op.changed]
        figures = tuple(
            figures_changed(op, c.old_text, c.new_text) for op in changed if op.figure_changed
        )
        at = (changed[0].new_start, changed[-1].new_end)
        out.append(Change(h.paragraph, tuple(pieces(h, c.old_text, c.new_text)), figures, at))
    return out, len(found)


@dataclass(frozen=True)
class Ink:
    """The diff's colours for one theme."""

    removed: QColor
    removed_wash: QColor
    added: QColor
    added_wash: QColor
    figure_wash: QColor
    figure_edge: QColor
    quiet: QColor
    current: QColor


def ink(dark: bool) -> Ink:
    """Red-ish and green-ish that keep their contrast on either theme, amber for figures."""
    if dark:
        return Ink(QColor("#ffa198"), QColor(248, 81, 73, 70), QColor("#7ee787"),
                   QColor(46, 160, 67, 75), QColor(212, 150, 20, 120), QColor("#f2c14e"),
                   QColor("#9aa0a6"), QColor("#6ea8fe"))  # fmt: skip
    return Ink(QColor("#a40e26"), QColor(255, 129, 130, 75), QColor("#116329"),
               QColor(74, 194, 107, 70), QColor(240, 180, 41, 105), QColor("#9a6700"),
               QColor("#6b7178"), QColor("#2f6fce"))  # fmt: skip


class DiffView(QTextEdit):
    """Read-only, selectable (mouse and keyboard) text of the changes.

    Click a change, or put the caret in it and press Enter, to open the newer
    version there (``activated``); N and P go to the next and previous change.
    """

    activated = Signal(int)  # the index of the change

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffView")
        self.setAccessibleName("Changes between two versions")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = look.reading_font()
        font.setPointSizeF(11.5)
        self.setFont(font)
        self.document().setDocumentMargin(16)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.changes: list[Change] = []
        self.more = 0  # changes left out (over MAX_CHANGES)
        self.note = ""  # what the view says instead of changes
        self.current = -1
        self._starts: list[int] = []  # document position where each change begins
        self._ends: list[int] = []
        self.figure_ranges: list[tuple[int, int]] = []  # document ranges drawn boxed

    # -- what it shows ---------------------------------------------------------------------
    def show_changes(self, changes: list[Change], more: int = 0, note: str = "") -> None:
        """Draw ``changes`` (or ``note`` when there are none); ``more`` were left out."""
        self.changes, self.more, self.note = changes, more, note
        self.current = -1
        self._render()

    def ink(self) -> Ink:
        return ink(self.palette().color(QPalette.ColorRole.Base).lightness() < 128)

    def _render(self) -> None:
        doc = self.document()
        doc.clear()
        self._starts, self._ends, self.figure_ranges = [], [], []
        colours = self.ink()
        quiet = QTextCharFormat()
        quiet.setForeground(colours.quiet)
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        if not self.changes:
            cursor.insertText(self.note, quiet)
        for i, change in enumerate(self.changes):
            self._heading(cursor, change, i == 0, colours, quiet)
            body = QTextBlockFormat()
            body.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            body.setLeftMargin(4)
            cursor.insertBlock(body, QTextCharFormat())
            self._starts.append(cursor.position())
            previous = ""
            for piece in change.pieces:
                if previous == "removed" and piece.kind == "added":
                    cursor.insertText("\u2009", quiet)  # a hair of space between old and new
                self._piece(cursor, piece, colours, quiet)
                previous = piece.kind
            self._ends.append(cursor.position())
        if self.more:
            more = QTextBlockFormat()
            more.setTopMargin(14)
            cursor.insertBlock(more, QTextCharFormat())
            cursor.insertText(
                f"… and {self.more:,} more changes, not drawn here "
                "(the command line prints them all: fact-gui diff ID V1 V2).",
                quiet,
            )
        cursor.endEditBlock()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _heading(
        self, cursor: QTextCursor, change: Change, first: bool, colours: Ink, quiet: QTextCharFormat
    ) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(0 if first else 16)
        block.setBottomMargin(3)
        if first:
            cursor.setBlockFormat(block)
        else:
            cursor.insertBlock(block, QTextCharFormat())
        label = QTextCharFormat(quiet)
        label.setFontPointSize(self.font().pointSizeF() * 0.85)
        label.setFontWeight(QFont.Weight.DemiBold)
        label.setFontFamilies([self.font().family(), "sans-serif"])
        cursor.insertText(f"Paragraph {change.paragraph}", label)
        badge = QTextCharFormat(label)
        badge.setForeground(self.palette().color(QPalette.ColorRole.Text))
        badge.setBackground(colours.figure_wash)
        badge.setFontWeight(QFont.Weight.Bold)
        for figure in change.figures:
            cursor.insertText("   ", label)
            start = cursor.position()
            cursor.insertText(f"\u2009figure changed: {figure}\u2009", badge)
            self.figure_ranges.append((start, cursor.position()))

    def _piece(
        self, cursor: QTextCursor, piece: Piece, colours: Ink, quiet: QTextCharFormat
    ) -> None:
        if piece.kind == "space":
            cursor.insertText(" ¶ " if "\n" in piece.text else " ", quiet)
            return
        if piece.kind == "cut":
            cursor.insertText(piece.text, quiet)
            return
        fmt = QTextCharFormat()
        if piece.kind == "removed":
            fmt.setForeground(colours.removed)
            fmt.setBackground(colours.removed_wash)
            fmt.setFontStrikeOut(True)
        elif piece.kind == "added":
            fmt.setForeground(colours.added)
            fmt.setBackground(colours.added_wash)
            fmt.setFontUnderline(True)
            fmt.setUnderlineColor(colours.added)
        figure = QTextCharFormat(fmt)
        figure.setBackground(colours.figure_wash)
        figure.setFontWeight(QFont.Weight.Bold)
        at = 0
        for s, e in piece.figures:
            s, e = s - piece.start, e - piece.start
            _insert_flat(cursor, piece.text[at:s], fmt, quiet)
            start = cursor.position()
            cursor.insertText(piece.text[s:e], figure)  # a figure is one token: no spacing in it
            self.figure_ranges.append((start, cursor.position()))
            at = e
        _insert_flat(cursor, piece.text[at:], fmt, quiet)

    # -- changes by position ----------------------------------------------------------------
    def change_range(self, i: int) -> tuple[int, int]:
        """Where change ``i``'s text (not its heading) is in the document."""
        return self._starts[i], self._ends[i]

    def change_at(self, position: int) -> int:
        """The change whose text (or heading) holds document ``position``; -1 if none."""
        i = bisect_right(self._starts, position) - 1
        if i + 1 < len(self._starts):
            # The heading above a change belongs to it.
            head = self.document().findBlock(self._starts[i + 1]).previous().position()
            if position >= head:
                i += 1
        return i if 0 <= i < len(self.changes) else -1

    def go_to(self, i: int) -> None:
        """Make change ``i`` current: the caret at its start, scrolled into view."""
        if not 0 <= i < len(self.changes):
            return
        self.current = i
        c = self.textCursor()
        c.setPosition(self._starts[i])
        self.setTextCursor(c)
        self.ensureCursorVisible()
        self.viewport().update()

    def step(self, delta: int) -> None:
        if self.changes:
            here = self.current if self.current >= 0 else (-1 if delta > 0 else len(self.changes))
            self.go_to(max(0, min(len(self.changes) - 1, here + delta)))

    # -- the user -------------------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        # N, P and Enter belong to the diff while it has the keys (review mode uses N and P).
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and e.key() in _KEYS
            and not e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier and e.key() in _KEYS:
            if e.key() == Qt.Key.Key_N:
                self.step(1)
            elif e.key() == Qt.Key.Key_P:
                self.step(-1)
            else:
                self._activate(self.change_at(self.textCursor().position()))
            return
        super().keyPressEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        super().mouseReleaseEvent(e)
        if e.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self._activate(
                self.change_at(self.cursorForPosition(e.position().toPoint()).position())
            )

    def _activate(self, i: int) -> None:
        if i >= 0:
            self.current = i
            self.viewport().update()
            self.activated.emit(i)

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if e.type() == QEvent.Type.PaletteChange and (self.changes or self.note):
            self._render()  # the washes follow the theme

    # -- drawing the boxes --------------------------------------------------------------------
    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        colours = self.ink()
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        visible = QRectF(e.rect())
        if 0 <= self.current < len(self.changes):
            bar = self._span_rect(self._starts[self.current], self._ends[self.current], True)
            if bar is not None and bar.intersects(visible):
                p.fillRect(QRectF(4, bar.top(), 3, bar.height()), colours.current)
        p.setPen(QPen(colours.figure_edge, 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for start, end in self.figure_ranges:
            for r in self.fragment_rects(start, end):
                if r.intersects(visible):
                    p.drawRoundedRect(r.adjusted(-2, 0, 2, 0), 3, 3)
        p.end()

    def _offset(self) -> QPointF:
        return QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())

    def _span_rect(self, start: int, end: int, with_heading: bool) -> QRectF | None:
        """The rectangle a change's blocks cover (its heading too), in viewport coordinates."""
        doc, layout = self.document(), self.document().documentLayout()
        first, last = doc.findBlock(start), doc.findBlock(max(start, end - 1))
        if with_heading and first.previous().isValid():
            first = first.previous()
        if not first.isValid() or not last.isValid():
            return None
        top = layout.blockBoundingRect(first)
        bottom = layout.blockBoundingRect(last)
        return QRectF(top.left(), top.top(), top.width(), bottom.bottom() - top.top()).translated(
            self._offset()
        )

    def fragment_rects(self, start: int, end: int) -> list[QRectF]:
        """Where document range ``[start, end)`` is drawn: one rectangle per line it is on."""
        doc = self.document()
        block = doc.findBlock(start)
        if not block.isValid():
            return []
        origin = self.document().documentLayout().blockBoundingRect(block).topLeft()
        origin += self._offset()
        layout = block.layout()
        rel_start, rel_end = start - block.position(), end - block.position()
        out = []
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            lo = max(rel_start, line.textStart())
            hi = min(rel_end, line.textStart() + line.textLength())
            if lo >= hi:
                continue
            x1, x2 = _x(line, lo), _x(line, hi)
            # The line's height includes the extra leading; the box hugs the glyphs.
            rect = line.naturalTextRect()
            height = line.ascent() + line.descent()
            out.append(QRectF(x1, rect.top(), x2 - x1, height).translated(origin))
        return out

    def format_at(self, position: int) -> QTextCharFormat:
        """The character format of the character after document ``position`` (tests inspect it)."""
        c = QTextCursor(self.document())
        c.setPosition(position + 1)
        return c.charFormat()


def _x(line: QTextLine, position: int) -> float:
    # PySide returns (x, position) for the pointer overload it binds.
    found: tuple[float, int] = line.cursorToX(position)  # type: ignore[assignment]
    return float(found[0])


_KEYS = (Qt.Key.Key_N, Qt.Key.Key_P, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _insert_flat(
    cursor: QTextCursor, text: str, fmt: QTextCharFormat, quiet: QTextCharFormat
) -> None:
    """Text on one line: a line break shows as a quiet ¶, runs of spacing as one space."""
    for i, part in enumerate(_BREAK.split(text)):
        if i:
            cursor.insertText(" ¶ ", quiet)
        if part:
            cursor.insertText(_SPACES.sub(" ", part), fmt)


def _css(c: QColor) -> str:
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {c.alphaF():.2f})"


class Legend(QLabel):
    """What the cues mean, drawn with the cues themselves."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffLegend")
        self.setTextFormat(Qt.TextFormat.RichText)
        self._render()

    def _render(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        k = ink(dark)
        quiet = k.quiet.name()
        self.setText(
            f'<span style="color: {k.removed.name()}; background: {_css(k.removed_wash)};'
            ' text-decoration: line-through;">&nbsp;removed&nbsp;</span>&nbsp; '
            f'<span style="color: {k.added.name()}; background: {_css(k.added_wash)};'
            ' text-decoration: underline;">&nbsp;added&nbsp;</span>&nbsp; '
            f'<span style="background: {_css(k.figure_wash)}; font-weight: bold;">'
            f'&nbsp;12,000&nbsp;</span> <span style="color: {quiet};">changed figure (boxed)</span>'
        )

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if e.type() == QEvent.Type.PaletteChange:
            self._render()
