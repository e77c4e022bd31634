"""Item models: the open article's claims (shared by the panels), and the read-only table base."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from fact_gui.domain.claims import ClaimIndex, ClaimRow
from fact_gui.domain.tags import Tag
from fact_gui.domain.text import shorten
from fact_gui.ui import look

TableIndex = QModelIndex | QPersistentModelIndex
CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAG_ROLE = Qt.ItemDataRole.UserRole + 2
_REVIEW_LABEL = {"pending": "", "accepted": "✓ Accepted", "queried": "? Queried"}
_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_CLAIM_ROLES = frozenset(
    (_DISPLAY, _DECORATION, Qt.ItemDataRole.ToolTipRole, CLAIM_ID_ROLE, TAG_ROLE)
)
_QUOTE_CHARS = 160
_NOTE_CHARS = 80


def local_time(iso_utc: str, full: bool = False) -> str:
    """Stored UTC -> the analyst's local time: just the time for today, else the date."""
    try:
        dt = datetime.fromisoformat(iso_utc.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso_utc
    if full:
        return dt.strftime("%Y-%m-%d %H:%M:%S")
    return dt.strftime("%H:%M" if dt.date() == datetime.now().date() else "%d %b %Y")


class ReadOnlyTable(QAbstractTableModel):
    """Flat, selectable, never edited in place: edits go through undo commands and services."""

    def flags(self, index: TableIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class ClaimsModel(ReadOnlyTable):
    """The open article's claims in text order, over the index the text pane shares."""

    COLUMNS = ("Tag", "Quote", "Note", "Analyst", "Time", "Review")

    # Rows handed to views at a time (Qt's fetchMore): a view lays out only what
    # it was given, so opening an article with 10,000 claims stays cheap.
    BATCH = 256

    def __init__(self, claims: ClaimIndex, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._claims = claims
        self._loaded = 0
        # Display strings per claim, made once: views ask for them on every repaint.
        self._display: dict[int, tuple[str, str, str, str, str, str]] = {}

    # -- updates -------------------------------------------------------------
    def reset(self, rows: list[ClaimRow] | ClaimIndex) -> None:
        """Show other claims (an index built elsewhere is taken over as it is)."""
        self.beginResetModel()
        if isinstance(rows, ClaimIndex):
            self._claims.take(rows)
        else:
            self._claims.reset(rows)
        self._loaded = min(len(self._claims), self.BATCH)
        self._display.clear()
        self.endResetModel()

    def upsert(self, claim: ClaimRow, replacing: int | None = None) -> None:
        """Add or update a claim; ``replacing``: the id it had so far (a provisional one)."""
        old_id = claim.id if replacing is None else replacing
        row = self._claims.row_of(old_id)
        self._display.pop(old_id, None)
        self._display.pop(claim.id, None)
        if row is not None:
            if self._fits(row, claim):
                # Still in its place in text order (retag, note, a new id): update in place.
                self._claims.replace(row, claim)
                if row < self._loaded:
                    last = len(self.COLUMNS) - 1
                    self.dataChanged.emit(self.index(row, 0), self.index(row, last))
                return
            self._pop(row)
        at = self._claims.insert_row(claim)
        if at <= self._loaded:
            self.beginInsertRows(QModelIndex(), at, at)
            self._claims.insert(at, claim)
            self._loaded += 1
            self.endInsertRows()
        else:
            self._claims.insert(at, claim)  # beyond what views were given: no signal

    def _fits(self, row: int, claim: ClaimRow) -> bool:
        key = claim.sort_key()
        before = row == 0 or self._claims[row - 1].sort_key() < key
        return before and (row + 1 == len(self._claims) or key < self._claims[row + 1].sort_key())

    def remove(self, claim_id: int) -> None:
        row = self._claims.row_of(claim_id)
        if row is not None:
            self._pop(row)
        self._display.pop(claim_id, None)

    def _pop(self, row: int) -> None:
        if row < self._loaded:
            self.beginRemoveRows(QModelIndex(), row, row)
            self._claims.pop(row)
            self._loaded -= 1
            self.endRemoveRows()
        else:
            self._claims.pop(row)

    def ensure_loaded(self, row: int) -> None:
        """Hand views every row up to ``row`` (before selecting it)."""
        if row >= self._loaded:
            last = min(len(self._claims), row + self.BATCH) - 1
            self.beginInsertRows(QModelIndex(), self._loaded, last)
            self._loaded = last + 1
            self.endInsertRows()

    def total(self) -> int:
        """Every claim of the article, including rows not yet handed to views."""
        return len(self._claims)

    def canFetchMore(self, parent: TableIndex) -> bool:
        return not parent.isValid() and self._loaded < len(self._claims)

    def fetchMore(self, parent: TableIndex) -> None:
        if self.canFetchMore(parent):
            self.ensure_loaded(self._loaded)

    # -- lookups -------------------------------------------------------------
    def row_of(self, claim_id: int) -> int | None:
        return self._claims.row_of(claim_id)

    def claim(self, row: int) -> ClaimRow:
        return self._claims[row]

    def claims(self) -> list[ClaimRow]:
        return list(self._claims.rows())

    def _strings(self, c: ClaimRow) -> tuple[str, str, str, str, str, str]:
        cached = self._display.get(c.id)
        if cached is None:
            cached = (
                Tag(c.tag).label,
                shorten(c.quote, _QUOTE_CHARS),
                shorten(c.note, _NOTE_CHARS),
                c.analyst,
                # A claim not saved yet has no time of its own to show.
                local_time(c.updated_at) if c.id >= 0 else "saving…",
                _REVIEW_LABEL.get(c.review, c.review),
            )
            self._display[c.id] = cached
        return cached

    # -- Qt model API ----------------------------------------------------------
    def rowCount(self, parent: TableIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: TableIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: TableIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called hundreds of times per repaint: cheapest checks first.
        if role not in _CLAIM_ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < self._loaded:
            return None
        c = self._claims[row]
        col = index.column()
        if role == _DISPLAY:
            return self._strings(c)[col] if 0 <= col < 6 else None
        if role == _DECORATION:
            return look.tag_icon(Tag(c.tag)) if col == 0 else None
        if role == CLAIM_ID_ROLE:
            return c.id
        if role == TAG_ROLE:
            return c.tag
        # Tool tips
        if col == 1:
            return c.quote
        if col == 2 and c.note:
            return c.note
        if col == 4 and c.id >= 0:
            return f"last changed {local_time(c.updated_at, True)}"
        return None


class TagFilterProxy(QSortFilterProxyModel):
    """Shows only claims whose tag is switched on in the legend.

    Uses Qt's own role filter: with every tag shown the pattern is empty and Qt
    accepts rows without calling back into Python.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(TAG_ROLE)
        self.setFilterKeyColumn(0)

    def set_shown(self, tags: set[str]) -> None:
        if tags >= {t.value for t in Tag}:
            self.setFilterRegularExpression("")
        else:
            alternatives = "|".join(sorted(tags)) or "(?!)"  # (?!) matches nothing
            self.setFilterRegularExpression(f"^({alternatives})$")
