"""The article pane: read-only, keyboard-selectable text with claims painted as formats."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from fact_gui.domain.claims import ClaimRow, claim_at, overlapping, segments
from fact_gui.domain.tags import Tag
from fact_gui.domain.text import OffsetMap
from fact_gui.ui import look

# A readable line is 60-80 characters: the text column stops widening there.
_MAX_COLUMN_EM = 42
_SIDE_MARGIN = 24


class ArticleView(QPlainTextEdit):
    """Shows one article; claims are character formats (cheap for thousands).

    Offsets in and out are code points of the stored text; the conversion to
    Qt's UTF-16 positions happens only here.
    """

    # The claim under the caret (innermost), or -1.
    caretClaimChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
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
        self.setPalette(look.text_selection_palette(self.palette()))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        doc = self.document()
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(12)
        self._text = ""
        self._map = OffsetMap("")
        self._claims: dict[int, ClaimRow] = {}
        self._caret_claim = -1
        self.cursorPositionChanged.connect(self._caret_moved)

    # -- content -----------------------------------------------------------
    def show_article(self, text: str, claims: Iterable[ClaimRow]) -> None:
        self._text = text
        self._map = OffsetMap(text)
        self._claims = {c.id: c for c in claims}
        self._caret_claim = -1
        # setPlainText inserts with the caret's current format: a caret left inside
        # a claim would paint the whole new text in that claim's colour.
        self.setCurrentCharFormat(QTextCharFormat())
        self.setPlainText(text)
        self._paint(segments(self._claims.values()))

    def clear_article(self) -> None:
        self.show_article("", ())

    @property
    def text(self) -> str:
        return self._text

    def claims(self) -> list[ClaimRow]:
        return list(self._claims.values())

    def apply(self, upserted: Iterable[ClaimRow], removed: Iterable[ClaimRow]) -> None:
        """Repaint only the ranges touched by a change set."""
        ranges: list[tuple[int, int]] = []
        for c in removed:
            old = self._claims.pop(c.id, None)
            ranges.append(((old or c).start, (old or c).end))
        for c in upserted:
            old = self._claims.get(c.id)
            if old is not None:
                ranges.append((old.start, old.end))
            self._claims[c.id] = c
            ranges.append((c.start, c.end))
        if not ranges:
            return
        lo, hi = min(r[0] for r in ranges), max(r[1] for r in ranges)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        self._set_format(cursor, lo, hi, QTextCharFormat())
        for seg in segments(overlapping(self._claims.values(), lo, hi), lo, hi):
            self._set_format(
                cursor, seg.start, seg.end, self._format(seg.inner, seg.outer, seg.depth)
            )
        cursor.endEditBlock()
        self._caret_moved()

    def _paint(self, segs: Iterable[tuple[int, int, ClaimRow, ClaimRow, int]]) -> None:
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for start, end, inner, outer, depth in segs:
            self._set_format(cursor, start, end, self._format(inner, outer, depth))
        cursor.endEditBlock()

    def _set_format(self, cursor: QTextCursor, start: int, end: int, fmt: QTextCharFormat) -> None:
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)

    @staticmethod
    def _format(inner: ClaimRow, outer: ClaimRow, depth: int) -> QTextCharFormat:
        return look.char_format(Tag(inner.tag), Tag(outer.tag), min(depth, 4))

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
        """Select [start, end) and bring it into view."""
        c = self.textCursor()
        c.setPosition(self._map.to_qt(start))
        c.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)
        self.centerCursor()

    def caret_offset(self) -> int:
        return self._map.from_qt(self.textCursor().position())

    def claim_under_caret(self) -> ClaimRow | None:
        c = self.textCursor()
        pos = c.selectionStart() if c.hasSelection() else c.position()
        return claim_at(list(self._claims.values()), self._map.from_qt(pos))

    def _caret_moved(self) -> None:
        claim = self.claim_under_caret()
        cid = claim.id if claim else -1
        if cid != self._caret_claim:
            self._caret_claim = cid
            self.caretClaimChanged.emit(cid)

    # -- layout --------------------------------------------------------------
    def resizeEvent(self, e: QResizeEvent) -> None:
        # Centre a column of comfortable measure; wide windows get margins, not long lines.
        column = self.fontMetrics().horizontalAdvance("M") * _MAX_COLUMN_EM
        side = max(_SIDE_MARGIN, (e.size().width() - column) // 2)
        self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(e)
