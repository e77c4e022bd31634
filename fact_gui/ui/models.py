"""Item models: the claims of the open article and the article library."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from fact_gui.domain.claims import ClaimIndex, ClaimRow
from fact_gui.domain.tags import Tag
from fact_gui.domain.workflow import State
from fact_gui.ui import look

_Index = QModelIndex | QPersistentModelIndex
CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAG_ROLE = Qt.ItemDataRole.UserRole + 2
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 3
STATE_ROLE = Qt.ItemDataRole.UserRole + 4
_REVIEW_LABEL = {"pending": "", "accepted": "✓ Accepted", "queried": "? Queried"}
_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_CLAIM_ROLES = frozenset(
    (_DISPLAY, _DECORATION, Qt.ItemDataRole.ToolTipRole, CLAIM_ID_ROLE, TAG_ROLE)
)
_QUOTE_CHARS = 160


def _local_time(iso_utc: str, full: bool = False) -> str:
    """Stored UTC -> the analyst's local time: just the time for today, else the date."""
    try:
        dt = datetime.fromisoformat(iso_utc.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso_utc
    if full:
        return dt.strftime("%Y-%m-%d %H:%M:%S")
    return dt.strftime("%H:%M" if dt.date() == datetime.now().date() else "%d %b %Y")


def _one_line(text: str, limit: int = _QUOTE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class _ReadOnlyTable(QAbstractTableModel):
    """Flat, selectable, never edited in place: edits go through undo commands and services."""

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class ClaimsModel(_ReadOnlyTable):
    """The open article's claims in text order, over the index the text pane shares."""

    COLUMNS = ("Tag", "Quote", "Note", "Analyst", "Time", "Review")

    # Rows handed to views at a time (Qt's fetchMore): a view lays out only what
    # it was given, so opening an article with 10,000 claims stays cheap.
    BATCH = 256

    def __init__(self, claims: ClaimIndex, parent: Any = None) -> None:
        super().__init__(parent)
        self._claims = claims
        self._loaded = 0
        # Display strings per claim, made once: views ask for them on every repaint.
        self._display: dict[int, tuple[str, str, str, str, str, str]] = {}

    # -- updates -------------------------------------------------------------
    def reset(self, rows: list[ClaimRow]) -> None:
        self.beginResetModel()
        self._claims.reset(rows)
        self._loaded = min(len(self._claims), self.BATCH)
        self._display.clear()
        self.endResetModel()

    def upsert(self, claim: ClaimRow) -> None:
        row = self._claims.row_of(claim.id)
        self._display.pop(claim.id, None)
        if row is not None:
            if self._claims[row].sort_key() == claim.sort_key():
                # Same place in text order (retag, note): update in place.
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

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._loaded < len(self._claims)

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent):
            self.ensure_loaded(self._loaded)

    # -- lookups -------------------------------------------------------------
    def row_of(self, claim_id: int) -> int | None:
        return self._claims.row_of(claim_id)

    def claim(self, row: int) -> ClaimRow:
        return self._claims[row]

    def claims(self) -> list[ClaimRow]:
        return list(self._claims.rows())

    def counts(self) -> dict[Tag, int]:
        return self._claims.counts()

    def _strings(self, c: ClaimRow) -> tuple[str, str, str, str, str, str]:
        cached = self._display.get(c.id)
        if cached is None:
            cached = (
                Tag(c.tag).label,
                _one_line(c.quote),
                _one_line(c.note, 80),
                c.analyst,
                _local_time(c.updated_at),
                _REVIEW_LABEL.get(c.review, c.review),
            )
            self._display[c.id] = cached
        return cached

    # -- Qt model API ----------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
        if col == 4:
            return f"last changed {_local_time(c.updated_at, True)}"
        return None


class TagFilterProxy(QSortFilterProxyModel):
    """Shows only claims whose tag is switched on in the legend.

    Uses Qt's own role filter: with every tag shown the pattern is empty and Qt
    accepts rows without calling back into Python.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterRole(TAG_ROLE)
        self.setFilterKeyColumn(0)

    def set_shown(self, tags: set[str]) -> None:
        if tags >= {t.value for t in Tag}:
            self.setFilterRegularExpression("")
        else:
            alternatives = "|".join(sorted(tags)) or "(?!)"  # (?!) matches nothing
            self.setFilterRegularExpression(f"^({alternatives})$")


class LibraryModel(_ReadOnlyTable):
    """Articles with their claim counts per tag."""

    COLUMNS = ("Title", "Outlet", "Published", *(t.value for t in Tag), "State")
    STATE_COLUMN = 6

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def reset(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def upsert(self, rows: list[Any]) -> None:
        """Replace or append rows (LibraryRow) by article: a new version replaces the old row."""
        where = {r.lineage_id: i for i, r in enumerate(self._rows)}
        for r in rows:
            i = where.get(r.lineage_id)
            if i is None:
                self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
                self._rows.append(r)
                self.endInsertRows()
                where[r.lineage_id] = len(self._rows) - 1
            else:
                self._rows[i] = r
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def row_of(self, article_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == article_id:
                return i
        return None

    def set_state(self, article_id: int, state: str) -> None:
        from dataclasses import replace

        i = self.row_of(article_id)
        if i is None or self._rows[i].state == state:
            return
        self._rows[i] = replace(self._rows[i], state=state)
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def set_counts(self, article_id: int, counts: dict[Tag, int]) -> None:
        """Claim counts of one article changed (known to the caller; no query needed)."""
        from dataclasses import replace

        i = self.row_of(article_id)
        if i is None or self._rows[i].counts == counts:
            return
        self._rows[i] = replace(self._rows[i], counts=dict(counts))
        self.dataChanged.emit(self.index(i, 3), self.index(i, len(self.COLUMNS) - 1))

    def article(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        tags = list(Tag)
        if section == self.STATE_COLUMN:
            return "State" if role == Qt.ItemDataRole.DisplayRole else None
        if section >= 3:
            tag = tags[section - 3]
            if role == Qt.ItemDataRole.DecorationRole:
                return look.tag_icon(tag)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{tag.label} claims"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return a.title
            if col == 1:
                return a.outlet
            if col == 2:
                return a.published.isoformat() if a.published else ""
            if col == self.STATE_COLUMN:
                return State(a.state).label
            return a.counts[list(Tag)[col - 3]] or ""
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{a.title}\n{State(a.state).label}"
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return look.state_icon(a.state)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col >= 3:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == ARTICLE_ID_ROLE:
            return a.id
        if role == STATE_ROLE:
            return a.state
        return None


class LibraryFilterProxy(QSortFilterProxyModel):
    """The library's text filter (any column) plus a workflow-state filter."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._state = ""

    def set_state(self, state: str) -> None:
        self.beginFilterChange()
        self._state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._state:
            idx = self.sourceModel().index(source_row, 0, source_parent)
            if idx.data(STATE_ROLE) != self._state:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
