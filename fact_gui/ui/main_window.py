"""The main window: library, article pane, claims panel; every action one key away."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QContextMenuEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fact_gui import DISPLAY_NAME
from fact_gui.domain.claims import ClaimIndex, ClaimRow
from fact_gui.domain.tags import Tag
from fact_gui.domain.text import snap_span
from fact_gui.domain.workflow import State
from fact_gui.ui import look
from fact_gui.ui.dialogs import (
    Alerts,
    ExportDialog,
    FilePicker,
    PropertiesAnswer,
    PropertiesDialog,
)
from fact_gui.ui.gcpause import gc_paused
from fact_gui.ui.models import (
    ARTICLE_ID_ROLE,
    CLAIM_ID_ROLE,
    ClaimsModel,
    LibraryFilterProxy,
    LibraryModel,
    TagFilterProxy,
)
from fact_gui.ui.settings import Settings
from fact_gui.ui.text_pane import ArticleView

if TYPE_CHECKING:
    from fact_gui.services.changes import ChangeSet
    from fact_gui.services.context import Desk
    from fact_gui.services.intake import ImportReport

# Note typing is saved after this pause (and at once on leaving the editor).
NOTE_SAVE_DELAY_MS = 700


class _Pane(ArticleView):
    """The article view plus a context menu with the tag actions."""

    def __init__(self, claims: ClaimIndex, parent: QWidget | None = None) -> None:
        super().__init__(claims, parent)
        self.context_actions: list[QAction | None] = []  # None: a separator

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(e.pos())
        menu.addSeparator()
        for a in self.context_actions:
            if a is None:
                menu.addSeparator()
            else:
                menu.addAction(a)
        menu.exec(e.globalPos())
        menu.deleteLater()


class MainWindow(QMainWindow):
    """Built without a database so it paints at once; ``attach`` connects it to one."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.desk: Desk | None = None
        self.article_id: int | None = None
        self.undo_stack = QUndoStack(self)
        # The open article's claims: one index shared by the text pane and the table.
        self.claims = ClaimIndex()
        self._syncing = False  # guards caret <-> row feedback
        self._note_claim: int | None = None
        self.setWindowTitle(DISPLAY_NAME)
        self.resize(1500, 900)
        self.setAcceptDrops(True)  # files, folders and links dropped here are imported
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.commit_note)
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(800)
        self._scroll_timer.timeout.connect(self._remember_position)
        self.set_saved_state("Opening database…")
        self._show_header()
        self._update_enabled()

    # ------------------------------------------------------------------ build
    def _build_widgets(self) -> None:
        # Library (left)
        self.library_model = LibraryModel(self)
        self.library_proxy = LibraryFilterProxy(self)
        self.library_proxy.setSourceModel(self.library_model)
        self.library_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.library_proxy.setFilterKeyColumn(-1)
        self.library_filter = QLineEdit()
        self.library_filter.setObjectName("filter")
        self.library_filter.setPlaceholderText("Filter articles…")
        self.library_filter.setClearButtonEnabled(True)
        self.library_filter.textChanged.connect(self.library_proxy.setFilterFixedString)
        self.state_filter = QComboBox()
        self.state_filter.addItem("All states", "")
        for st in State:
            self.state_filter.addItem(st.label, st.value)
        self.state_filter.setToolTip("Show only articles in this state")
        self.state_filter.currentIndexChanged.connect(
            lambda _i: self.library_proxy.set_state(str(self.state_filter.currentData()))
        )
        self.library_view = QTableView()
        self.library_view.setModel(self.library_proxy)
        self._table_defaults(self.library_view)
        self.library_view.setSortingEnabled(True)
        self.library_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        hh = self.library_view.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 84), (2, 82), (3, 26), (4, 26), (5, 26)):
            self.library_view.setColumnWidth(col, width)
        self.library_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The state shows as a coloured dot on the title (and a filter); its column on demand.
        _column_menu(self.library_view, hidden=(LibraryModel.STATE_COLUMN,))
        self.library_view.selectionModel().currentRowChanged.connect(self._library_row_changed)
        self.library_view.activated.connect(
            lambda idx: self._library_row_changed(idx, QModelIndex())
        )

        empty = QWidget()
        ev = QVBoxLayout(empty)
        ev.addStretch(1)
        hint = QLabel("Your library is empty.\nImport articles to start annotating.")
        hint.setObjectName("emptyHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.seed_button = QPushButton("Add the sample articles")
        self.seed_button.setToolTip("Two real articles about one event, for practice")
        self.seed_button.clicked.connect(self.import_seeds)
        import_button = QPushButton("Import files…")
        import_button.clicked.connect(lambda: self.import_dialog())
        ev.addWidget(hint)
        ev.addSpacing(8)
        for b in (self.seed_button, import_button):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(b)
            row.addStretch(1)
            ev.addLayout(row)
        ev.addStretch(2)
        self.library_stack = QStackedWidget()
        self.library_stack.addWidget(self.library_view)
        self.library_stack.addWidget(empty)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(8, 8, 4, 8)
        title = QLabel("Library")
        title.setObjectName("panelTitle")
        lv.addWidget(title)
        filters = QHBoxLayout()
        filters.addWidget(self.library_filter, 1)
        filters.addWidget(self.state_filter)
        lv.addLayout(filters)
        lv.addWidget(self.library_stack, 1)

        # Article (centre)
        self.article_title = QLabel()
        self.article_title.setObjectName("articleTitle")
        self.article_title.setWordWrap(True)
        self.article_meta = QLabel()
        self.article_meta.setObjectName("articleMeta")
        self.article_meta.setWordWrap(True)  # hints must not widen the reading column
        self.state_badge = QLabel()
        self.state_badge.setObjectName("stateBadge")
        self.view = _Pane(self.claims)
        self.view.caretClaimChanged.connect(self._caret_claim_changed)
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._scroll_timer.start())
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("find")
        self.find_edit.setPlaceholderText("Find in article (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMaximumWidth(280)
        self.find_edit.returnPressed.connect(self.find_next)
        centre = QWidget()
        cv = QVBoxLayout(centre)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.setSpacing(0)
        cv.addWidget(self.article_title)
        head = QHBoxLayout()
        head.addWidget(self.article_meta, 1)
        head.addWidget(self.state_badge)
        head.setContentsMargins(0, 0, 24, 0)
        cv.addLayout(head)
        cv.addWidget(self.view, 1)

        # Claims (right)
        self.claims_model = ClaimsModel(self.claims, self)
        self.claims_proxy = TagFilterProxy(self)
        self.claims_proxy.setSourceModel(self.claims_model)
        self.claims_view = QTableView()
        # The proxy only while filtering: it maps every row on each reset (ms at 10k).
        self.claims_view.setModel(self.claims_model)
        self._table_defaults(self.claims_view)
        ch = self.claims_view.horizontalHeader()
        ch.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 122), (2, 104), (3, 70), (4, 50)):
            self.claims_view.setColumnWidth(col, width)
        self.claims_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.claims_view.setColumnWidth(5, 96)
        # Analyst and time are one right-click away on the header: the quote needs the room.
        _column_menu(self.claims_view, hidden=(3, 4))
        self.claims_view.selectionModel().currentRowChanged.connect(self._claim_row_changed)
        self.claims_view.clicked.connect(lambda idx: self._claim_row_changed(idx, QModelIndex()))
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
            chip.setText(f"{tag.label}  0")
            chip.toggled.connect(self._legend_toggled)
            # Room for four-digit counts: a changing count must not re-lay the panel out.
            chip.setMinimumWidth(chip.fontMetrics().horizontalAdvance(f"{tag.label}  0000") + 40)
            self.legend[tag] = chip
            legend_row.addWidget(chip)
        legend_row.addStretch(1)
        self.note_label = QLabel("Note")
        self.note_label.setObjectName("panelTitle")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEditor")
        self.note_edit.setPlaceholderText(
            "Select a claim to write a note: why this tag, what to check…"
        )
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(150)
        self.note_edit.textChanged.connect(self._note_typed)
        self.note_edit.installEventFilter(self)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(4, 8, 8, 8)
        ctitle = QLabel("Claims")
        ctitle.setObjectName("panelTitle")
        rv.addWidget(ctitle)
        rv.addLayout(legend_row)
        rv.addWidget(self.claims_view, 1)
        rv.addWidget(self.note_label)
        rv.addWidget(self.note_edit)
        self.discussion = QLabel()
        self.discussion.setObjectName("discussion")
        self.discussion.setWordWrap(True)
        self.discussion.setTextFormat(Qt.TextFormat.RichText)
        rv.addWidget(self.discussion)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([380, 600, 520])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        from fact_gui.ui.review_ui import HistoryPanel

        self.history = HistoryPanel()
        self.history.claim_only.toggled.connect(lambda _on: self.refresh_history())
        self.history_dock = QDockWidget("History", self)
        self.history_dock.setObjectName("historyDock")
        self.history_dock.setWidget(self.history)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.history_dock)
        self.history_dock.hide()
        self.history_dock.visibilityChanged.connect(lambda _v: self.refresh_history())
        self.tracker: Any = None  # SessionTracker, once a database is open
        self._jobs: set[Any] = set()  # worker threads still running
        self._commented: set[int] = set()  # claims of the open article with queries or replies

        self.saved_label = QLabel()
        # Fixed width: the saved time changes on every action; the bar must not re-flow.
        self.saved_label.setMinimumWidth(
            self.saved_label.fontMetrics().horizontalAdvance("⚠ Not saved 00:00:00") + 16
        )
        self.user_label = QLabel()
        self.db_label = QLabel()
        sb = self.statusBar()
        sb.addPermanentWidget(self.user_label)
        sb.addPermanentWidget(self.db_label)
        sb.addPermanentWidget(self.saved_label)

    @staticmethod
    def _table_defaults(view: QTableView, lines: int = 2) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        # Fixed-height rows of two lines: long titles and quotes wrap instead of
        # vanishing behind an ellipsis, and no row height is ever measured.
        row = view.fontMetrics().lineSpacing() * lines + 10
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(row)
        view.setShowGrid(False)
        view.setAlternatingRowColors(True)
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.horizontalHeader().setHighlightSections(False)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def _action(
        self, text: str, slot: Callable[[], Any], keys: Any = None, tip: str = ""
    ) -> QAction:
        act = QAction(text, self)
        if keys is not None:
            act.setShortcuts(keys if isinstance(keys, list) else [QKeySequence(keys)])
        act.setToolTip(
            f"{tip or text.replace('&', '').rstrip('…')}"
            + (
                f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                if keys
                else ""
            )
        )
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)  # shortcuts work wherever focus is in the window
        return act

    def _build_actions(self) -> None:
        self.act_import = self._action(
            "&Import…", self.import_dialog, QKeySequence.StandardKey.Open, "Import article files"
        )
        self.act_import_folder = self._action(
            "Import &folder…", self.import_folder_dialog, "Ctrl+Shift+O",
            "Import every article in a folder and its subfolders",
        )  # fmt: skip
        self.act_import_url = self._action(
            "Import from &link…", self.import_url_dialog, "Ctrl+Shift+L",
            "Fetch an article from a web address",
        )  # fmt: skip
        self.act_paste = self._action(
            "&Paste as new article", self.paste_as_article, "Ctrl+Shift+V",
            "Import the text or web page on the clipboard, with a preview",
        )  # fmt: skip
        self.act_save_original = self._action(
            "Save &original…", self.save_original, None,
            "Write the bytes the article was imported from",
        )  # fmt: skip
        self.act_export = self._action(
            "&Export CSV…", self.export_dialog, "Ctrl+E", "Export claims as CSV"
        )
        self.act_quit = self._action("&Quit", self.close, "Ctrl+Q")
        self.act_tags: dict[Tag, QAction] = {}
        for tag in Tag:
            act = self._action(
                f"&{tag.key} {tag.label}",
                partial(self.tag_selection, tag),
                tag.key,
                f"Tag the selection {tag.label}",
            )
            act.setIcon(look.tag_icon(tag))
            # Brackets mark a key, so the toolbar cannot be read as claim counts.
            act.setIconText(f"{tag.label} [{tag.key}]")
            self.act_tags[tag] = act
        self.act_delete = self._action(
            "&Remove claim",
            self.delete_current,
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Backspace")],
        )
        style = self.style()
        sp = style.StandardPixmap
        self.act_import.setIcon(style.standardIcon(sp.SP_DialogOpenButton))
        self.act_export.setIcon(style.standardIcon(sp.SP_DialogSaveButton))
        self.act_delete.setIcon(style.standardIcon(sp.SP_TrashIcon))
        self.act_delete.setIconText("Remove [Del]")
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setIcon(style.standardIcon(sp.SP_ArrowBack))
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_redo.setIcon(style.standardIcon(sp.SP_ArrowForward))
        # An explicit icon text keeps toolbar labels still; the menu says what will be undone.
        self.act_undo.setIconText("Undo")
        self.act_redo.setIconText("Redo")
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        self.act_find = self._action("&Find…", self.focus_find, QKeySequence.StandardKey.Find)
        self.act_find_next = self._action(
            "Find &next", self.find_next, QKeySequence.StandardKey.FindNext
        )
        self.act_filter = self._action("Filter &library", self.library_filter.setFocus, "Ctrl+L")
        self.act_properties = self._action(
            "&Properties…",
            self.properties_dialog,
            "Ctrl+I",
            "Edit the article's title, outlet, author, URL and date",
        )
        self.act_next_claim = self._action("Next claim", lambda: self.step_claim(1), "Ctrl+Down")
        self.act_prev_claim = self._action("Previous claim", lambda: self.step_claim(-1), "Ctrl+Up")
        self.act_name = self._action("Your &name…", self.change_name)
        # Review: a mode the window switches into; its keys work only there.
        self.act_review_mode = QAction("&Review mode", self, checkable=True)
        self.act_review_mode.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.act_review_mode.setToolTip("Switch between annotating and reviewing (Ctrl+Shift+R)")
        self.act_review_mode.toggled.connect(self._review_mode_toggled)
        self.addAction(self.act_review_mode)
        self.act_accept = self._action("&Accept claim", self.review_accept, "A",
                                       "Accept the claim and go to the next one")  # fmt: skip
        self.act_query = self._action("&Query claim…", self.review_query, "Q",
                                      "Ask the analyst about this claim")  # fmt: skip
        self.act_review_next = self._action("&Next claim", lambda: self.step_claim(1), "N")
        self.act_review_prev = self._action("&Previous claim", lambda: self.step_claim(-1), "P")
        self.act_return = self._action("&Return to analyst…", self.review_return, None,
                                       "Send the article back with comments")  # fmt: skip
        self.act_signoff = self._action(
            "&Sign off…", self.review_sign_off, "Ctrl+Shift+S", "Approve every claim and lock it"
        )
        self.act_submit = self._action("Su&bmit for review", self.submit_article, "Ctrl+Return",
                                       "Hand the article to a reviewer")  # fmt: skip
        self.act_reopen = self._action("Re&open…", self.reopen_article, None,
                                       "Unlock a signed-off article (needs a reason)")  # fmt: skip
        self.act_reply = self._action("Rep&ly to query…", self.reply_to_query, "Ctrl+Shift+Y",
                                      "Answer the reviewer's query on this claim")  # fmt: skip
        self.act_history = self.history_dock.toggleViewAction()
        self.act_history.setText("&History")
        self.act_history.setShortcut(QKeySequence("Ctrl+H"))
        self.addAction(self.act_history)
        self.act_sessions = self._action("&Sessions…", self.show_sessions)
        self.act_self_review = QAction("Allow &self-review (one-person desk)", self, checkable=True)
        self.act_self_review.setChecked(self.settings.allow_self_review)
        self.act_self_review.toggled.connect(self._self_review_toggled)
        self.act_dark = QAction("&Dark theme", self, checkable=True)
        self.act_dark.setChecked(self.settings.theme == "dark")
        self.act_dark.toggled.connect(self._toggle_dark)
        self.view.context_actions = [*self.act_tags.values(), self.act_delete]

        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.act_import)
        tb.addAction(self.act_export)
        tb.addSeparator()
        for act in self.act_tags.values():
            tb.addAction(act)
        tb.addAction(self.act_delete)
        tb.addSeparator()
        tb.addAction(self.act_undo)
        tb.addAction(self.act_redo)
        tb.addSeparator()
        tb.addAction(self.act_review_mode)
        self.addToolBarBreak()  # the review bar gets a row of its own
        self.review_bar = self.addToolBar("Review")
        self.review_bar.setObjectName("reviewToolbar")
        self.review_bar.setMovable(False)
        self.review_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        review_buttons = (
            (self.act_review_prev, "◀ Previous [P]"),
            (self.act_review_next, "Next [N] ▶"),
            (self.act_accept, "✓ Accept [A]"),
            (self.act_query, "? Query [Q]"),
            (self.act_return, "Return…"),
            (self.act_signoff, "Sign off…"),
        )
        for act, label in review_buttons:
            act.setIconText(label)
            self.review_bar.addAction(act)
        self.review_bar.hide()
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        tb.addWidget(self.find_edit)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("&File")
        m.addActions([self.act_import, self.act_import_folder, self.act_import_url])
        m.addSeparator()
        m.addAction(self.act_export)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("&Edit")
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addAction(self.act_paste)
        m.addSeparator()
        m.addActions([self.act_find, self.act_find_next, self.act_filter])
        m.addSeparator()
        m.addAction(self.act_name)
        m = mb.addMenu("&Claim")
        m.addActions(list(self.act_tags.values()))
        m.addAction(self.act_delete)
        m.addSeparator()
        m.addActions([self.act_next_claim, self.act_prev_claim])
        m = mb.addMenu("&Article")
        m.addActions([self.act_properties, self.act_save_original])
        m.addSeparator()
        m.addActions([self.act_submit, self.act_reply, self.act_reopen])
        m = mb.addMenu("&Review")
        m.addAction(self.act_review_mode)
        m.addSeparator()
        m.addActions([self.act_review_prev, self.act_review_next, self.act_accept, self.act_query])
        m.addSeparator()
        m.addActions([self.act_return, self.act_signoff])
        m.addSeparator()
        m.addAction(self.act_self_review)
        m = mb.addMenu("&View")
        m.addActions([self.act_history, self.act_sessions])
        m.addSeparator()
        m.addAction(self.act_dark)

    # ------------------------------------------------------------- database
    def attach(self, desk: Desk) -> None:
        """Connect to an open database: fill the library, reopen where the user left."""
        self.desk = desk
        self.user_label.setText(f"Analyst: {desk.user}")
        self.db_label.setText(_short_db(desk.url))
        self.db_label.setToolTip(desk.url)
        self.refresh_library()
        last, scroll = self.settings.last_position(desk.url)
        if last is not None and self.library_model.row_of(last) is not None:
            self.open_article(last, scroll=scroll)
        self.set_saved_state("Saved")
        from fact_gui.ui.review_ui import SessionTracker

        self.tracker = SessionTracker(desk, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.tracker)
        if self.article_id is not None:
            self.tracker.set_article(self.article_id)
        self._update_enabled()

    def run_change(self, fn: Callable[..., ChangeSet], *args: Any) -> ChangeSet | None:
        """Run a service call; on success apply its change set, on failure say why."""
        from fact_gui.domain.errors import FactGuiError

        assert self.desk is not None
        try:
            cs = fn(self.desk, *args)
        except FactGuiError as exc:
            self.set_saved_state("Not saved", error=str(exc))
            Alerts.show(self, "Not saved", str(exc))
            return None
        self.apply_changes(cs)
        self.set_saved_state("Saved")
        return cs

    def apply_changes(self, cs: ChangeSet) -> None:
        """Refresh exactly what a change set touched."""
        if cs.upserted or cs.removed:
            if cs.article_id != self.article_id and cs.article_id is not None:
                # An undo/redo in another article: show it (it already holds the change).
                self.open_article(cs.article_id)
            else:
                ranges = []
                for c in cs.removed:
                    gone = self.claims.get(c.id) or c
                    ranges.append((gone.start, gone.end))
                    self.claims_model.remove(c.id)
                added = 0
                for c in cs.upserted:
                    before = self.claims.get(c.id)
                    if before is not None:
                        ranges.append((before.start, before.end))
                    else:
                        added += 1
                    ranges.append((c.start, c.end))
                    self.claims_model.upsert(c)
                if self.tracker is not None and cs.article_id is not None:
                    changed = len(cs.upserted) - added + len(cs.removed)
                    self.tracker.claims_changed(cs.article_id, added, changed)
                self.view.repaint_ranges(ranges)
                self._update_counts()
                if cs.upserted:
                    self._select_claim_row(cs.upserted[-1].id)
        if cs.articles:
            self._refresh_library_rows(list(cs.articles))
            self._update_enabled()  # a state change locks or unlocks editing
        self.refresh_history()

    def refresh_library(self) -> None:
        from fact_gui.services import articles

        assert self.desk is not None
        self.library_model.reset(articles.library(self.desk))
        self._update_library_stack()

    def _refresh_library_rows(self, ids: list[int]) -> None:
        from fact_gui.services import articles

        assert self.desk is not None
        self.library_model.upsert(articles.library(self.desk, ids))
        self._update_library_stack()
        if self.article_id in ids:
            self._show_header()

    def _update_library_stack(self) -> None:
        self.library_stack.setCurrentIndex(0 if self.library_model.rowCount() else 1)

    # -------------------------------------------------------------- articles
    def open_article(self, article_id: int, scroll: int | None = None) -> None:
        from fact_gui.services import articles

        assert self.desk is not None
        self.commit_note()
        if self.article_id is not None:
            self._remember_position(sync=False)
        with gc_paused():
            text, claims, state = articles.open_view(self.desk, article_id)
            # Another window (another person) may have moved it along since we listed it.
            self.library_model.set_state(article_id, state)
            self.article_id = article_id
            self.claims_model.reset(claims)  # fills the shared index first
            self.view.show_article(text)
        self._update_counts()
        self._show_header()
        self._select_library_row(article_id)
        self._load_note(None)
        if scroll is not None:
            self.view.verticalScrollBar().setValue(scroll)
        self._remember_position(sync=False)
        self._scroll_timer.start()  # written to disk shortly, off the critical path
        if self.tracker is not None:
            self.tracker.set_article(article_id)
        from fact_gui.services import review

        self._commented = review.commented_claims(self.desk, article_id)
        self.refresh_history()
        self._update_enabled()

    def _show_header(self) -> None:
        row = self.library_model.row_of(self.article_id) if self.article_id is not None else None
        if row is None:
            self.article_title.setText("No article open")
            self.article_meta.setText(
                "Pick one in the library, import files (Ctrl+O), a link (Ctrl+Shift+L), "
                "or paste a page (Ctrl+Shift+V)."
            )
            self.state_badge.setText("")
            return
        a = self.library_model.article(row)
        self.article_title.setText(a.title)
        self.setWindowTitle(f"{a.title} — {DISPLAY_NAME}")
        meta = [x for x in (a.outlet, a.published.isoformat() if a.published else "") if x]
        n = sum(a.counts.values())
        meta.append(f"{n} claim{'s' if n != 1 else ''}")
        self.article_meta.setText("  ·  ".join(meta))
        self._show_state(State(a.state))

    def _show_state(self, state: State) -> None:
        """The workflow badge; a signed-off article is checked against its digest."""
        from fact_gui.services import signoffs

        colour = {State.NEW: "#6b7178", State.ANNOTATING: "#0072B2",
                  State.SUBMITTED: "#b26b00", State.SIGNED_OFF: "#1b7f4b"}[state]  # fmt: skip
        text = f"● {state.label}"
        tip = ""
        if state is State.SIGNED_OFF and self.desk is not None and self.article_id is not None:
            info = signoffs.current_signoff(self.desk, self.article_id)
            if info is not None:
                text = f"✔ Signed off by {info.reviewer}, {info.at[:10]}"
                tip = f"Digest {info.digest}" + (" — self-review" if info.self_review else "")
                if not info.matches:
                    text, colour = "⚠ TAMPERED: changed since its sign-off", "#b3261e"
                    tip = "The text or claims no longer match the signed digest. " + tip
        elif state is State.SUBMITTED:
            text = "● Submitted — waiting for review"
        self.state_badge.setText(text)
        self.state_badge.setToolTip(tip)
        self.state_badge.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def _library_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        article_id = int(
            current.data(ARTICLE_ID_ROLE)
            or self.library_proxy.index(current.row(), 0).data(ARTICLE_ID_ROLE)
        )
        if article_id != self.article_id:
            self.open_article(article_id)

    def _select_library_row(self, article_id: int) -> None:
        row = self.library_model.row_of(article_id)
        if row is None:
            return
        idx = self.library_proxy.mapFromSource(self.library_model.index(row, 0))
        if idx.isValid():
            self._syncing = True
            try:
                self.library_view.selectionModel().setCurrentIndex(
                    idx,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
            finally:
                self._syncing = False

    def _remember_position(self, sync: bool = True) -> None:
        if self.desk is None:
            return
        self.settings.set_last_position(
            self.desk.url, self.article_id, self.view.verticalScrollBar().value()
        )
        if sync:
            self.settings.sync()

    # ---------------------------------------------------------------- claims
    def current_claim(self) -> ClaimRow | None:
        """The claim the user is on: the selected row, else the one under the caret."""
        idx = self.claims_view.selectionModel().currentIndex()
        if idx.isValid() and self.claims_view.selectionModel().isRowSelected(
            idx.row(), QModelIndex()
        ):
            cid = idx.data(CLAIM_ID_ROLE)
            row = self.claims_model.row_of(int(cid)) if cid is not None else None
            if row is not None:
                claim = self.claims_model.claim(row)
                sel = self.view.selected_span()
                # A selection elsewhere in the text wins over a stale row.
                if sel is None or (claim.start <= sel[0] and sel[1] <= claim.end):
                    return claim
        return self.view.claim_under_caret()

    def tag_selection(self, tag: Tag) -> None:
        """Keys 1/2/3: tag the selected text, or retag the claim the user is on."""
        from fact_gui.ui import commands

        if self.article_id is None or self.desk is None:
            return
        sel = self.view.selected_span()
        if sel is not None:
            span = snap_span(self.view.text, *sel)
            if span is None:
                self.statusBar().showMessage(
                    "Only spaces are selected: select the words of a claim.", 4000
                )
                return
            same = self.claims.with_span(*span)
            if same is None:
                quote = self.view.text[span[0] : span[1]]
                self.undo_stack.push(
                    commands.TagSpan(self, self.article_id, span[0], span[1], tag, quote)
                )
                self.view.select_span(*span)
                return
            claim: ClaimRow | None = same
        else:
            claim = self.current_claim()
        if claim is None:
            self.statusBar().showMessage(
                "Select the text of a claim first (mouse, or Shift+arrows), then press 1, 2 or 3.",
                5000,
            )
            return
        if claim.tag != tag.value:
            self.undo_stack.push(commands.Retag(self, claim.id, Tag(claim.tag), tag, claim.quote))

    def delete_current(self) -> None:
        from fact_gui.ui import commands

        claim = self.current_claim()
        sel = self.view.selected_span()
        if sel is not None:
            span = snap_span(self.view.text, *sel)
            claim = (self.claims.with_span(*span) if span else None) or claim
        if claim is None:
            self.statusBar().showMessage(
                "Put the caret in a claim (or select its row) to remove it.", 4000
            )
            return
        self.undo_stack.push(commands.Remove(self, claim.id, claim.quote))

    def step_claim(self, step: int) -> None:
        model = self.claims_view.model()
        cur = self.claims_view.selectionModel().currentIndex()
        at = cur.row() + step if cur.isValid() else (0 if step > 0 else -1)
        # Rows are handed to the view in batches: fetch what the step needs, or all to wrap.
        while (at >= model.rowCount() or at < 0) and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        rows = model.rowCount()
        if not rows:
            return
        row = (cur.row() + step) % rows if cur.isValid() else (0 if step > 0 else rows - 1)
        self.claims_view.selectRow(row)
        self._claim_row_changed(self.claims_view.model().index(row, 0), QModelIndex())

    def _claim_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        cid = (
            current.data(CLAIM_ID_ROLE)
            if current.column() == 0
            else current.siblingAtColumn(0).data(CLAIM_ID_ROLE)
        )
        row = self.claims_model.row_of(int(cid))
        if row is None:
            return
        claim = self.claims_model.claim(row)
        self._syncing = True
        try:
            self.view.select_span(claim.start, claim.end)
        finally:
            self._syncing = False
        self._load_note(claim)

    def _caret_claim_changed(self, claim_id: int) -> None:
        if self._syncing:
            return
        if claim_id < 0:
            self._syncing = True
            try:
                self.claims_view.clearSelection()
            finally:
                self._syncing = False
            self._load_note(None)
            return
        self._select_claim_row(claim_id)

    def _select_claim_row(self, claim_id: int) -> None:
        row = self.claims_model.row_of(claim_id)
        if row is None:
            return
        idx = self._claims_view_index(row)
        self._syncing = True
        try:
            if idx.isValid():
                self.claims_view.selectionModel().setCurrentIndex(
                    idx,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.claims_view.scrollTo(idx)
        finally:
            self._syncing = False
        self._load_note(self.claims_model.claim(row))

    def _legend_toggled(self) -> None:
        shown = {t.value for t, chip in self.legend.items() if chip.isChecked()}
        self.claims_proxy.set_shown(shown)
        model = self.claims_proxy if len(shown) < len(Tag) else self.claims_model
        if self.claims_view.model() is not model:
            self.claims_view.setModel(model)
            self.claims_view.selectionModel().currentRowChanged.connect(self._claim_row_changed)

    def _claims_view_index(self, source_row: int) -> QModelIndex:
        """A row of the claims model as an index of what the table shows (filtered or not)."""
        self.claims_model.ensure_loaded(source_row)
        idx = self.claims_model.index(source_row, 0)
        return (
            self.claims_proxy.mapFromSource(idx)
            if self.claims_view.model() is self.claims_proxy
            else idx
        )

    def _update_counts(self) -> None:
        """Legend and library counts of the open article, from the index (no query)."""
        counts = self.claims.counts()
        for tag, chip in self.legend.items():
            chip.setText(f"{tag.label}  {counts[tag]}")
        if self.article_id is not None:
            self.library_model.set_counts(self.article_id, counts)
            self._show_header()

    # ------------------------------------------------------------------ note
    def _load_note(self, claim: ClaimRow | None) -> None:
        if claim is not None and claim.id == self._note_claim:
            return
        self.commit_note()
        self._note_claim = claim.id if claim else None
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(claim.note if claim else "")
        self.note_edit.blockSignals(False)
        self.note_edit.setEnabled(claim is not None)
        self.note_label.setText(f"Note on {_quote_label(claim.quote)}" if claim else "Note")
        self._show_discussion(claim.id if claim else None)
        if self.history.claim_only.isChecked():
            self.refresh_history()

    def _note_typed(self) -> None:
        self.set_saved_state("Editing note…")
        self._note_timer.start()

    def commit_note(self) -> None:
        """Save the note being typed (after a pause, on leaving the editor, on switching claims)."""
        self._note_timer.stop()
        if self._note_claim is None or self.desk is None:
            return
        from fact_gui.ui import commands

        row = self.claims_model.row_of(self._note_claim)
        if row is None:
            return
        old = self.claims_model.claim(row).note
        new = self.note_edit.toPlainText()
        if new != old:
            self.undo_stack.push(commands.EditNote(self, self._note_claim, old, new))

    def eventFilter(self, obj: Any, event: Any) -> bool:
        if obj is self.note_edit and event.type() == event.Type.FocusOut:
            self.commit_note()
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------ import/export
    def import_dialog(self) -> None:
        """File > Import: one file gets a preview when a trim is suggested; several, a batch."""
        from fact_gui.services.formats import supported_extensions

        patterns = "Articles ({});;All files (*)".format(
            " ".join(f"*{e}" for e in supported_extensions())
        )
        files = FilePicker.open_articles(self, patterns)
        if len(files) == 1:
            self.import_one(files[0])
        elif files:
            self.import_batch(files)

    def import_folder_dialog(self) -> None:
        folder = FilePicker.open_folder(self)
        if folder:
            self.import_batch([folder])

    def import_url_dialog(self) -> None:
        from fact_gui.ui.intake_dialogs import ask_url

        url = ask_url(self)
        if url:
            self.import_one(url)

    def paste_as_article(self) -> None:
        """Edit > Paste as new article: the clipboard's HTML or text, through the preview."""
        from fact_gui.domain.errors import BadInput
        from fact_gui.services import intake

        mime = QApplication.clipboard().mimeData()
        html = mime.html() if mime is not None and mime.hasHtml() else ""
        text = mime.text() if mime is not None and mime.hasText() else ""
        try:
            prepared = intake.prepare_clipboard(text=text, html=html)
        except BadInput as exc:
            Alerts.show(self, "Nothing to paste", f"{exc.source}: {exc.reason}")
            return
        self._preview_and_save(prepared, always=True)

    def import_one(self, source: str) -> None:
        """One file or link: read it in a worker, then preview (if trimmed) and save."""
        from fact_gui.services import intake

        if self.desk is None:
            return

        def job(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> Any:
            progress(0, 0, f"Reading {source}…")
            return intake.prepare_safely(source)

        def done(prepared: Any) -> None:
            if isinstance(prepared, str):
                Alerts.show(self, "Not imported", f"{source}: {prepared}")
                return
            self._preview_and_save(prepared)

        self._run_job("Importing", job, done)

    def _preview_and_save(self, prepared: Any, always: bool = False) -> None:
        from fact_gui.domain.errors import BadInput
        from fact_gui.services import intake
        from fact_gui.ui.intake_dialogs import ImportPreview

        if self.desk is None:
            return
        overrides = None
        if always or prepared.extracted.trims:
            overrides = ImportPreview.ask(self, prepared)
            if overrides is None:
                self.statusBar().showMessage("Import cancelled; nothing was saved.", 5000)
                return
        try:
            outcome = intake.save(self.desk, prepared, overrides=overrides)
        except BadInput as exc:
            Alerts.show(self, "Not imported", f"{exc.source}: {exc.reason}")
            return
        self._after_import(intake.ImportReport([outcome]))

    def import_batch(self, sources: list[str]) -> None:
        """Many files, folders or links: a worker with a cancellable progress dialog."""
        from fact_gui.services import intake

        if self.desk is None:
            return
        desk = self.desk

        def job(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> Any:
            def step(done: int, total: int, o: intake.Outcome) -> None:
                progress(done, total, f"{done:,} of {total:,}: {Path(o.source).name}")

            return intake.import_sources(desk, sources, progress=step, cancelled=cancelled)

        self._run_job("Importing articles", job, self._after_import)

    def _after_import(self, report: ImportReport, summarise_success: bool = True) -> None:
        """Show what an import did: open the first article; list outcomes when it matters."""
        from fact_gui.ui.intake_dialogs import BatchSummary

        self.apply_changes(report.changes)
        first = next((o for o in report.outcomes if o.article_id is not None), None)
        if first is not None and first.article_id is not None:
            self.open_article(first.article_id)
            self.view.setFocus()
        self.statusBar().showMessage("Import: " + report.summary(), 8000)
        self.set_saved_state("Saved")
        batch = summarise_success and len(report.outcomes) > 1
        if batch or report.failed or report.cancelled:
            BatchSummary.show_report(self, report)

    # -- drag and drop -----------------------------------------------------------
    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if e.mimeData().hasUrls() and self.desk is not None:
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        """Files, folders and links dropped on the window are imported."""
        sources = []
        for url in e.mimeData().urls():
            if url.isLocalFile():
                sources.append(url.toLocalFile())
            elif url.scheme() in ("http", "https"):
                sources.append(url.toString())
        if not sources:
            return
        e.acceptProposedAction()
        if len(sources) == 1 and not Path(sources[0]).is_dir():
            self.import_one(sources[0])
        else:
            self.import_batch(sources)

    def import_seeds(self) -> None:
        from fact_gui import resources

        if self.desk is not None:
            self.settings.set_seeds_offered(self.desk.url)
        self.import_files([str(p) for p in resources.seed_paths()])

    def import_files(self, files: list[str]) -> ImportReport | None:
        """Import a few files at once, here and now (the seeds, files named at start-up)."""
        from fact_gui.services import intake

        if self.desk is None:
            return None
        self.set_saved_state("Importing…")
        report = intake.import_paths(self.desk, files)
        self._after_import(report, summarise_success=False)
        return report

    def export_dialog(self) -> None:
        from fact_gui.services import export

        if self.desk is None:
            return
        title = None
        if self.article_id is not None:
            row = self.library_model.row_of(self.article_id)
            title = self.library_model.article(row).title if row is not None else None
        answer = ExportDialog.ask(self, str(Path.home() / "claims.csv"), title)
        if answer is None:
            return
        desk, article = self.desk, (self.article_id if answer.article_only else None)

        def job(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> int:
            return export.export_csv(
                desk,
                answer.path,
                article_id=article,
                bom=answer.bom,
                signed_off_only=answer.signed_off_only,
                progress=lambda n: progress(n, 0, f"Exported {n:,} claims…"),
                cancelled=cancelled,
            )

        self._run_job(
            "Exporting claims",
            job,
            lambda n: self.statusBar().showMessage(f"Exported {n:,} claims to {answer.path}", 8000),
        )

    def _run_job(self, title: str, job: Any, done: Callable[[Any], None]) -> Any:
        from fact_gui.ui.worker import run_with_progress

        def failed(exc: BaseException) -> None:
            Alerts.show(self, f"{title} failed", str(exc))

        thread = run_with_progress(self, title, job, done, failed)
        self._jobs.add(thread)
        thread.finished.connect(lambda: self._jobs.discard(thread))
        return thread

    def _stop_jobs(self, timeout_ms: int = 15_000) -> None:
        """Cancel running workers and wait for them (a batch stops between two files)."""
        for thread in list(self._jobs):
            thread.cancel_event.set()
            thread.wait(timeout_ms)

    def properties_dialog(self) -> None:
        from fact_gui.services import articles

        if self.desk is None or self.article_id is None:
            return
        info = articles.info(self.desk, self.article_id)
        answer = PropertiesDialog.ask(self, info)
        if answer == "save-original":
            self.save_original()
        elif isinstance(answer, PropertiesAnswer):
            props = articles.Properties(
                answer.title, answer.outlet, answer.author, answer.url, answer.published
            )
            self.run_change(articles.update_properties, self.article_id, props)

    def save_original(self) -> None:
        """Write the bytes the open article was imported from (provenance)."""
        from fact_gui.services import articles

        if self.desk is None or self.article_id is None:
            return
        data, name = articles.original(self.desk, self.article_id)
        path = FilePicker.save_original(self, str(Path.home() / name))
        if not path:
            return
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            Alerts.show(self, "Original not saved", f"{path}: {exc.strerror or exc}")
            return
        self.statusBar().showMessage(f"Saved the original ({len(data):,} bytes) to {path}", 8000)

    def change_name(self) -> None:
        if self.desk is None:
            return
        name = FilePicker.ask_name(self, self.desk.user)
        if name:
            self.desk.user = name
            self.settings.user = name
            self.settings.sync()
            self.user_label.setText(f"Analyst: {name}")

    # ------------------------------------------------------------------ find
    def focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self) -> None:
        needle = self.find_edit.text()
        if not needle:
            return
        if not self.view.find(needle):
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.view.setTextCursor(cursor)
            if not self.view.find(needle):
                self.statusBar().showMessage(f"“{needle}” is not in this article", 4000)

    # ---------------------------------------------------------------- state
    def set_saved_state(self, text: str, error: str = "") -> None:
        stamp = time.strftime("%H:%M:%S")
        if error:
            self.saved_label.setText(f"⚠ {text}")
            self.saved_label.setToolTip(error)
        elif text == "Saved":
            self.saved_label.setText(f"✓ Saved {stamp}")
            self.saved_label.setToolTip("Every action is written to the database at once.")
        else:
            self.saved_label.setText(text)

    def current_state(self) -> State | None:
        row = self.library_model.row_of(self.article_id) if self.article_id is not None else None
        return State(self.library_model.article(row).state) if row is not None else None

    def _update_enabled(self) -> None:
        has_db = self.desk is not None
        state = self.current_state() if has_db else None
        has_article = state is not None
        reviewing = self.act_review_mode.isChecked()
        editable = has_article and state in (State.NEW, State.ANNOTATING) and not reviewing
        for act in (*self.act_tags.values(), self.act_delete):
            act.setEnabled(editable)
        self.note_edit.setReadOnly(not editable)
        for act in (self.act_properties, self.act_find, self.act_save_original):
            act.setEnabled(has_article)
        for act in (
            self.act_import,
            self.act_import_folder,
            self.act_import_url,
            self.act_paste,
            self.act_export,
        ):
            act.setEnabled(has_db)
        submitted = state is State.SUBMITTED
        for act in (self.act_accept, self.act_query, self.act_review_next, self.act_review_prev):
            act.setEnabled(reviewing and submitted)
        self.act_return.setEnabled(reviewing and submitted)
        self.act_signoff.setEnabled(reviewing and submitted)
        self.act_submit.setEnabled(state is State.ANNOTATING and not reviewing)
        self.act_reopen.setEnabled(state is State.SIGNED_OFF)
        self.act_reply.setEnabled(state in (State.ANNOTATING, State.SUBMITTED) and not reviewing)
        self.seed_button.setVisible(has_db)

    # ---------------------------------------------------------------- review
    def _review_mode_toggled(self, on: bool) -> None:
        self.review_bar.setVisible(on)
        self.statusBar().showMessage(
            "Review mode: N/P walk the claims, A accepts, Q queries." if on else "Annotation mode.",
            6000,
        )
        self._update_enabled()

    def _self_review_toggled(self, on: bool) -> None:
        self.settings.allow_self_review = on
        self.settings.sync()

    def review_accept(self) -> None:
        from fact_gui.services import review

        claim = self.current_claim()
        if claim is None:
            self.statusBar().showMessage("Select a claim to accept (N / P walk them).", 4000)
            return
        if self.run_change(review.accept, claim.id) is not None:
            self._next_pending(claim.id)

    def _next_pending(self, after_id: int) -> None:
        """After a verdict, go to the next claim still waiting for one."""
        rows = self.claims.rows()
        at = self.claims.row_of(after_id) or 0
        for c in rows[at + 1 :] + rows[: at + 1]:
            if c.review == "pending":
                self._select_claim_row(c.id)
                self.view.select_span(c.start, c.end)
                return
        self.statusBar().showMessage("Every claim has a verdict: sign off or return it.", 6000)

    def review_query(self) -> None:
        from fact_gui.services import review
        from fact_gui.ui.review_ui import Prompts

        claim = self.current_claim()
        if claim is None:
            self.statusBar().showMessage("Select a claim to query (N / P walk them).", 4000)
            return
        text = Prompts.ask_text(self, "Query claim", f"What should the analyst check about\n"
                                f"{_quote_label(claim.quote)}?", True)  # fmt: skip
        if text and self.run_change(review.query, claim.id, text) is not None:
            self._commented.add(claim.id)
            self._next_pending(claim.id)

    def review_return(self) -> None:
        from fact_gui.services import review
        from fact_gui.ui.review_ui import Prompts

        if self.article_id is None:
            return
        text = Prompts.ask_text(
            self, "Return to the analyst", "What needs doing before sign-off?", True
        )
        if text:
            self.run_change(review.return_article, self.article_id, text)

    def review_sign_off(self) -> None:
        from fact_gui.services import signoffs
        from fact_gui.ui.review_ui import Prompts

        if self.article_id is None:
            return
        waiting = [c for c in self.claims.rows() if c.review != "accepted"]
        if waiting:  # say so before asking for a comment (the service refuses it anyway)
            Alerts.show(
                self,
                "Cannot sign off yet",
                f"{len(waiting)} of {len(self.claims)} claims are not accepted: "
                "accept them, or return the article to the analyst.",
            )
            return
        text = Prompts.ask_text(self, "Sign off", "Comment for the record (optional):", False)
        if text is not None:
            self.run_change(
                signoffs.sign_off, self.article_id, text, self.settings.allow_self_review
            )

    def submit_article(self) -> None:
        from fact_gui.services import review

        if self.article_id is not None:
            self.commit_note()
            self.run_change(review.submit, self.article_id)

    def reopen_article(self) -> None:
        from fact_gui.services import review
        from fact_gui.ui.review_ui import Prompts

        if self.article_id is None:
            return
        text = Prompts.ask_text(self, "Reopen", "Why reopen this signed-off article?", True)
        if text:
            self.run_change(review.reopen, self.article_id, text)

    def reply_to_query(self) -> None:
        from fact_gui.services import review
        from fact_gui.ui.review_ui import Prompts

        claim = self.current_claim()
        if claim is None:
            return
        text = Prompts.ask_text(
            self, "Reply", f"Your answer about {_quote_label(claim.quote)}:", True
        )
        if text and self.run_change(review.reply, claim.id, text) is not None:
            self._commented.add(claim.id)
            self._show_discussion(claim.id)

    def _show_discussion(self, claim_id: int | None) -> None:
        from html import escape

        from fact_gui.services import review

        if (
            self.desk is None
            or self.article_id is None
            or claim_id is None
            or claim_id not in self._commented
        ):
            self.discussion.setText("")
            return
        notes = review.comments(self.desk, self.article_id, claim_id)
        if not notes:
            self.discussion.setText("")
            return
        lines = [
            f"<b>{escape(c.author)}</b> <span style='color:#6b7178'>{c.kind}</span>: "
            f"{escape(c.text)}"
            for c in notes[-4:]
        ]
        self.discussion.setText("<br>".join(lines))

    def refresh_history(self) -> None:
        from fact_gui.services import review

        if not self.history_dock.isVisible() or self.desk is None or self.article_id is None:
            return
        claim = self.current_claim() if self.history.claim_only.isChecked() else None
        self.history.show_events(
            review.history(self.desk, self.article_id, claim.id if claim else None)
        )

    def show_sessions(self) -> None:
        from fact_gui.services import sessions
        from fact_gui.ui.review_ui import SessionsDialog

        if self.desk is None:
            return
        if self.tracker is not None:
            self.tracker.flush()
        SessionsDialog(self, sessions.rows(self.desk)).exec()

    def _toggle_dark(self, dark: bool) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        look.apply_theme(app, dark)
        # Style sheets resolve palette(...) when a widget is polished: re-polish all.
        sheet = app.styleSheet()
        app.setStyleSheet("")
        app.setStyleSheet(sheet)
        self.settings.theme = "dark" if dark else "light"
        self.view.setPalette(look.text_selection_palette(app.palette()))
        if self.article_id is not None:
            self.open_article(self.article_id, scroll=self.view.verticalScrollBar().value())
        for tag, act in self.act_tags.items():
            act.setIcon(look.tag_icon(tag))

    def closeEvent(self, e: QCloseEvent) -> None:
        self._stop_jobs()
        self.commit_note()
        if self.tracker is not None:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self.tracker)
            self.tracker.end()
            self.tracker = None
        self._remember_position()
        self.settings.set_window_state(
            self.saveGeometry(), self.saveState(), self.splitter.saveState()
        )
        self.settings.sync()
        super().closeEvent(e)

    def restore_window_state(self) -> None:
        geometry, state, splitter = self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        if splitter is not None:
            self.splitter.restoreState(splitter)


def _short_db(url: str) -> str:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :]).name
    return url.split("@")[-1]


def _quote_label(quote: str) -> str:
    flat = " ".join(quote.split())
    return f"“{flat[:40]}…”" if len(flat) > 40 else f"“{flat}”"


def _column_menu(view: QTableView, hidden: tuple[int, ...]) -> None:
    """Right-click on a table's header: show or hide its columns (some start hidden)."""
    from PySide6.QtWidgets import QMenu

    header = view.horizontalHeader()
    for col in hidden:
        view.setColumnHidden(col, True)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu(pos: Any) -> None:
        m = QMenu(view)
        model = view.model()
        for col in range(model.columnCount()):
            name = model.headerData(col, Qt.Orientation.Horizontal) or model.headerData(
                col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
            )
            act = m.addAction(str(name or f"Column {col + 1}"))
            act.setCheckable(True)
            act.setChecked(not view.isColumnHidden(col))
            act.toggled.connect(lambda on, c=col: view.setColumnHidden(c, not on))
        m.exec(header.mapToGlobal(pos))
        m.deleteLater()

    header.customContextMenuRequested.connect(menu)
