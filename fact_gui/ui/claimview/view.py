"""The article text with every claim drawn as itself, painted only for the blocks on screen."""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from PySide6.QtCore import QEvent, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from fact_gui.domain.claims import ClaimIndex, ClaimRow, segments
from fact_gui.ui import look
from fact_gui.ui.claimview.colours import Scheme, scheme
from fact_gui.ui.claimview.geometry import BlockGeometry, Line, block_geometry, span_runs
from fact_gui.ui.claimview.gutter import Gutter
from fact_gui.ui.claimview.lanes import MAX_LANES
from fact_gui.ui.claimview.metrics import Metrics
from fact_gui.ui.claimview.offsets import LazyOffsetMap
from fact_gui.ui.claimview.spacing import SpacedLayout
from fact_gui.ui.claimview.strokes import SHAPE, Strokes

# A readable line is 60-80 characters: the text column stops widening there.
_MAX_COLUMN_EM = 42
_SIDE_MARGIN = 24
_ZOOM_RANGE = (8.0, 36.0)
_UNDERLINE = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
}
# Geometry is kept for this many blocks (a few screens' worth) before starting afresh.
_GEOMETRY_CACHE = 2048


class Visible(NamedTuple):
    """A block on screen: where its top is in the viewport, and its claims' geometry."""

    block: QTextBlock
    top: float
    height: float
    geometry: BlockGeometry


