"""The versions panel's tables: an article's versions, and the claims not carried to one."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from fact_gui.domain.tags import Tag
from fact_gui.domain.text import shorten
from fact_gui.domain.workflow import State
from fact_gui.services.versions import NotCarried, VersionRow
from fact_gui.ui import look
from fact_gui.ui.models import ReadOnlyTable, TableIndex
from fact_gui.ui.versions.labels import plural, when

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TIP = Qt.ItemDataRole.ToolTipRole
_QUOTE_CHARS = 160


class VersionsModel(ReadOnlyTable):
    """Every version of the open article, oldest first; the one open in bold."""

    COLUMNS = ("Version", "Imported", "Claims", "State", "Title")
    TITLE_COLUMN = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[VersionRow] = []
        self.open_id: int | None = None

    def reset(self, rows: list[VersionRow], open_id: int | None) -> None:
        self.beginResetModel()
        self._rows, self.open_id = list(rows), open_id
        self.endResetModel()

    def rows(self) -> list[VersionRow]:
        return list(self._rows)

    def version(self, row: int) -> VersionRow:
        return self._rows[row]

    def row_of(self, article_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == article_id), None)

    def set_claims(self, article_id: int, n: int) -> None:
        """The open version's claim count as shown (edits on their way count at once)."""
        i = self.row_of(article_id)
        if i is None or self._rows[i].claims == n:
            return
        self._rows[i] = replace(self._rows[i], claims=n)
        self.dataChanged.emit(self.index(i, 2), self.index(i, 2))

    def rowCount(self, parent: TableIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: TableIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def titles_differ(self) -> bool:
        """Some version has another title than the first (else the column says nothing)."""
        return len({r.title for r in self._rows}) > 1

    def _title(self, row: int) -> str:
        """The title where it changed from the version before (the first always shows it)."""
        r = self._rows[row]
        return r.title if row == 0 or self._rows[row - 1].title != r.title else ""

    def data(self, index: TableIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        newest = index.row() == len(self._rows) - 1
        if role == _DISPLAY:
            return (
                f"v{r.version}" + ("\nnewest" if newest else ""),
                f"{when(r.imported_at)}\n{r.imported_by}",
                r.claims,
                State(r.state).label,
                self._title(index.row()) or "(same title)",
            )[col]
        if role == _TIP:
            state = "open here" if r.id == self.open_id else "double-click or Enter to open it"
            return (
                f"Version {r.version} of {len(self._rows)} (article {r.id}), {state}\n"
                f"Imported {when(r.imported_at)} by {r.imported_by}; "
                f"{plural(r.claims, 'claim')}\n{r.title}\n{r.url or r.source}"
            )
        if role == Qt.ItemDataRole.FontRole and r.id == self.open_id:
            bold = QFont()
            bold.setBold(True)
            return bold
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == self.TITLE_COLUMN
            and not self._title(index.row())
        ):
            return _quiet()
        if role == Qt.ItemDataRole.DecorationRole and col == 3:
            return look.state_icon(r.state)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if col == 2 else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        return None


class NotCarriedModel(ReadOnlyTable):
    """Claims of the version before that could not be carried to this one, and why."""

    COLUMNS = ("Tag", "Claim", "Why it was not carried", "Now in the text")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[NotCarried] = []
        self._from, self._to = 0, 0

    def reset(self, rows: list[NotCarried], from_version: int, to_version: int) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._from, self._to = from_version, to_version
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)

    def claim(self, row: int) -> NotCarried:
        return self._rows[row]

    def rowCount(self, parent: TableIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: TableIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != _DISPLAY:
            return None
        if section == 1 and self._from:
            return f"Claim on version {self._from}"
        if section == 3 and self._to:
            return f"Now in version {self._to}"
        return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None

    def data(self, index: TableIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        n, col = self._rows[index.row()], index.column()
        tag = _tag(n.tag)
        if role == _DISPLAY:
            now = n.candidate_quote or "nothing like it: click to see where it was"
            return (
                tag.label if tag else n.tag,
                shorten(n.quote, _QUOTE_CHARS),
                n.reason[:1].upper() + n.reason[1:],
                shorten(now, _QUOTE_CHARS),
            )[col]
        if role == _TIP:
            go = "Click (or Enter) to select it in the text: one key (1, 2, 3) tags it."
            if not n.candidate_quote:
                go = "Click (or Enter) to go where it was."
            return f"{n.quote}\n\n{n.reason}\n\n{n.candidate_quote or '—'}\n\n{go}"
        if role == Qt.ItemDataRole.DecorationRole and col == 0 and tag is not None:
            return look.tag_icon(tag)
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and not n.candidate_quote:
            return _quiet()
        if role == Qt.ItemDataRole.FontRole and col == 2 and n.figure_changed:
            bold = QFont()
            bold.setBold(True)
            return bold
        return None


def _quiet() -> QBrush:
    """Secondary text, in the theme's placeholder colour (it follows light and dark)."""
    return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)


def _tag(value: str) -> Tag | None:
    try:
        return Tag(value)
    except ValueError:
        return None
