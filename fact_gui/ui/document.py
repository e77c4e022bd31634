"""The open article as the panels share it: text, library row, and claims saved or on their way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

from fact_gui.domain.claims import ClaimIndex, ClaimRow
from fact_gui.domain.workflow import State
from fact_gui.services.changes import ChangeSet, Kind, Origin
from fact_gui.ui.models import ClaimsModel

if TYPE_CHECKING:
    from fact_gui.services.articles import Heading

# An edit shown before it is saved: what it makes of a claim (None: no such claim).
Transform = Callable[[ClaimRow | None], ClaimRow | None]
Span = tuple[int, int]


class ClaimsUpdate(NamedTuple):
    """What changed in the claims shown: where to repaint, and how it came about."""

    ranges: tuple[Span, ...]
    # Saved changes: claims that are new here, and claims changed or removed.
    added: int = 0
    changed: int = 0
    # None: an edit shown ahead of its commit, or taken back after a refusal.
    origin: Origin | None = None
    # The claim to take the user to: set for an edit the user just made, shown ahead of
    # its commit ("I did this"); never for what arrives from the database.
    focus: int | None = None


class Pending:
    """An edit shown before it is saved; settled or dropped when its commit returns."""

    __slots__ = ("generation", "key", "transform")

    def __init__(self, key: int, transform: Transform, generation: int) -> None:
        self.key, self.transform, self.generation = key, transform, generation


def _span(c: ClaimRow) -> Span:
    return (c.start, c.end)


class OpenArticle(QObject):
    """The article being worked on, one object for the window's lifetime.

    Claims shown = claims saved + edits still on their way to the database, so a
    tag is painted the moment the key is pressed. For a claim with pending edits
    the document keeps the saved row apart and shows it with the edits replayed on
    top; a commit settles its edit, a refusal drops it — and whatever arrives from
    the database (this window's or another person's) lands underneath. A claim not
    saved yet has a provisional negative id until its commit names the real one.
    """

    changed = Signal(object)  # ClaimsUpdate
    aboutToChange = Signal()  # the claims (and the model's rows) are about to change

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.id: int | None = None
        self.text = ""
        self.state: State | None = None
        self.heading: Heading | None = None  # title, outlet, date
        self.claims = ClaimIndex()
        self.model = ClaimsModel(self.claims, self)
        # Bumped per article: edits from an article left behind settle nothing here.
        self.generation = 0
        # True while the claims (and the model's rows) are changing under the views.
        self.changing = False
        self._saved: dict[int, ClaimRow | None] = {}
        self._pending: dict[int, list[Pending]] = {}
        self._renamed: dict[int, int] = {}
        self._last_key = -1  # -1 is the views' "no claim"

    @contextmanager
    def _changing(self) -> Iterator[None]:
        self.aboutToChange.emit()
        self.changing = True
        try:
            yield
        finally:
            self.changing = False

    # -- whole article -------------------------------------------------------------
    def load(
        self,
        article_id: int | None,
        text: str,
        claims: list[ClaimRow] | ClaimIndex,
        heading: Heading | None,
    ) -> None:
        """Show another article (its claims in text order); pending edits stay behind."""
        self.generation += 1
        self.id, self.text = article_id, text
        self.heading = heading
        self.state = State(heading.state) if heading is not None else None
        self._saved.clear()
        self._pending.clear()
        with self._changing():
            self.model.reset(claims)  # fills the shared index first

    def load_claims(self, claims: ClaimIndex) -> None:
        """The claims of the article whose text is already shown (edits made since stay)."""
        self._reset(claims)

    def replace_claims(self, claims: ClaimIndex) -> None:
        """The claims read again: all of them are shown afresh (pending edits on top)."""
        self._reset(claims)
        self.changed.emit(ClaimsUpdate(((0, len(self.text)),)))

    def _reset(self, claims: ClaimIndex) -> None:
        with self._changing():
            self.model.reset(claims)
            for key in self._pending:
                self._saved[key] = self.claims.get(key)
                self._show(key)

    def set_heading(self, heading: Heading) -> None:
        if heading.id == self.id:
            self.heading, self.state = heading, State(heading.state)

    # -- ids ----------------------------------------------------------------------------
    def new_key(self) -> int:
        """A provisional id for a claim not saved yet (the database never gives out negatives)."""
        self._last_key -= 1
        return self._last_key

    def key_of(self, claim_id: int) -> int:
        """The id a claim is shown under now (a provisional id becomes the real one)."""
        while claim_id in self._renamed:
            claim_id = self._renamed[claim_id]
        return claim_id

    # -- saved changes --------------------------------------------------------------------
    def apply(self, cs: ChangeSet) -> None:
        """A change set from the database: saved state moves; pending edits stay on top."""
        if self.id is None or cs.article_id != self.id or not cs.touches(Kind.CLAIMS):
            return
        ranges: list[Span] = []
        added = 0
        with self._changing():
            for c in cs.removed:
                ranges += self._land(c.id, None, c)
            for c in cs.upserted:
                before = self._saved[c.id] if c.id in self._saved else self.claims.get(c.id)
                added += before is None
                ranges += self._land(c.id, c, before)
        # Saved changes move nobody: an edit made here took the user to its claim when it
        # was shown (``preview``), and by now the user may have moved on (the next claim).
        changed = len(cs.upserted) - added + len(cs.removed)
        self.changed.emit(ClaimsUpdate(tuple(ranges), added, changed, cs.origin))

    def _land(self, key: int, saved: ClaimRow | None, gone: ClaimRow | None) -> list[Span]:
        """The saved row of ``key`` is now ``saved``; show it (under any pending edits)."""
        if key in self._pending:
            self._saved[key] = saved
            return self._show(key)
        self._saved.pop(key, None)  # a settled edit waited for this
        shown = self.claims.get(key)
        spans = [_span(x) for x in (shown or gone, saved) if x is not None]
        if saved is None:
            self.model.remove(key)
        else:
            self.model.upsert(saved)
        return spans

    # -- edits on their way -----------------------------------------------------------------
    def preview(self, claim_id: int, transform: Transform) -> Pending | None:
        """Show an edit at once, ahead of its commit."""
        if self.id is None:
            return None
        key = self.key_of(claim_id)
        if key not in self._pending:
            self._saved[key] = self.claims.get(key)
            self._pending[key] = []
        pending = Pending(key, transform, self.generation)
        self._pending[key].append(pending)
        with self._changing():
            ranges = self._show(key)
        focus = key if self.claims.get(key) is not None else None
        self.changed.emit(ClaimsUpdate(tuple(ranges), focus=focus))
        return pending

    def settle(self, pending: Pending, cs: ChangeSet) -> None:
        """The edit committed; ``cs`` (published next) brings its saved form."""
        if pending.generation != self.generation:
            return
        key = self._forget(pending)
        if key < 0 and cs.upserted:
            key = self._rename(key, cs.upserted[0].id)
        mentioned = cs.article_id == self.id and any(
            c.id == key for c in (*cs.upserted, *cs.removed)
        )
        if not mentioned:  # nothing will arrive for it (a no-op edit): show it as saved now
            self._finish(key, None)

    def drop(self, pending: Pending) -> None:
        """The edit was refused: take it back (the saved row shows again)."""
        if pending.generation == self.generation:
            key = self._forget(pending)
            self._finish(key, None)

    def _forget(self, pending: Pending) -> int:
        key = self.key_of(pending.key)
        waiting = self._pending.get(key, [])
        if pending in waiting:
            waiting.remove(pending)
        if not waiting:
            self._pending.pop(key, None)
        return key

    def _finish(self, key: int, origin: Origin | None) -> None:
        if key not in self._saved:
            return
        with self._changing():
            ranges = self._show(key)
        if key not in self._pending:
            del self._saved[key]
        self.changed.emit(ClaimsUpdate(tuple(ranges), origin=origin))

    def _rename(self, old: int, new: int) -> int:
        """A provisional id got its real one: keep the row (and the selection) in place."""
        self._renamed[old] = new
        if old in self._pending:
            self._pending[new] = self._pending.pop(old)
        self._saved.pop(old, None)
        self._saved[new] = None  # saved: nothing yet; its change set brings the row
        shown = self.claims.get(old)
        if shown is not None:
            with self._changing():
                if self.claims.get(new) is not None:
                    self.model.remove(new)
                self.model.upsert(shown._replace(id=new), replacing=old)
        return new

    def _show(self, key: int) -> list[Span]:
        """Redo what ``key`` shows: its saved row with its pending edits replayed."""
        row = self._saved.get(key)
        for p in self._pending.get(key, ()):
            row = p.transform(row)
        shown = self.claims.get(key)
        if row == shown:
            return []
        spans = [_span(x) for x in (shown, row) if x is not None]
        if row is None:
            self.model.remove(key)
        else:
            self.model.upsert(row._replace(id=key))
        return spans