class ClaimView(QPlainTextEdit):
    """Shows one article; each claim is painted from the layout's geometry, never stored as format.

    Every claim gets a tint over its extent, an underline in its own lane below the
    line (solid, wavy or dashed by tag, in the tag's colour) and a tick at each end,
    so its tag, both ends and its overlaps read at a glance. Lanes stack innermost
    first; what does not fit shows as "+N" in the gutter, which also draws one bar
    per claim beside the text. The selection is a neutral tint under the claims'
    tints and a neutral outline, never a fill over them; the current claim is outlined
    in its tag's colour; find matches are yellow under the text (their lanes stay).

    Offsets in and out are code points of the stored text; the conversion to Qt's
    UTF-16 positions happens only here.
    """

    # The claim under the caret (innermost), or -1.
    caretClaimChanged = Signal(int)
    # The claim under the mouse (text or gutter), or -1 when it leaves all claims.
    claimHovered = Signal(int)
    # The text size in points, after a zoom.
    fontSizeChanged = Signal(float)

    def __init__(self, claims: ClaimIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._palette_busy = False  # first: Qt sends change events from here on
        self.setObjectName("articleView")
        doc = QTextDocument(self)
        self._spacing = SpacedLayout(doc)
        doc.setDocumentLayout(self._spacing)
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(12)
        self.setDocument(doc)
        self.setReadOnly(True)
        # Read-only but navigable: caret, Shift+arrows and Ctrl+Shift+arrows select.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._text = ""
        self._map = LazyOffsetMap("")
        # The same index the claims table shows; the window keeps it current.
        self._claims = claims
        self._caret_claim = -1
        self._current: int | None = None
        self._hovered: int | None = None
        self._find: list[tuple[int, int]] = []  # Qt positions, sorted
        self._find_starts: list[int] = []
        self._find_longest = 0
        self._find_current: tuple[int, int] | None = None
        self._dark: bool | None = None  # None: follow the palette
        self._geometry: dict[int, BlockGeometry] = {}
        # The blocks on screen, shared by the paint, the gutter and hover until it moves.
        self._generation = 0  # bumped whenever geometry may have changed
        self._frame_key: tuple[int, float, int, int] | None = None
        self._frame: list[Visible] = []
        self._default_size = look.reading_font().pointSizeF()
        self._metrics = Metrics.for_font(look.reading_font())
        self._strokes = Strokes(self._metrics, self.devicePixelRatioF())
        self._scheme: Scheme = scheme(False)
        self.gutter = Gutter(self)
        # Finishes the offset map in idle time, a chunk per tick, so that jumping to the
        # end of a 10 MB article later does not pay for scanning it in one frame.
        self._scanner = QTimer(self)
        self._scanner.setInterval(0)
        self._scanner.timeout.connect(self._scan_ahead)
        # The margins beside the column (and the gutter) are part of the page, not the frame.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setFont(look.reading_font())
        self._palette_changed()
        self.viewport().setMouseTracking(True)
        self.cursorPositionChanged.connect(self._caret_moved)
        # The selection's outline reaches past the rectangles Qt repaints for it.
        self.selectionChanged.connect(self.viewport().update)
        self.updateRequest.connect(self.gutter.follow)

    # -- content -----------------------------------------------------------
    def show_article(self, text: str) -> None:
        """Show ``text`` with the index's claims (painted as they come on screen)."""
        self._text = text
        self._map = LazyOffsetMap(text)
        self._caret_claim = -1
        self._current = self._hovered = None
        self._find, self._find_starts, self._find_current = [], [], None
        self._forget_geometry()
        self.setCurrentCharFormat(QTextCharFormat())
        self.setPlainText(text)
        if not self._map.complete:
            self._scanner.start()

    def _scan_ahead(self) -> None:
        if not self._map.scan_ahead():
            self._scanner.stop()

    @property
    def text(self) -> str:
        return self._text

    def claims(self) -> list[ClaimRow]:
        return list(self._claims.rows())

    def claim(self, claim_id: int) -> ClaimRow | None:
        return self._claims.get(claim_id)

    def format_at(self, offset: int) -> QTextCharFormat:
        """What is painted on the character at a code-point offset, as today's pane said it.

        Background: the tint there (the innermost claim's tag, denser per claim stacked);
        underline: the outermost claim's shape and colour. Nothing is stored as a format:
        this answers from the same flattening the painter uses, for callers written
        against the old pane.
        """
        fmt = QTextCharFormat()
        for _s, _e, inner, outer, depth in segments(
            self._claims.overlapping(offset, offset + 1), offset, offset + 1, presorted=True
        ):
            fmt.setBackground(self._scheme.wash_for(inner.tag, depth))
            fmt.setUnderlineStyle(_UNDERLINE[SHAPE[outer.tag]])
            fmt.setUnderlineColor(self._scheme.ink[outer.tag])
        return fmt

    @property
    def metrics(self) -> Metrics:
        """The sizes of the cues at the current text size."""
        return self._metrics

    @property
    def scheme(self) -> Scheme:
        """The colours in use (light or dark)."""
        return self._scheme

    def repaint_ranges(self, ranges: list[tuple[int, int]]) -> None:
        """Redraw the text touched by a change (the shared index is already updated)."""
        if not ranges:
            return
        doc = self.document()
        for lo, hi in ranges:
            block = doc.findBlock(self._map.to_qt(lo))
            last = self._map.to_qt(hi)
            while block.isValid() and block.position() <= last:
                # Lanes belong to a whole block: every claim there may have moved.
                self._geometry.pop(block.blockNumber(), None)
                block = block.next()
        self._generation += 1
        self.viewport().update()
        self.gutter.update()
        self._caret_moved()

    # -- what is emphasised ------------------------------------------------
    def set_current_claim(self, claim_id: int | None) -> None:
        """Outline this claim in its tag's colour (None: no current claim)."""
        if claim_id != self._current:
            self._current = claim_id
            self.viewport().update()
            self.gutter.update()

    def current_claim(self) -> int | None:
        return self._current

    def set_hovered_claim(self, claim_id: int | None) -> None:
        """Highlight a claim hovered elsewhere (the list); does not emit ``claimHovered``."""
        if claim_id != self._hovered:
            self._hovered = claim_id
            self.viewport().update()
            self.gutter.update()

    def hovered_claim(self) -> int | None:
        return self._hovered

    def set_find_matches(
        self, spans: list[tuple[int, int]], current: tuple[int, int] | None = None
    ) -> None:
        """Tint every match (code-point spans); ``current`` gets a stronger tint and an outline."""
        to_qt = self._map.to_qt
        qt = sorted((to_qt(s), to_qt(e)) for s, e in spans if e > s)
        self._find = qt
        self._find_starts = [s for s, _ in qt]
        self._find_longest = max((e - s for s, e in qt), default=0)
        self._find_current = (to_qt(current[0]), to_qt(current[1])) if current else None
        self.viewport().update()

    def set_dark(self, dark: bool | None) -> None:
        """Force the dark (True) or light (False) colours; None follows the palette."""
        self._dark = dark
        self._palette_changed()

    def is_dark(self) -> bool:
        if self._dark is not None:
            return self._dark
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    # -- zoom ------------------------------------------------------------------
    def set_font_point_size(self, points: float) -> None:
        lo, hi = _ZOOM_RANGE
        points = min(hi, max(lo, points))
        if points != self.font().pointSizeF():
            font = self.font()
            font.setPointSizeF(points)
            self.setFont(font)

    def font_point_size(self) -> float:
        return self.font().pointSizeF()

    def zoom_in(self) -> None:
        self.set_font_point_size(self.font_point_size() + 1)

    def zoom_out(self) -> None:
        self.set_font_point_size(self.font_point_size() - 1)

    def zoom_reset(self) -> None:
        self.set_font_point_size(self._default_size)

    # -- selection ---------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        """The selection as code-point offsets, or None."""
        c = self.textCursor()
        if not c.hasSelection():
            return None
        return self._map.from_qt(c.selectionStart()), self._map.from_qt(c.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select [start, end); scroll only if it is not wholly in sight (then centre it)."""
        c = self.textCursor()
        c.setPosition(self._map.to_qt(start))
        c.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)
        # Both ends, a line clear of either edge (its lanes and some context in view):
        # a claim squeezed against the bottom edge is not "in sight".
        first = QTextCursor(c)
        first.setPosition(c.selectionStart())
        line = round(self.fontMetrics().height() + self._metrics.line_gap)
        room = self.viewport().rect().adjusted(0, line, 0, -line)
        if not (room.contains(self.cursorRect(first)) and room.contains(self.cursorRect())):
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

    # -- geometry ----------------------------------------------------------------
    def visible_blocks(self, top: float, bottom: float) -> list[Visible]:
        """The laid-out blocks meeting the viewport band [top, bottom], with their geometry."""
        out: list[Visible] = []
        block = self.firstVisibleBlock()
        if not block.isValid():
            return out
        y = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        cache = self._geometry
        if len(cache) > _GEOMETRY_CACHE:
            cache.clear()
        while block.isValid() and y <= bottom:
            h = self.blockBoundingRect(block).height()  # lays it out (and spaces its lines)
            if block.isVisible() and y + h >= top:
                layout = block.layout()
                n = layout.lineCount()
                width = layout.lineAt(0).width() if n else 0.0
                geom = cache.get(block.blockNumber())
                if geom is None or geom.line_count != n or geom.width != width:
                    geom = block_geometry(block, self._claims, self._map, width)
                    cache[block.blockNumber()] = geom
                out.append(Visible(block, y, h, geom))
            y += h
            block = block.next()
        return out

    def frame(self) -> list[Visible]:
        """The blocks on the whole viewport now (computed once per scroll position)."""
        block = self.firstVisibleBlock()
        key = (block.blockNumber(), self.contentOffset().y(), self.viewport().height(),
               self._generation)  # fmt: skip
        if key != self._frame_key:
            self._frame = self.visible_blocks(0, self.viewport().height())
            self._frame_key = key
        return self._frame

    def _forget_geometry(self) -> None:
        self._geometry.clear()
        self._generation += 1

    def claim_at_point(self, x: float, y: float) -> int | None:
        """The claim drawn at viewport point (x, y): its lane first, else the innermost tint."""
        m = self._metrics
        x -= self.contentOffset().x()
        best: tuple[int, int] | None = None  # (length, claim)
        for v in self.frame():
            if not v.top <= y <= v.top + v.height:
                continue
            lines = v.geometry.lines
            for f in v.geometry.frags:
                ln = lines[f.line]
                line_top = v.top + ln.y
                if f.lane < MAX_LANES and f.x0 - 2 <= x <= f.x1 + 2:
                    lane_y = m.lane_y(line_top + ln.ascent, f.lane)
                    if abs(y - lane_y) <= m.lane_pitch / 2:
                        return f.claim
                inside = f.x0 <= x <= f.x1 and line_top <= y <= line_top + ln.height
                if inside and (best is None or f.length < best[0]):
                    best = (f.length, f.claim)
        return best[1] if best else None

    def hover_from_mouse(self, claim_id: int | None) -> None:
        """The mouse is over this claim now (text or gutter): highlight it and say so."""
        if claim_id != self._hovered:
            self.set_hovered_claim(claim_id)
            self.claimHovered.emit(-1 if claim_id is None else claim_id)

    # -- painting ----------------------------------------------------------------
    def paintEvent(self, e: QPaintEvent) -> None:
        r = e.rect()
        pad = self._metrics.outline * 2
        top, bottom = r.top() - pad, r.bottom() + pad
        visible = [v for v in self.frame() if v.top + v.height >= top and v.top <= bottom]
        ox = self.contentOffset().x()
        if self._strokes.ratio != self.devicePixelRatioF():
            # Moved to a screen of another density: the pattern tiles are redrawn for it.
            self._strokes = Strokes(self._metrics, self.devicePixelRatioF())
        p = QPainter(self.viewport())
        self._paint_under(p, visible, ox)
        p.end()
        super().paintEvent(e)  # the text (and caret) over the tints
        p = QPainter(self.viewport())
        self._paint_over(p, visible, ox)
        p.end()

    def _selection(self) -> tuple[int, int] | None:
        c = self.textCursor()
        return (c.selectionStart(), c.selectionEnd()) if c.hasSelection() else None

    def _find_in(self, block: QTextBlock) -> list[tuple[int, int]]:
        if not self._find:
            return []
        lo, hi = block.position(), block.position() + block.length()
        i = bisect_left(self._find_starts, lo - self._find_longest)
        j = bisect_left(self._find_starts, hi)
        return [m for m in self._find[i:j] if m[1] > lo]

    def _paint_under(self, p: QPainter, visible: list[Visible], ox: float) -> None:
        s = self._scheme
        selection = self._selection()
        hovered = self._hovered
        for v in visible:
            top, lines = v.top, v.geometry.lines
            if selection:
                for li, x0, x1 in span_runs(v.block, lines, *selection):
                    p.fillRect(_box(lines[li], top, ox, x0, x1), s.selection_fill)
            for w in v.geometry.washes:
                p.fillRect(_box(lines[w.line], top, ox, w.x0, w.x1), s.wash_for(w.tag, w.depth))
            for qs, qe in self._find_in(v.block):
                fill = s.find_current_fill if (qs, qe) == self._find_current else s.find_fill
                for li, x0, x1 in span_runs(v.block, lines, qs, qe):
                    p.fillRect(_box(lines[li], top, ox, x0, x1), fill)
            if hovered is not None:
                for f in v.geometry.frags:
                    if f.claim == hovered:
                        p.fillRect(_box(lines[f.line], top, ox, f.x0, f.x1), s.hover[f.tag])

    def _paint_over(self, p: QPainter, visible: list[Visible], ox: float) -> None:
        s, m, strokes = self._scheme, self._metrics, self._strokes
        ink, hovered, current = s.ink, self._hovered, self._current
        tick_w = m.tick_width
        for v in visible:
            top, lines = v.top, v.geometry.lines
            for f in v.geometry.frags:
                if f.lane >= MAX_LANES:
                    continue
                ln = lines[f.line]
                baseline = top + ln.y + ln.ascent
                y = m.lane_y(baseline, f.lane)
                colour = ink[f.tag]
                # Brackets of nested claims step outwards, so they read as nested.
                step = tick_w * (1 + f.lane)
                left = ox + (f.x0 - step if f.first else f.x0)
                right = ox + (f.x1 + step if f.last else f.x1)
                strokes.underline(p, SHAPE[f.tag], colour, left, right, y, f.claim == hovered)
                if f.first:
                    strokes.tick(p, colour, left + tick_w / 2, baseline, y)
                if f.last:
                    strokes.tick(p, colour, right - tick_w / 2, baseline, y)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if current is not None:
            for v in visible:
                frags = [f for f in v.geometry.frags if f.claim == current]
                if frags:
                    pen = QPen(ink[frags[0].tag], m.outline)
                    self._outline(p, v, ox, [(f.line, f.x0, f.x1, f.lane) for f in frags], pen)
        selection = self._selection()
        if selection:
            pen = QPen(s.selection_edge, 1.0)
            pen.setStyle(Qt.PenStyle.DashLine)
            for v in visible:
                spans = [(li, x0, x1, -1) for li, x0, x1 in span_runs(v.block, v.geometry.lines,
                                                                      *selection)]  # fmt: skip
                self._outline(p, v, ox, spans, pen)
        if self._find_current is not None:
            pen = QPen(s.find_current_edge, 1.5)
            for v in visible:
                spans = [
                    (li, x0, x1, -1)
                    for li, x0, x1 in span_runs(v.block, v.geometry.lines, *self._find_current)
                ]
                self._outline(p, v, ox, spans, pen)

    def _outline(
        self,
        p: QPainter,
        v: Visible,
        ox: float,
        spans: list[tuple[int, float, float, int]],
        pen: QPen,
    ) -> None:
        """One outline around line runs (line, x0, x1, lane; lane -1: text only), joined."""
        if not spans:
            return
        m, lines = self._metrics, v.geometry.lines
        w = pen.widthF() / 2
        side, above, below = w + 3, w + 1, w + 2
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        last_line = spans[-1][0]
        for li, x0, x1, lane in spans:
            ln = lines[li]
            y0 = v.top + ln.y - above
            if lane >= 0:  # around the claim's own underline too
                lane_y = m.lane_y(v.top + ln.y + ln.ascent, min(lane, MAX_LANES - 1))
                y1 = lane_y + m.lane_band / 2 + below
            else:
                y1 = v.top + ln.y + ln.height + below
            if li != last_line and li + 1 < len(lines):
                y1 = max(y1, v.top + lines[li + 1].y - above)  # join the next line's run
            path.addRect(QRectF(ox + x0 - side, y0, x1 - x0 + 2 * side, y1 - y0))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.strokePath(path.simplified(), pen)

    # -- events --------------------------------------------------------------------
    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        super().mouseMoveEvent(e)
        if e.buttons() == Qt.MouseButton.NoButton:
            pos = e.position()
            self.hover_from_mouse(self.claim_at_point(pos.x(), pos.y()))

    def viewportEvent(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.Leave:
            self.hover_from_mouse(None)
        return super().viewportEvent(e)

    def changeEvent(self, e: QEvent) -> None:
        if e.type() == QEvent.Type.FontChange:
            self._metrics = Metrics.for_font(self.font())
            self._strokes = Strokes(self._metrics, self.devicePixelRatioF())
            self._spacing.set_gaps(self._metrics.line_gap, self._metrics.paragraph_gap)
            self._forget_geometry()
            self._update_margins()
            self.fontSizeChanged.emit(self.font().pointSizeF())
        elif e.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._palette_changed()
        super().changeEvent(e)

    def _palette_changed(self) -> None:
        if self._palette_busy:
            return
        self._scheme = scheme(self.is_dark())
        inherited = self.palette()
        text = inherited.color(QPalette.ColorRole.Text)
        # Qt's own selection (a saturated fill over the claims) is switched off: the
        # selection is painted here as a neutral tint and outline instead. Only these two
        # roles are set, so every other one keeps following the application's theme.
        if (
            inherited.color(QPalette.ColorRole.Highlight).alpha() != 0
            or inherited.color(QPalette.ColorRole.HighlightedText) != text
        ):
            own = QPalette()
            own.setColor(QPalette.ColorRole.Highlight, QColor(0, 0, 0, 0))
            own.setColor(QPalette.ColorRole.HighlightedText, text)
            self._palette_busy = True
            try:
                self.setPalette(own)
            finally:
                self._palette_busy = False
        self.viewport().update()
        self.gutter.update()

    def resizeEvent(self, e: QResizeEvent) -> None:
        self._generation += 1
        # Also called for the viewport's own resizes (which the margins cause): always
        # measure the whole widget, or the margins would chase themselves.
        self._update_margins()
        super().resizeEvent(e)

    def _update_margins(self) -> None:
        # Centre a column of comfortable measure; wide windows get margins, not long lines.
        width = self.width()
        column = self.fontMetrics().horizontalAdvance("M") * _MAX_COLUMN_EM
        gutter = self.gutter.width_for(self._metrics)
        left = max(_SIDE_MARGIN, gutter + 6)
        free = width - column
        if free > left + _SIDE_MARGIN:
            left = right = max(left, free // 2)
        else:
            right = _SIDE_MARGIN
        self.setViewportMargins(left, 0, right, 0)
        cr = self.contentsRect()
        self.gutter.setGeometry(QRect(cr.left() + left - gutter - 2, cr.top(), gutter, cr.height()))


def _box(ln: Line, top: float, ox: float, x0: float, x1: float) -> QRect:
    """The text box of a run, on whole pixels so adjacent runs neither overlap nor gap."""
    a, b = round(ox + x0), round(ox + x1)
    y = round(top + ln.y)
    return QRect(a, y, b - a, round(ln.height))
