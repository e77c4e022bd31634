"""Versions panel: an article's versions, the word diff between two, and the claims not carried.

A bottom dock (Article ▸ Versions…, Ctrl+Shift+D), built the first time it is
shown. It follows the open article: its versions are listed (the open one in
bold; Enter or a double-click opens another), two of them are compared (by
default the open version and the one before it), and the claims of the version
before that could not be carried to the newer one are listed with the reason
and the passage that now stands where they were. Clicking a change or a claim
opens the newer version with that passage selected, so one key tags it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget

from fact_gui.services.changes import ChangeSet, Kind
from fact_gui.ui.actions import Actions, Need
from fact_gui.ui.panel import Area, Panel, Shell

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget, QTabWidget

    from fact_gui.services.context import Desk
    from fact_gui.services.versions import NotCarried, VersionRow
    from fact_gui.ui.versions.diffview import Change

# The dock's share of the window's height when it is first shown.
DOCK_SHARE = 0.38
_CHANGES, _NOT_CARRIED = 0, 1


@dataclass(frozen=True)
class Reading:
    """What the panel shows, read on the desk's worker in one go."""

    article_id: int
    rows: list[VersionRow]
    pair: tuple[VersionRow, VersionRow] | None = None
    # None: the same two versions as drawn already (texts never change, nor their diff).
    changes: list[Change] | None = None
    more: int = 0
    summary: str = ""
    not_carried: list[NotCarried] = field(default_factory=list)


def pick(
    rows: list[VersionRow], open_id: int, wanted: tuple[int, int] | None
) -> tuple[VersionRow, VersionRow]:
    """The two versions to compare: those the user picked, else the open one and the one before."""
    by_number = {r.version: r for r in rows}
    if wanted is not None and wanted[0] != wanted[1] and set(wanted) <= set(by_number):
        return by_number[wanted[0]], by_number[wanted[1]]
    i = next((k for k, r in enumerate(rows) if r.id == open_id), len(rows) - 1)
    return (rows[i - 1], rows[i]) if i > 0 else (rows[0], rows[1])


