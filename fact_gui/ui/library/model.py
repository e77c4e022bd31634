"""The library's item model: articles with their state and claim counts per tag."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt

from fact_gui.domain.tags import Tag
from fact_gui.domain.workflow import State
from fact_gui.ui import look
from fact_gui.ui.models import ReadOnlyTable, TableIndex

if TYPE_CHECKING:
    from fact_gui.services.articles import LibraryRow

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 3
STATE_ROLE = Qt.ItemDataRole.UserRole + 4


class LibraryModel(ReadOnlyTable):
    """Articles with their claim counts per tag."""

    COLUMNS = ("Title", "Outlet", "Published", *(t.value for t in Tag), "State", "Versions")
    STATE_COLUMN = 6
    VERSIONS_COLUMN = 7  # "v3" on articles with more than one version

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[LibraryRow] = []

    def reset(self, rows: list[LibraryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def upsert(self, rows: list[LibraryRow]) -> None:
        """Replace or append rows by article: a new version replaces its article's row."""
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

    def has_versions(self) -> bool:
        """Some article has more than one version (else the badge column stays out of sight)."""
        return any(r.versions > 1 for r in self._rows)

    def row_of_lineage(self, lineage_id: int) -> int | None:
        """The row of an article (whichever of its versions is meant): rows are by lineage."""
        for i, r in enumerate(self._rows):
            if r.lineage_id == lineage_id:
                return i
        return None

    def set_state(self, article_id: int, state: str) -> None:
        i = self.row_of(article_id)
        if i is None or self._rows[i].state == state:
            return
        self._rows[i] = replace(self._rows[i], state=state)
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def set_counts(self, article_id: int, counts: dict[Tag, int]) -> None:
        """Claim counts of one article changed (known to the caller; no query needed)."""
        i = self.row_of(article_id)
        if i is None or self._rows[i].counts == counts:
            return
        self._rows[i] = replace(self._rows[i], counts=dict(counts))
        self.dataChanged.emit(self.index(i, 3), self.index(i, len(self.COLUMNS) - 1))

    def article(self, row: int) -> LibraryRow:
        return self._rows[row]

    def rowCount(self, parent: TableIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: TableIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        tags = list(Tag)
        if section == self.STATE_COLUMN:
            return "State" if role == Qt.ItemDataRole.DisplayRole else None
        if section == self.VERSIONS_COLUMN:
            return "Versions" if role == Qt.ItemDataRole.ToolTipRole else None
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

    def data(self, index: TableIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
            if col == self.VERSIONS_COLUMN:
                return f"v{a.versions}" if a.versions > 1 else ""
            return a.counts[list(Tag)[col - 3]] or ""
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{a.title}\n{State(a.state).label}" + (
                f"\n{_versions(a.versions)}" if a.versions > 1 else ""
            )
        if role == Qt.ItemDataRole.ToolTipRole and col == self.VERSIONS_COLUMN:
            return _versions(a.versions) if a.versions > 1 else None
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


def _versions(n: int) -> str:
    return f"{n} versions; the newest is shown"


class LibraryFilterProxy(QSortFilterProxyModel):
    """The library's text filter (any column) plus a workflow-state filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = ""

    def set_state(self, state: str) -> None:
        self.beginFilterChange()
        self._state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: TableIndex) -> bool:
        if self._state:
            idx = self.sourceModel().index(source_row, 0, source_parent)
            if idx.data(STATE_ROLE) != self._state:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
