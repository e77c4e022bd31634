"""What the user is on — the open article, the current claim, the mode — shared by every panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

from fact_gui.domain.claims import ClaimIndex, ClaimRow
from fact_gui.domain.workflow import Mode
from fact_gui.services.changes import ChangeSet, Kind, Origin
from fact_gui.ui.bus import Bus
from fact_gui.ui.document import OpenArticle
from fact_gui.ui.gcpause import gc_paused

if TYPE_CHECKING:
    from fact_gui.services.articles import Heading
    from fact_gui.services.context import Desk
    from fact_gui.ui.operations import Op, Operations


class _NotOpened(Exception):
    """The article's text could not be read (that failure is reported once)."""


class Opening(NamedTuple):
    """How to show an article just opened: where to scroll, whether to put the keys there."""

    scroll: int | None = None
    focus: bool = False


class Selection(QObject):
    """The only channel between panels besides the bus.

    ``article`` is the open article (one object for the window's lifetime, reset
    per article), ``claim`` the claim the user is on (set by whichever panel the
    user moved in; the others follow), ``mode`` annotating or reviewing.
    """

    aboutToOpen = Signal()  # panels save what belongs to the article being left
    articleShowing = Signal()  # its text is loaded; its claims are on their way
    articleOpened = Signal(object)  # Opening: its claims are loaded too
    articleUpdated = Signal()  # its title, metadata or workflow state changed
    claimsChanged = Signal(object)  # ClaimsUpdate: the claims shown changed
    claimChanged = Signal(object)  # the panel that moved it (it ignores its own echo)
    modeChanged = Signal()
    # (start, end) in code points: a passage of the open article to select and go to.
    revealRequested = Signal(int, int)

    def __init__(self, bus: Bus, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self.article = OpenArticle(self)
        self.article.changed.connect(self.claimsChanged)
        self.mode = Mode.ANNOTATE
        self._claim_id: int | None = None
        self._ticket = 0  # the latest request to open an article wins
        self._shown = 0  # the ticket whose text is shown
        self._reveal: tuple[int, int, int] | None = None  # (ticket, start, end) once it opens
        bus.applying.connect(self._apply)

    # -- the article ---------------------------------------------------------------
    @property
    def article_id(self) -> int | None:
        return self.article.id

    def open(
        self, article_id: int, scroll: int | None = None, quiet: bool = False, focus: bool = False
    ) -> Op[ClaimIndex]:
        """Load an article off the GUI thread and show it; returns the read of its claims.

        Two reads on the desk's worker: the text and heading (``articleShowing``: the
        text pane lays the text out while the worker reads on), then the claims,
        indexed there (``articleOpened``). ``scroll``: where
        the reader was; ``quiet``: a missing article is no error (the one open last
        time may be gone); ``focus``: put the keyboard in the text.
        """
        self.aboutToOpen.emit()
        self._ticket += 1
        ticket = self._ticket
        # Worker side: the claims read slices quotes from the text the first read got.
        read: dict[str, str] = {}

        def read_text(desk: Desk) -> tuple[str, Heading]:
            from fact_gui.services import articles

            text, heading = articles.opening(desk, article_id)
            read["text"] = text
            return text, heading

        def read_claims(desk: Desk) -> ClaimIndex:
            from fact_gui.services import articles

            if "text" not in read:
                raise _NotOpened  # the first read failed, and said so
            # Ten thousand rows in a burst: a full collection mid-way costs more than the read.
            with gc_paused():
                return ClaimIndex(articles.claims_of(desk, article_id, read["text"]))

        def show_text(found: tuple[str, Heading]) -> None:
            if ticket == self._ticket:  # else the user has asked for another article since
                with gc_paused():
                    self.article.load(article_id, found[0], [], found[1])
                    self._claim_id = None
                    self._shown = ticket
                    self.articleShowing.emit()

        def show_claims(claims: ClaimIndex) -> None:
            if ticket == self._ticket and self.article.id == article_id:
                with gc_paused():
                    self.article.load_claims(claims)
                    self.articleOpened.emit(Opening(scroll, focus))
                self.claimChanged.emit(None)
                if self._reveal is not None and self._reveal[0] == ticket:
                    self.revealRequested.emit(*self._reveal[1:])
                    self._reveal = None

        def failed(exc: Exception) -> None:
            if not quiet and not isinstance(exc, _NotOpened):
                self._ops.report(exc, "Cannot open the article")

        ops = self._ops
        ops.read(read_text, "Opening the article").success(show_text).failure(failed).run()
        claims = ops.read(read_claims, "Reading its claims").success(show_claims).failure(failed)
        return claims.run()

    def reveal(self, article_id: int, start: int, end: int) -> None:
        """Select ``[start, end)`` of an article and put the keys there, opening it if need be.

        A passage found elsewhere (a change between versions, where a claim not carried
        may now be): one key then tags it.
        """
        if article_id == self.article.id and self._shown == self._ticket:
            self.revealRequested.emit(start, end)
            return
        self.open(article_id, focus=True)
        self._reveal = (self._ticket, start, end)

    # -- the claim ---------------------------------------------------------------------
    @property
    def claim(self) -> ClaimRow | None:
        if self._claim_id is None:
            return None
        return self.article.claims.get(self.article.key_of(self._claim_id))

    def set_claim(self, claim: ClaimRow | None, by: object = None, again: bool = False) -> None:
        """Make ``claim`` current; ``again``: tell the panels even if it already is."""
        claim_id = None if claim is None else self.article.key_of(claim.id)
        current = None if self._claim_id is None else self.article.key_of(self._claim_id)
        if claim_id != current or again:
            self._claim_id = claim_id
            self.claimChanged.emit(by)

    # -- the mode ---------------------------------------------------------------------
    def set_mode(self, mode: Mode) -> None:
        if mode is not self.mode:
            self.mode = mode
            self.modeChanged.emit()

    # -- changes ------------------------------------------------------------------------
    def _apply(self, cs: ChangeSet) -> None:
        """The bus's first step: the open article takes the change before any view looks."""
        doc = self.article
        if cs.article_id is not None and cs.article_id != doc.id:
            # "I did this": an undo or redo elsewhere takes the user there (it holds the
            # change); what others do elsewhere never moves the reader.
            if cs.origin in (Origin.UNDO, Origin.REDO) and cs.touches(Kind.CLAIMS):
                self.open(cs.article_id)
            return
        doc.apply(cs)
        if doc.id is None:
            return
        if doc.id in cs.articles or cs.touches(Kind.VERSIONS):
            # A new version of any article may be of this one: "version 2 of 3" now.
            self._reload_heading(doc.id)
        if cs.touches(Kind.REVIEWS) and not (cs.upserted or cs.removed):
            # Verdicts changed without the rows saying which (a reopen resets them all).
            self._reload_claims(doc.id)

    def _reload_claims(self, article_id: int) -> None:
        text = self.article.text

        def load(desk: Desk) -> ClaimIndex:
            from fact_gui.services import articles

            with gc_paused():
                return ClaimIndex(articles.claims_of(desk, article_id, text))

        def show(claims: ClaimIndex) -> None:
            if self.article.id == article_id:
                self.article.replace_claims(claims)

        self._ops.read(load, "Reading the claims").success(show).run()

    def _reload_heading(self, article_id: int) -> None:
        def load(desk: Desk) -> Heading:
            from fact_gui.services import articles

            return articles.heading(desk, article_id)

        def show(heading: Heading) -> None:
            if heading.id == self.article.id:
                self.article.set_heading(heading)
                self.articleUpdated.emit()

        self._ops.read(load, "Reading the article").success(show).run()
