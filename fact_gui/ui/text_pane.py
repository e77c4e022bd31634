"""The article pane: read-only, keyboard-selectable text with claims painted as formats."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QMargins, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from fact_gui.domain.claims import ClaimIndex, ClaimRow, Segment, segments
from fact_gui.domain.text import OffsetMap
from fact_gui.ui import look

# A readable line is 60-80 characters: the text column stops widening there.
_MAX_COLUMN_EM = 42
_SIDE_MARGIN = 24
# A long article is painted where the reader looks first and the rest in idle time,
# in pieces of this many characters and this many seconds at a time; a short one at once.
_AT_ONCE_CHARS = 64_000
_PIECE_CHARS = 16_000
_IDLE_SLICE_S = 0.004
# Text around the viewport painted with it, so that a small scroll finds it ready.
_AROUND_CHARS = 2_000


class ArticleView(QPlainTextEdit):
    """Shows one article; claims are character formats (cheap for thousands).

    Offsets in and out are code points of the stored text; the conversion to
    Qt's UTF-16 positions happens only here.
    """

    # The claim under the caret (innermost), or -1.
    caretClaimChanged = Signal(int)

    def __init__(self, claims: ClaimIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        # Read-only but navigable: caret, Shift+arrows and Ctrl+Shift+arrows select.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFont(look.reading_font())
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._theme = QGuiApplication.palette().cacheKey()
        self.setPalette(look.text_selection_palette(QGuiApplication.palette()))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        doc = self.document()
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(12)
        self._text = ""
        self._map = OffsetMap("")
        # The same index the claims table shows; the window keeps it current.
        self._claims = claims
        self._formatted = False  # some text carries a claim's format
        self._caret_claim = -1
        self.cursorPositionChanged.connect(self._caret_moved)
        # Starts (code points) of the pieces of a long article not painted yet.
        self._unpainted: list[int] = []
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._paint_some)
        # Whatever scrolls into view is painted before it is shown.
        self.verticalScrollBar().valueChanged.connect(self._paint_visible)

    # -- content -----------------------------------------------------------
    def show_article(self, text: str) -> None:
        """Show ``text`` with the index's claims painted."""
        self._text = text
        self._map = OffsetMap(text)
        self._caret_claim = -1
        # setPlainText inserts with the caret's current format: a caret left inside
        # a claim would paint the whole new text in that claim's colour.
        self.setCurrentCharFormat(QTextCharFormat())
        self._unpainted = []
        self.setPlainText(text)
        self._formatted = False
        self._paint_all()

    @property
    def text(self) -> str:
        return self._text

    def claims(self) -> list[ClaimRow]:
        return list(self._claims.rows())

    def repaint_ranges(self, ranges: list[tuple[int, int]]) -> None:
        """Re-derive the formats of the text touched by a change (claims already updated)."""
        if not ranges:
            return
        lo, hi = min(r[0] for r in ranges), max(r[1] for r in ranges)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        if lo <= 0 and hi >= len(self._text) and not self._formatted:
            # All of a text shown before its claims came: paint it as if just shown.
            cursor.endEditBlock()
            self._paint_all()
        else:
            self._set_format(cursor, lo, hi, QTextCharFormat())
            self._paint_range(lo, hi, cursor)
            cursor.endEditBlock()
        self._caret_moved()

    def painting(self) -> bool:
        """Parts of a long article still wait for their claims to be painted (idle time)."""
        return bool(self._unpainted)

    def _paint_all(self) -> None:
        if not len(self._claims):
            return
        n = len(self._text)
        if n <= _AT_ONCE_CHARS:
            self._paint(segments(self._claims.rows(), presorted=True))
            return
        self._unpainted = list(range(0, n, _PIECE_CHARS))
        self._paint_visible()
        self._idle.start()

    def _paint_range(self, lo: int, hi: int, cursor: QTextCursor | None = None) -> None:
        self._paint(segments(self._claims.overlapping(lo, hi), lo, hi, presorted=True), cursor)

    def _paint_piece(self, start: int) -> None:
        self._unpainted.remove(start)
        self._paint_range(start, min(start + _PIECE_CHARS, len(self._text)))

    def _paint_visible(self) -> None:
        """Paint the pieces in (and around) the viewport that are not painted yet."""
        if not self._unpainted:
            return
        vp = self.viewport()
        top = self._map.from_qt(self.cursorForPosition(QPoint(0, 0)).position())
        bottom = self._map.from_qt(
            self.cursorForPosition(QPoint(vp.width() - 1, vp.height() - 1)).position()
        )
        lo, hi = top - _AROUND_CHARS, bottom + _AROUND_CHARS
        for start in [p for p in self._unpainted if p < hi and p + _PIECE_CHARS > lo]:
            self._paint_piece(start)

    def _paint_some(self) -> None:
        """Idle time: paint pieces for a few milliseconds, then let events through."""
        until = time.perf_counter() + _IDLE_SLICE_S
        while self._unpainted and time.perf_counter() < until:
            self._paint_piece(self._unpainted[0])
        if self._unpainted:
            self._idle.start()

    def _paint(self, segs: list[Segment], cursor: QTextCursor | None = None) -> None:
        # The hot loop of opening an article: locals only, formats cached by tag strings.
        if segs:
            self._formatted = True
        own = cursor is None
        if cursor is None:
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()
        set_position = cursor.setPosition
        set_format = cursor.setCharFormat
        keep = QTextCursor.MoveMode.KeepAnchor
        fmt_for = look.tag_format
        formats: dict[tuple[str, str, int], QTextCharFormat] = {}
        # Segments come in text order, so code points convert to Qt positions with a
        # pointer walking the (rare) astral characters instead of a search per offset.
        astral = self._map.astral_positions
        n_astral = len(astral)
        k = 0
        for start, end, inner, outer, depth in segs:
            key = (inner[3], outer[3], depth if depth < 4 else 4)  # [3] is the tag
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = fmt_for(*key)
            if n_astral:
                while k < n_astral and astral[k] < start:
                    k += 1
                j = k
                while j < n_astral and astral[j] < end:
                    j += 1
                start, end = start + k, end + j
            set_position(start)
            set_position(end, keep)
            set_format(fmt)
        if own:
            cursor.endEditBlock()

    def _set_format(self, cursor: QTextCursor, start: int, end: int, fmt: QTextCharFormat) -> None:
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)

    def format_at(self, offset: int) -> QTextCharFormat:
        """The character format painted on the character at a code-point offset."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(offset) + 1)
        return cursor.charFormat()

    # -- selection ---------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        """The selection as code-point offsets, or None."""
        c = self.textCursor()
        if not c.hasSelection():
            return None
        return self._map.from_qt(c.selectionStart()), self._map.from_qt(c.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select [start, end); scroll only if it is out of sight (then centre it)."""
        c = self.textCursor()
        c.setPosition(self._map.to_qt(start))
        c.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)
        if not self.viewport().rect().contains(self.cursorRect()):
            self.centerCursor()

    def claim_under_caret(self) -> ClaimRow | None:
        c = self.textCursor()
        pos = c.selectionStart() if c.hasSelection() else c.position()
        return self._claims.at(self._map.from_qt(pos))

    def _caret_moved(self) -> None:
        claim = self.claim_under_caret()
        cid = claim.id if claim else -1
        if cid != self._caret_claim:
            self._caret_claim = cid
            self.caretClaimChanged.emit(cid)

    # -- theme ---------------------------------------------------------------
    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        theme = QGuiApplication.palette().cacheKey()
        if e.type() == QEvent.Type.PaletteChange and theme != self._theme:
            # A new theme: the selection colour and the claims' formats follow it.
            self._theme = theme
            self.setPalette(look.text_selection_palette(QGuiApplication.palette()))
            scroll = self.verticalScrollBar().value()
            self.show_article(self._text)
            self.verticalScrollBar().setValue(scroll)

    # -- layout --------------------------------------------------------------
    def resizeEvent(self, e: QResizeEvent) -> None:
        # Centre a column of comfortable measure; wide windows get margins, not long lines.
        # From the pane's own width: the viewport's resizes arrive here too (with its
        # size, which the margins change: measuring that would oscillate for ever).
        column = self.fontMetrics().horizontalAdvance("M") * _MAX_COLUMN_EM
        side = max(_SIDE_MARGIN, (self.width() - column) // 2)
        if self.viewportMargins() != QMargins(side, 0, side, 0):
            self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(e)
        self._paint_visible()