class VersionsPanel(Panel):
    """The versions of the open article and what changed between them."""

    name = "versions"
    title = "Versions"
    area = Area.BOTTOM
    kinds = frozenset({Kind.VERSIONS, Kind.ARTICLES})

    def __init__(self, shell: Shell) -> None:
        self._wanted: tuple[int, int] | None = None  # version numbers the user picked
        self._lineage: int | None = None
        self._drawn: tuple[int, int] | None = None  # article ids of the diff drawn
        self.reading: Reading | None = None
        self._sized = False
        super().__init__(shell)
        self.selection.articleOpened.connect(self._article_opened)
        self.selection.claimsChanged.connect(lambda _u: self.shell.later(self._claims_changed))
        self.ops.attached.connect(self.stale)

    def register(self, actions: Actions) -> None:
        actions.add("article.versions", "&Versions…", lambda: self.open_panel(_CHANGES),
                    keys="Ctrl+Shift+D", menu="Article", group=15, needs=Need.ARTICLE,
                    tip="The article's versions and what changed between two of them")  # fmt: skip
        actions.add("article.not_carried", "Claims &not carried…",
                    lambda: self.open_panel(_NOT_CARRIED), menu="Article", group=15,
                    needs=Need.ARTICLE,
                    tip="Claims of the version before that are not on this one")  # fmt: skip

    # -- the widget --------------------------------------------------------------------------
    def build(self) -> QWidget:
        from PySide6.QtWidgets import (
            QComboBox,
            QHBoxLayout,
            QHeaderView,
            QLabel,
            QSplitter,
            QStackedWidget,
            QTableView,
            QTabWidget,
            QVBoxLayout,
        )

        from fact_gui.ui import look, tables
        from fact_gui.ui.versions.diffview import DiffView, Legend
        from fact_gui.ui.versions.models import NotCarriedModel, VersionsModel

        self.model = VersionsModel(self)
        self.table = QTableView()
        self.table.setObjectName("versionsTable")
        self.table.setModel(self.model)
        tables.setup_table(self.table, lines=2)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 64), (1, 108), (2, 58), (3, 110)):
            self.table.setColumnWidth(col, width)
        self.table.activated.connect(self._open_version)
        left, left_lay = look.titled_column("Versions of this article", (8, 4, 4, 6))
        left_lay.addWidget(self.table, 1)

        self.old_pick, self.new_pick = QComboBox(), QComboBox()
        for combo, tip in ((self.old_pick, "One side: its words show struck through"),
                           (self.new_pick, "The other: its words show underlined")):  # fmt: skip
            combo.setToolTip(tip)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.activated.connect(lambda _i: self._picked())
        picks_box = QWidget()
        picks = QHBoxLayout(picks_box)
        picks.setContentsMargins(12, 0, 0, 2)
        picks.addWidget(QLabel("Compare"))
        picks.addWidget(self.old_pick)
        picks.addWidget(QLabel("with"))
        picks.addWidget(self.new_pick)

        self.summary = QLabel()
        self.summary.setObjectName("diffSummary")
        self.legend = Legend()
        self.diff = DiffView()
        self.diff.activated.connect(self._change_activated)
        changes = QWidget()
        changes_lay = QVBoxLayout(changes)
        changes_lay.setContentsMargins(0, 6, 0, 0)
        head = QHBoxLayout()
        head.setContentsMargins(12, 0, 12, 0)
        head.addWidget(self.summary, 1)
        head.addWidget(self.legend)
        changes_lay.addLayout(head)
        changes_lay.addWidget(self.diff, 1)

        self.lost_model = NotCarriedModel(self)
        self.lost = QTableView()
        self.lost.setObjectName("notCarriedTable")
        self.lost.setModel(self.lost_model)
        tables.setup_table(self.lost, lines=3)
        lh = self.lost.horizontalHeader()
        lh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        lh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.lost.setColumnWidth(0, 118)
        self.lost.setColumnWidth(2, 220)
        self.lost.clicked.connect(self._reveal_claim)
        self.lost.activated.connect(self._reveal_claim)
        self.lost_hint = QLabel()
        self.lost_hint.setObjectName("notCarriedHint")
        self.lost_hint.setWordWrap(True)
        lost = QWidget()
        lost_lay = QVBoxLayout(lost)
        lost_lay.setContentsMargins(12, 8, 12, 0)
        lost_lay.addWidget(self.lost_hint)
        lost_lay.addWidget(self.lost, 1)

        self.tabs: QTabWidget = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(changes, "Changes")
        self.tabs.addTab(lost, "Not carried")
        # The two versions compared sit beside the tabs: one row of chrome, not two.
        self.tabs.setCornerWidget(picks_box, Qt.Corner.TopRightCorner)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(8, 6, 8, 6)
        right_lay.addWidget(self.tabs, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 700])
        split.setChildrenCollapsible(False)

        self.message = QLabel()
        self.message.setObjectName("emptyHint")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(24)
        self.stack: QStackedWidget = QStackedWidget()
        self.stack.addWidget(split)
        self.stack.addWidget(self.message)
        self._say("Open an article to see its versions.")
        return self.stack

    # -- opening it -------------------------------------------------------------------------
    def open_panel(self, tab: int) -> None:
        """Show the dock on ``tab`` with the keys in it; again from inside it: close it."""
        assert self.dock is not None
        inside = self._widget is not None and self._widget.isAncestorOf(
            self.shell.window.focusWidget()
        )
        if self.dock.isVisible() and inside and self.tabs.currentIndex() == tab:
            self.dock.hide()
            return
        self.dock.show()
        self.dock.raise_()
        self.widget()
        if not self._sized:
            self._sized = True
            height = max(240, int(self.shell.window.height() * DOCK_SHARE))
            self.shell.window.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)
        self.tabs.setCurrentIndex(tab)
        (self.diff if tab == _CHANGES else self.lost).setFocus()

    # -- reading --------------------------------------------------------------------------------
    def _article_opened(self) -> None:
        heading = self.selection.article.heading
        lineage = heading.lineage_id if heading is not None else None
        # Another article, or a version outside the pair picked: compare the one opened.
        if lineage != self._lineage or (
            heading is not None and self._wanted and heading.version not in self._wanted
        ):
            self._wanted = None
        self._lineage = lineage
        self.stale()

    def on_change(self, cs: ChangeSet) -> None:
        shown = {r.id for r in self.reading.rows} if self.reading else set()
        if cs.touches(Kind.VERSIONS) or shown & set(cs.articles):
            self.refresh()

    def refresh(self) -> None:
        article_id = self.selection.article_id
        if article_id is None or self.ops.desk is None:
            self.reading = None
            self._say("Open an article to see its versions.")
            return
        wanted, drawn = self._wanted, self._drawn

        def load(desk: Desk) -> Reading:
            from fact_gui.services import versions
            from fact_gui.ui.versions.diffview import changes_of

            rows = versions.versions(desk, article_id)
            if len(rows) < 2:
                return Reading(article_id, rows)
            old, new = pick(rows, article_id, wanted)
            lost = versions.not_carried(desk, new.id)
            if (old.id, new.id) == drawn:
                return Reading(article_id, rows, (old, new), not_carried=lost)
            c = versions.compare(desk, article_id, old.version, new.version)
            changes, total = changes_of(c)
            return Reading(article_id, rows, (old, new), changes, total - len(changes),
                           c.diff.summary(), lost)  # fmt: skip

        self.ops.read(load, "Comparing versions").success(self._show).run()

    def _show(self, reading: Reading) -> None:
        if reading.article_id != self.selection.article_id:
            return  # the user has moved on; the next refresh reads the article open now
        pair = reading.pair
        if pair is None:
            self.reading = reading
            self._say(
                "This article has one version.\nWhen the same web address or file is imported "
                "again with changed words, the new text becomes version 2: what changed, and the "
                "claims that could not be carried to it, show here."
            )
            return
        if reading.changes is None and self.reading is not None:
            reading = Reading(reading.article_id, reading.rows, reading.pair,
                              self.reading.changes, self.reading.more, self.reading.summary,
                              reading.not_carried)  # fmt: skip
        self.reading = reading
        self.stack.setCurrentIndex(0)
        self.model.reset(reading.rows, reading.article_id)
        self.table.setColumnHidden(self.model.TITLE_COLUMN, not self.model.titles_differ())
        row = self.model.row_of(reading.article_id)
        if row is not None:
            self.table.selectRow(row)
        old, new = pair
        self._fill_picks(reading.rows, old, new)
        ids = (old.id, new.id)
        if ids != self._drawn and reading.changes is not None:
            self._drawn = ids
            self.diff.show_changes(
                reading.changes, reading.more, "The two versions have the same words."
            )
        self.summary.setText(reading.summary)
        n = len(reading.not_carried)
        self.tabs.setTabText(_CHANGES, f"Changes ({len(self.diff.changes) + self.diff.more})")
        self.tabs.setTabText(_NOT_CARRIED, f"Not carried to v{new.version} ({n})")
        self.lost_model.reset(reading.not_carried, new.version - 1, new.version)
        self.lost_hint.setText(self._lost_hint(new.version, n))

    @staticmethod
    def _lost_hint(version: int, n: int) -> str:
        if version == 1:
            return "Version 1 is the first: no claims were carried to it."
        if not n:
            return f"Every claim of version {version - 1} was carried to version {version}."
        return (
            f"Claims of version {version - 1} that could not be carried to version {version}: "
            f"their tag was a verdict on words that changed. Click one to select its passage in "
            f"version {version}, then press 1, 2 or 3 to tag it."
        )

    def _fill_picks(self, rows: list[VersionRow], old: VersionRow, new: VersionRow) -> None:
        from fact_gui.ui.versions.labels import when

        for combo, chosen in ((self.old_pick, old), (self.new_pick, new)):
            combo.blockSignals(True)
            combo.clear()
            for r in rows:
                combo.addItem(f"v{r.version} · {when(r.imported_at)}", r.version)
            combo.setCurrentIndex(rows.index(chosen))
            combo.blockSignals(False)

    def _say(self, text: str) -> None:
        if self._widget is not None:
            self.message.setText(text)
            self.stack.setCurrentIndex(1)

    def _claims_changed(self) -> None:
        doc = self.selection.article
        if self._widget is not None and doc.id is not None:
            self.model.set_claims(doc.id, len(doc.claims))

    # -- the user ------------------------------------------------------------------------------
    def _picked(self) -> None:
        self._wanted = (int(self.old_pick.currentData()), int(self.new_pick.currentData()))
        if self._wanted[0] == self._wanted[1]:
            self.shell.message("Pick two different versions to compare.")
            if self.reading is not None and self.reading.pair is not None:
                self._fill_picks(self.reading.rows, *self.reading.pair)  # back to the pair shown
            return
        self.refresh()

    def _open_version(self, index: QModelIndex) -> None:
        r = self.model.version(index.row())
        if r.id != self.selection.article_id:
            self.selection.open(r.id, focus=True)

    def newer(self) -> VersionRow | None:
        """The newer side of the comparison shown (where changes and claims are selected)."""
        return self.reading.pair[1] if self.reading and self.reading.pair else None

    def _change_activated(self, i: int) -> None:
        new = self.newer()
        if new is not None:
            self.selection.reveal(new.id, *self.diff.changes[i].at)

    def _reveal_claim(self, index: QModelIndex) -> None:
        new = self.newer()
        if new is None or not index.isValid():
            return
        n = self.lost_model.claim(index.row())
        start, end = n.candidate if n.candidate else (n.near, n.near)
        self.selection.reveal(new.id, start, end)
