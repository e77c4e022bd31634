"""Library panel: the desk's articles with state and claim counts; picking one opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fact_gui.domain.workflow import State
from fact_gui.services.changes import ChangeSet, Kind
from fact_gui.ui import look
from fact_gui.ui.actions import Actions
from fact_gui.ui.library.model import ARTICLE_ID_ROLE, LibraryFilterProxy, LibraryModel
from fact_gui.ui.panel import Area, Panel, Shell
from fact_gui.ui.tables import column_menu, setup_table
from fact_gui.ui.versions.badge import version_badges

if TYPE_CHECKING:
    from fact_gui.services.articles import LibraryRow
    from fact_gui.services.context import Desk


class LibraryPanel(Panel):
    """The left column.

    Counts of the open article come from its claims as shown (no query, and edits
    on their way count at once); other articles' counts are asked for again.
    """

    name = "library"
    area = Area.LEFT
    kinds = frozenset({Kind.ARTICLES, Kind.CLAIMS})

    def __init__(self, shell: Shell) -> None:
        self.model = LibraryModel(shell.window)
        self.proxy = LibraryFilterProxy(shell.window)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self._syncing = False
        super().__init__(shell)
        self.widget()
        self.ops.attached.connect(self.refresh)
        self.selection.articleOpened.connect(self._article_opened)
        self.selection.claimsChanged.connect(lambda: self.shell.later(self._claims_changed))

    def register(self, actions: Actions) -> None:
        actions.add("library.filter", "Filter &library", self._focus_filter, keys="Ctrl+L",
                    menu="Edit", group=30)  # fmt: skip

    def build(self) -> QWidget:
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText("Filter articles…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.state_filter = QComboBox()
        self.state_filter.addItem("All states", "")
        for st in State:
            self.state_filter.addItem(st.label, st.value)
        self.state_filter.setToolTip("Show only articles in this state")
        self.state_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_state(str(self.state_filter.currentData()))
        )
        self.view = QTableView()
        self.view.setModel(self.proxy)
        setup_table(self.view)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 84), (2, 82), (3, 26), (4, 26), (5, 26)):
            self.view.setColumnWidth(col, width)
        version_badges(self.view, LibraryModel.VERSIONS_COLUMN)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The state shows as a coloured dot on the title (and a filter); its column on demand.
        column_menu(self.view, hidden=(LibraryModel.STATE_COLUMN,))
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.activated.connect(lambda idx: self._row_changed(idx, QModelIndex()))

        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self._empty_page())
        self.stack.setCurrentIndex(1)

        panel, lay = look.titled_column("Library", (8, 8, 4, 8))
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.state_filter)
        lay.addLayout(filters)
        lay.addWidget(self.stack, 1)
        return panel

    def _empty_page(self) -> QWidget:
        """An empty library offers a way in: the sample articles, or files to import."""
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addStretch(1)
        hint = QLabel("Your library is empty.\nImport articles to start annotating.")
        hint.setObjectName("emptyHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.seed_button = QPushButton("Add the sample articles")
        self.seed_button.setToolTip("Two real articles about one event, for practice")
        self.seed_button.clicked.connect(lambda: self.actions.trigger("file.import_samples"))
        self.seed_button.hide()  # until a database is open
        import_button = QPushButton("Import files…")
        import_button.clicked.connect(lambda: self.actions.trigger("file.import"))
        lay.addWidget(hint)
        lay.addSpacing(8)
        for b in (self.seed_button, import_button):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(b)
            row.addStretch(1)
            lay.addLayout(row)
        lay.addStretch(2)
        return page

    # -- data ---------------------------------------------------------------------
    def refresh(self) -> None:
        def load(desk: Desk) -> list[LibraryRow]:
            from fact_gui.services import articles

            return articles.library(desk)

        if self.ops.desk is not None:
            self.seed_button.show()
            self.ops.read(load, "Reading the library").success(self._reset).run()

    def _reset(self, rows: list[LibraryRow]) -> None:
        self.model.reset(rows)
        self._after_rows()

    def on_change(self, cs: ChangeSet) -> None:
        ids = set(cs.articles)
        open_id = self.selection.article_id
        if cs.touches(Kind.CLAIMS) and cs.article_id is not None and cs.article_id != open_id:
            ids.add(cs.article_id)  # counts of an article not open here: ask again
        if not ids:
            return

        def load(desk: Desk) -> list[LibraryRow]:
            from fact_gui.services import articles

            return articles.library(desk, sorted(ids))

        self.ops.read(load, "Reading the library").success(self._upsert).run()

    def _upsert(self, rows: list[LibraryRow]) -> None:
        self.model.upsert(rows)
        self._after_rows()

    def _after_rows(self) -> None:
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self.view.setColumnHidden(LibraryModel.VERSIONS_COLUMN, not self.model.has_versions())
        doc = self.selection.article
        if doc.id is not None:
            # The database knows only saved claims; the open article shows edits on their way.
            self.model.set_counts(doc.id, doc.claims.counts())
            self._select(doc.id)

    def _claims_changed(self) -> None:
        doc = self.selection.article
        if doc.id is not None:
            self.model.set_counts(doc.id, doc.claims.counts())

    def _article_opened(self) -> None:
        doc = self.selection.article
        if doc.id is None:
            return
        if doc.state is not None:
            # Another window (another person) may have moved it along since it was listed.
            self.model.set_state(doc.id, doc.state.value)
        self._select(doc.id)

    # -- the user ---------------------------------------------------------------------
    def _focus_filter(self) -> None:
        self.filter.setFocus()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        article_id = int(self.proxy.index(current.row(), 0).data(ARTICLE_ID_ROLE))
        if article_id != self.selection.article_id:
            self.selection.open(article_id)

    def _select(self, article_id: int) -> None:
        row = self.model.row_of(article_id)
        heading = self.selection.article.heading
        if row is None and heading is not None and heading.id == article_id:
            row = self.model.row_of_lineage(heading.lineage_id)  # an older version is open
        if row is None:
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if idx.isValid():
            self._syncing = True
            try:
                self.view.selectionModel().setCurrentIndex(
                    idx,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
            finally:
                self._syncing = False
