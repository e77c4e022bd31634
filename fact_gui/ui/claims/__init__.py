"""Claims panel: the open article's claims in a table, the legend with counts, the note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QToolButton,
    QWidget,
)

from fact_gui.domain.tags import Tag
from fact_gui.domain.workflow import Do
from fact_gui.services.changes import ChangeSet, Kind
from fact_gui.ui import look
from fact_gui.ui.actions import Actions, Need
from fact_gui.ui.claims.note import NoteEditor
from fact_gui.ui.document import ClaimsUpdate
from fact_gui.ui.models import CLAIM_ID_ROLE, TagFilterProxy
from fact_gui.ui.panel import Area, Panel, Shell
from fact_gui.ui.tables import column_menu, setup_table

if TYPE_CHECKING:
    from fact_gui.services.context import Desk


class ClaimsPanel(Panel):
    """The right column.

    Rows follow the current claim both ways; a change the user made selects its row,
    a change made elsewhere updates rows in place.
    """

    name = "claims"
    area = Area.RIGHT
    kinds = frozenset({Kind.COMMENTS, Kind.REVIEWS})

    def __init__(self, shell: Shell) -> None:
        self.model = shell.selection.article.model
        self.proxy = TagFilterProxy(shell.window)
        self.proxy.setSourceModel(self.model)
        self.commented: set[int] = set()  # claims with queries or replies
        self._syncing = False
        self._scroll = False  # the next catch-up scrolls to the current claim
        super().__init__(shell)
        self.widget()
        s = self.selection
        s.aboutToOpen.connect(self.note.commit)
        s.articleOpened.connect(self._opened)
        s.claimsChanged.connect(self._claims_changed)
        s.claimChanged.connect(self._claim_changed)
        s.article.aboutToChange.connect(self._hold)
        self.actions.policyChanged.connect(
            lambda: self.note.set_editable(self.actions.why_not(Do.EDIT_CLAIMS))
        )

    def register(self, actions: Actions) -> None:
        actions.add("claim.next", "Next claim", lambda: self.step(1), keys="Ctrl+Down",
                    menu="Claim", group=20, needs=Need.ARTICLE)  # fmt: skip
        actions.add("claim.previous", "Previous claim", lambda: self.step(-1), keys="Ctrl+Up",
                    menu="Claim", group=20, needs=Need.ARTICLE)  # fmt: skip
        # The reviewer walks the claims with single keys (they work in review mode only).
        actions.add("review.previous", "&Previous claim", lambda: self.step(-1), keys="P",
                    icon_text="◀ Previous [P]", menu="Review", group=20, toolbar="review",
                    do=Do.ACCEPT)  # fmt: skip
        actions.add("review.next", "&Next claim", lambda: self.step(1), keys="N",
                    icon_text="Next [N] ▶", menu="Review", group=20, toolbar="review",
                    do=Do.ACCEPT)  # fmt: skip

    def build(self) -> QWidget:
        self.view = QTableView()
        # The proxy only while filtering: it maps every row on each reset (ms at 10k).
        self.view.setModel(self.model)
        setup_table(self.view)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 122), (2, 104), (3, 70), (4, 50), (5, 96)):
            self.view.setColumnWidth(col, width)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Analyst and time are one right-click away on the header: the quote needs the room.
        column_menu(self.view, hidden=(3, 4))
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.clicked.connect(lambda idx: self._row_changed(idx, QModelIndex()))
        self.legend: dict[Tag, QToolButton] = {}
        legend_row = QHBoxLayout()
        legend_row.setSpacing(6)
        for tag in Tag:
            chip = QToolButton()
            chip.setObjectName("legendChip")
            chip.setCheckable(True)
            chip.setChecked(True)
            chip.setIcon(look.tag_icon(tag))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setToolTip(
                f"{tag.label} (key {tag.key}): {tag.style.description}.\n"
                "Click to show or hide these claims."
            )
            chip.toggled.connect(self._legend_toggled)
            # Room for four-digit counts: a changing count must not re-lay the panel out.
            chip.setMinimumWidth(chip.fontMetrics().horizontalAdvance(f"{tag.label}  0000") + 40)
            self.legend[tag] = chip
            legend_row.addWidget(chip)
        legend_row.addStretch(1)
        self._show_counts()
        self.note = NoteEditor(self.shell)
        panel, lay = look.titled_column("Claims", (4, 8, 8, 8))
        lay.addLayout(legend_row)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.note)
        return panel

    # -- following the selection --------------------------------------------------------
    def _opened(self) -> None:
        self._show_counts()
        self.commented = set()
        self.note.load(None, False)
        self._load_commented()

    def _claims_changed(self, update: ClaimsUpdate) -> None:
        doc = self.selection.article
        if update.focus is not None:
            # "I did this": take the user to the claim (its row, its text).
            self.selection.set_claim(doc.claims.get(doc.key_of(update.focus)))
        self.shell.later(self._catch_up)

    def _claim_changed(self, by: object) -> None:
        self._scroll = self._scroll or by is not self
        self.shell.later(self._catch_up)

    def _hold(self) -> None:
        """Rows are about to change: the table repaints a frame later, after the text."""
        if self.view.updatesEnabled():
            self.view.setUpdatesEnabled(False)
            self.shell.later(self._release)

    def _release(self) -> None:
        self.view.setUpdatesEnabled(True)

    def _catch_up(self) -> None:
        """Counts, the current row and the note, a frame after the text showed the change."""
        self._show_counts()
        self._sync_row(scroll=self._scroll)
        self._scroll = False
        claim = self.selection.claim
        self.note.load(claim, claim is not None and claim.id in self.commented)

    def _sync_row(self, scroll: bool) -> None:
        """Select the current claim's row (or none); scroll to it only if asked."""
        claim = self.selection.claim
        self._syncing = True
        try:
            if claim is None:
                self.view.clearSelection()
                return
            row = self.model.row_of(claim.id)
            if row is None:
                return
            self.model.ensure_loaded(row)
            idx = self.model.index(row, 0)
            if self.view.model() is self.proxy:
                idx = self.proxy.mapFromSource(idx)
            if idx.isValid():
                self.view.selectionModel().setCurrentIndex(
                    idx,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                if scroll:
                    self.view.scrollTo(idx)
        finally:
            self._syncing = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Rows moving under the view (a change arriving) are not the user choosing one.
        if self._syncing or self.selection.article.changing or not current.isValid():
            return
        claim_id = current.siblingAtColumn(0).data(CLAIM_ID_ROLE)
        row = self.model.row_of(int(claim_id)) if claim_id is not None else None
        if row is not None:
            # Clicking the current row again still selects its text.
            self.selection.set_claim(self.model.claim(row), by=self, again=True)

    def step(self, step: int) -> None:
        """The next or previous claim of the table (as filtered), wrapping around."""
        model = self.view.model()
        cur = self.view.selectionModel().currentIndex()
        at = cur.row() + step if cur.isValid() else (0 if step > 0 else -1)
        # Rows are handed to the view in batches: fetch what the step needs, or all to wrap.
        while (at >= model.rowCount() or at < 0) and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        rows = model.rowCount()
        if not rows:
            return
        row = (cur.row() + step) % rows if cur.isValid() else (0 if step > 0 else rows - 1)
        self.view.selectRow(row)
        self._row_changed(model.index(row, 0), QModelIndex())

    # -- legend -------------------------------------------------------------------------
    def _show_counts(self) -> None:
        counts = self.selection.article.claims.counts()
        for tag, chip in self.legend.items():
            chip.setText(f"{tag.label}  {counts[tag]}")

    def _legend_toggled(self) -> None:
        shown = {t.value for t, chip in self.legend.items() if chip.isChecked()}
        self.proxy.set_shown(shown)
        model = self.proxy if len(shown) < len(Tag) else self.model
        if self.view.model() is not model:
            self.view.setModel(model)
            self.view.selectionModel().currentRowChanged.connect(self._row_changed)

    # -- the review discussion ------------------------------------------------------------
    def on_change(self, cs: ChangeSet) -> None:
        if cs.article_id == self.selection.article_id and cs.touches(Kind.COMMENTS):
            self._load_commented()

    def refresh(self) -> None:
        self._load_commented()

    def _load_commented(self) -> None:
        article_id = self.selection.article_id
        if article_id is None:
            return

        def load(desk: Desk) -> set[int]:
            from fact_gui.services import review

            return review.commented_claims(desk, article_id)

        def show(commented: set[int]) -> None:
            if self.selection.article_id == article_id:
                self.commented = commented
                claim = self.selection.claim
                self.note.show_discussion(claim is not None and claim.id in commented)

        self.ops.read(load, "Reading the discussion").success(show).run()

    def closing(self) -> None:
        self.note.commit()
