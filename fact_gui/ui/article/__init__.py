"""Article panel: the header, the text with its claims, find, and the keys that tag and remove."""

from __future__ import annotations

import importlib
import re
from functools import partial

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.tags import Tag
from fact_gui.domain.text import snap_span
from fact_gui.domain.workflow import Do
from fact_gui.services.changes import ChangeSet, Kind
from fact_gui.ui import look
from fact_gui.ui.actions import Actions, Need
from fact_gui.ui.article.header import ArticleHeader
from fact_gui.ui.document import ClaimsUpdate
from fact_gui.ui.panel import Area, Panel, Shell
from fact_gui.ui.selection import Opening

# The claim-rendering widget, behind the interface the panel uses (show_article,
# text, repaint_ranges, select_span, selected_span, claim_under_caret,
# caretClaimChanged): another one drops in by changing this line.
from fact_gui.ui.text_pane import ArticleView as TextPane

# The scroll position is written to the settings this long after scrolling stops.
REMEMBER_AFTER_MS = 800


class ArticlePanel(Panel):
    """The centre: the open article.

    It follows the current claim (selecting its text) and publishes the claim under
    the caret; changes repaint only what they touch, so another person's change never
    moves the caret, the selection or the scroll.
    """

    name = "article"
    area = Area.CENTRE
    kinds = frozenset({Kind.SIGNOFFS})

    def __init__(self, shell: Shell) -> None:
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("find")
        self.find_edit.setPlaceholderText("Find in article (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMaximumWidth(280)
        self.find_edit.returnPressed.connect(self.find_next)
        self._following = False  # selecting a claim's text on request: no echo
        self._shown = -1  # the article (generation) whose text the pane shows
        super().__init__(shell)
        shell.actions.toolbar_widgets.setdefault("main", []).append(self.find_edit)
        self._remember_timer = QTimer(self)
        self._remember_timer.setSingleShot(True)
        self._remember_timer.setInterval(REMEMBER_AFTER_MS)
        self._remember_timer.timeout.connect(self._remember)
        self.widget()
        s = self.selection
        s.aboutToOpen.connect(lambda: self._remember(sync=False))
        s.articleShowing.connect(self._showing)
        s.articleOpened.connect(self._opened)
        s.articleUpdated.connect(lambda: self.header.show_article())
        s.claimsChanged.connect(self._claims_changed)
        s.claimChanged.connect(self._follow_claim)
        s.revealRequested.connect(self._reveal)
        self.ops.attached.connect(self._reopen_last)

    def register(self, actions: Actions) -> None:
        for tag in Tag:
            actions.add(f"claim.tag.{tag.value}", f"&{tag.key} {tag.label}",
                        partial(self.tag, tag), keys=tag.key, tip=f"Tag the selection {tag.label}",
                        icon=look.tag_icon(tag), icon_text=f"{tag.label} [{tag.key}]",
                        menu="Claim", group=10, toolbar="main", toolbar_group=20,
                        context="text", do=Do.EDIT_CLAIMS)  # fmt: skip
        trash = self.shell.window.style().standardIcon(
            self.shell.window.style().StandardPixmap.SP_TrashIcon
        )
        actions.add("claim.remove", "&Remove claim", self.remove, keys=("Delete", "Backspace"),
                    icon=trash, icon_text="Remove [Del]", menu="Claim", group=10,
                    toolbar="main", toolbar_group=20, context="text",
                    do=Do.EDIT_CLAIMS)  # fmt: skip
        keys = QKeySequence.StandardKey
        actions.add("article.find", "&Find…", self.focus_find, keys=keys.Find, menu="Edit",
                    group=30, needs=Need.ARTICLE)  # fmt: skip
        actions.add("article.find_next", "Find &next", self.find_next, keys=keys.FindNext,
                    menu="Edit", group=30, needs=Need.ARTICLE)  # fmt: skip
        actions.add("article.properties", "&Properties…", self._edit_properties,
                    keys="Ctrl+I", tip="Edit the article's title, outlet, author, URL and date",
                    menu="Article", group=10, needs=Need.ARTICLE)  # fmt: skip
        actions.add("article.save_original", "Save &original…", self._save_original,
                    tip="Write the bytes the article was imported from", menu="Article",
                    group=10, needs=Need.ARTICLE)  # fmt: skip

    def _edit_properties(self) -> None:
        from fact_gui.ui.article import properties

        properties.edit_properties(self.shell)

    def _save_original(self) -> None:
        from fact_gui.ui.article import properties

        properties.save_original(self.shell)

    def build(self) -> QWidget:
        self.header = ArticleHeader(self.shell)
        self.view = TextPane(self.selection.article.claims)
        self.view.caretClaimChanged.connect(self._caret_claim_changed)
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._remember_timer.start())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        centre = QWidget()
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.header)
        lay.addWidget(self.view, 1)
        return centre

    # -- following the selection -------------------------------------------------------
    def _showing(self) -> None:
        # The text alone: laid out while the worker reads the claims.
        self._shown = self.selection.article.generation
        self.view.show_article(self.selection.article.text)
        self.header.show_article(check=False)  # its heading came with the text

    def _opened(self, how: Opening) -> None:
        doc = self.selection.article
        if self._shown == doc.generation:
            self.view.repaint_ranges([(0, len(doc.text))])  # its claims, now they are here
        else:
            self.view.show_article(doc.text)
        self.header.show_article()
        if how.scroll is not None:
            self.view.verticalScrollBar().setValue(how.scroll)
        if how.focus:
            self.view.setFocus()
        self._remember(sync=False)
        self._remember_timer.start()  # written to disk shortly, off the critical path

    def _claims_changed(self, update: ClaimsUpdate) -> None:
        # Formats only: the layout, the caret, the selection and the scroll stay put.
        self.view.repaint_ranges(list(update.ranges))
        self.shell.later(self.header.show_counts)

    def _follow_claim(self, by: object) -> None:
        claim = self.selection.claim
        if by is self or claim is None:
            return
        self._following = True
        try:
            self.view.select_span(claim.start, claim.end)
        finally:
            self._following = False

    def _reveal(self, start: int, end: int) -> None:
        """A passage another panel points at (a change, a claim's new place): select it."""
        self.view.select_span(start, end)
        self.view.setFocus()

    def _caret_claim_changed(self, _claim_id: int) -> None:
        if not self._following:
            self.selection.set_claim(self.view.claim_under_caret(), by=self)

    def on_change(self, cs: ChangeSet) -> None:
        if cs.article_id == self.selection.article_id:
            self.header.show_article()  # a sign-off made or withdrawn: check it again

    # -- tagging --------------------------------------------------------------------
    def _current_claim(self) -> ClaimRow | None:
        return self.selection.claim or self.view.claim_under_caret()

    def tag(self, tag: Tag) -> None:
        """Keys 1/2/3: tag the selected text, or retag the claim the user is on."""
        from fact_gui.ui.commands import Retag, TagSpan

        doc = self.selection.article
        if doc.id is None or self.ops.desk is None:
            return
        sel = self.view.selected_span()
        claim: ClaimRow | None
        if sel is not None:
            span = snap_span(doc.text, *sel)
            if span is None:
                self.shell.message("Only spaces are selected: select the words of a claim.")
                return
            claim = doc.claims.with_span(*span)
            if claim is None:
                quote = doc.text[span[0] : span[1]]
                self.shell.undo.push(TagSpan(self.shell, span[0], span[1], tag, quote))
                self.view.select_span(*span)
                return
        else:
            claim = self._current_claim()
        if claim is None:
            self.shell.message(
                "Select the text of a claim first (mouse, or Shift+arrows), then press 1, 2 or 3.",
                5000,
            )
            return
        if claim.tag != tag.value:
            self.shell.undo.push(Retag(self.shell, claim.id, Tag(claim.tag), tag, claim.quote))

    def remove(self) -> None:
        from fact_gui.ui.commands import Remove

        doc = self.selection.article
        claim = self._current_claim()
        sel = self.view.selected_span()
        if sel is not None:
            span = snap_span(doc.text, *sel)
            claim = (doc.claims.with_span(*span) if span else None) or claim
        if claim is None:
            self.shell.message("Put the caret in a claim (or select its row) to remove it.")
            return
        self.shell.undo.push(Remove(self.shell, claim.id, claim.quote))

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.view.createStandardContextMenu(pos)
        menu.addSeparator()
        for act in self.actions.context("text"):
            if act is None:
                menu.addSeparator()
            else:
                menu.addAction(act)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # -- find -------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self) -> None:
        """The next match after the selection (case-insensitive), wrapping at the end."""
        needle = self.find_edit.text()
        text = self.selection.article.text
        if not needle or not text:
            return
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        sel = self.view.selected_span()
        found = pattern.search(text, sel[1] if sel else 0) or pattern.search(text)
        if found is None:
            self.shell.message(f"“{needle}” is not in this article")
            return
        self.view.select_span(*found.span())

    # -- where the reader was ---------------------------------------------------------
    def _reopen_last(self) -> None:
        # The edit commands load now, after the first paint, not at the first key press.
        importlib.import_module("fact_gui.ui.commands")
        desk = self.ops.desk
        if desk is not None:
            last, scroll = self.settings.last_position(desk.url)
            if last is not None:
                self.selection.open(last, scroll=scroll, quiet=True)

    def _remember(self, sync: bool = True) -> None:
        desk, doc = self.ops.desk, self.selection.article
        if desk is None or doc.id is None:
            return
        self.settings.set_last_position(desk.url, doc.id, self.view.verticalScrollBar().value())
        if sync:
            self.settings.sync()

    def closing(self) -> None:
        self._remember()
