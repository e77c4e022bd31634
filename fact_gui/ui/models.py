"""Item models: the claims of the open article and the article library."""

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.tags import Tag
from fact_gui.ui import look

_Index = QModelIndex | QPersistentModelIndex
CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAG_ROLE = Qt.ItemDataRole.UserRole + 2
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 3
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


class ClaimsModel(QAbstractTableModel):
    """The open article's claims in text order; updated in place from change sets."""

    COLUMNS = ("Tag", "Quote", "Note", "Analyst", "Time")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ClaimRow] = []
        self._keys: list[tuple[int, int, int]] = []

    # -- updates -------------------------------------------------------------
    def reset(self, rows: list[ClaimRow]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=ClaimRow.sort_key)
        self._keys = [r.sort_key() for r in self._rows]
        self.endResetModel()

    def upsert(self, claim: ClaimRow) -> None:
        key = claim.sort_key()
        at = bisect_left(self._keys, key)
        if at < len(self._rows) and self._rows[at].id == claim.id:
            # Same place in text order (retag, note): update in place.
            self._rows[at] = claim
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.COLUMNS) - 1))
            return
        if self.row_of(claim.id) is not None:
            self.remove(claim.id)
            at = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, claim)
        self._keys.insert(at, key)
        self.endInsertRows()

    def remove(self, claim_id: int) -> None:
        row = self.row_of(claim_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self.endRemoveRows()

    # -- lookups -------------------------------------------------------------
    def row_of(self, claim_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == claim_id:
                return i
        return None

    def claim(self, row: int) -> ClaimRow:
        return self._rows[row]

    def claims(self) -> list[ClaimRow]:
        return list(self._rows)

    def counts(self) -> dict[Tag, int]:
        out = dict.fromkeys(Tag, 0)
        for r in self._rows:
            out[Tag(r.tag)] += 1
        return out

    # -- Qt model API ----------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return Tag(c.tag).label
            if col == 1:
                return _one_line(c.quote)
            if col == 2:
                return _one_line(c.note, 80)
            if col == 3:
                return c.analyst
            if col == 4:
                return _local_time(c.updated_at)
        elif role == Qt.ItemDataRole.DecorationRole and col == 0:
            return look.tag_icon(Tag(c.tag))
        elif role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return c.quote
            if col == 2 and c.note:
                return c.note
            if col == 4:
                return (
                    f"created {_local_time(c.created_at, True)}, "
                    f"changed {_local_time(c.updated_at, True)}"
                )
        elif role == CLAIM_ID_ROLE:
            return c.id
        elif role == TAG_ROLE:
            return c.tag
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class TagFilterProxy(QSortFilterProxyModel):
    """Shows only claims whose tag is switched on in the legend."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._shown: set[str] = {t.value for t in Tag}

    def set_shown(self, tags: set[str]) -> None:
        self.beginFilterChange()
        self._shown = set(tags)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        idx = self.sourceModel().index(source_row, 0, source_parent)
        return str(idx.data(TAG_ROLE)) in self._shown


class LibraryModel(QAbstractTableModel):
    """Articles with their claim counts per tag."""

    COLUMNS = ("Title", "Outlet", "Published", *(t.value for t in Tag))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def reset(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def upsert(self, rows: list[Any]) -> None:
        """Replace or append rows (LibraryRow) by id."""
        where = {r.id: i for i, r in enumerate(self._rows)}
        for r in rows:
            i = where.get(r.id)
            if i is None:
                self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
                self._rows.append(r)
                self.endInsertRows()
                where[r.id] = len(self._rows) - 1
            else:
                self._rows[i] = r
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def row_of(self, article_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == article_id:
                return i
        return None

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
            return a.counts[list(Tag)[col - 3]] or ""
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return a.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col >= 3:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == ARTICLE_ID_ROLE:
            return a.id
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
