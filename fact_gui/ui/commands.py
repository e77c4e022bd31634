"""Undoable claim edits: shown at once, saved in order on the worker, taken back if refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.errors import FactGuiError
from fact_gui.domain.tags import Tag
from fact_gui.domain.text import quoted
from fact_gui.domain.workflow import Review
from fact_gui.services.changes import ChangeSet, Origin
from fact_gui.ui.document import Transform

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.ui.panel import Shell

_NOTE_MERGE_ID = 1001


class Unsaved(FactGuiError):
    """An edit of a claim whose creation was refused: it is dropped without a second message."""


class Ledger:
    """Provisional claim ids and the real ids their commits gave.

    Written and read only on the desk's worker thread: a retag queued while the
    claim was still provisional runs after the create that names it, so the id is
    there by then (or the create was refused, and so is the retag).
    """

    def __init__(self) -> None:
        self._real: dict[int, int] = {}

    def record(self, provisional: int, real: int) -> None:
        self._real[provisional] = real

    def resolve(self, claim_id: int) -> int:
        if claim_id >= 0:
            return claim_id
        real = self._real.get(claim_id)
        if real is None:
            raise Unsaved("the claim was never saved, so this change was not made either")
        return real


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _with(**changes: str) -> Transform:
    """Change text fields of the claim shown (tag, review, note)."""
    return lambda row: None if row is None else row._replace(**changes)  # type: ignore[arg-type]


def _gone(_row: ClaimRow | None) -> ClaimRow | None:
    return None


def _back(row: ClaimRow | None) -> Transform:
    return lambda _shown: row


class ClaimCommand(QUndoCommand):
    """One claim edit: each redo and undo is one service call, previewed in the open article."""

    def __init__(self, shell: Shell, text: str, claim_id: int) -> None:
        super().__init__(text)
        self._shell = shell
        self._article_id = shell.selection.article.id
        self.claim_id = claim_id  # as the window knows it (provisional until saved)
        self._done = False

    def _origin(self) -> tuple[Origin, str]:
        """The first redo is the action; later ones are redos (the audit trail says so)."""
        first = not self._done
        self._done = True
        return (Origin.ACTION, "") if first else (Origin.REDO, "redo")

    def _shown(self) -> ClaimRow | None:
        doc = self._shell.selection.article
        return doc.claims.get(doc.key_of(self.claim_id)) if doc.id == self._article_id else None

    def _send(
        self,
        origin: Origin,
        work: Callable[[Desk, int], ChangeSet],
        transform: Transform,
        resolve: bool = True,
    ) -> None:
        shell, doc, claim_id = self._shell, self._shell.selection.article, self.claim_id
        ledger = shell.ledger
        pending = doc.preview(claim_id, transform) if doc.id == self._article_id else None

        def run(desk: Desk) -> ChangeSet:
            # On the worker: by now every earlier edit has run (a create named its id).
            return work(desk, ledger.resolve(claim_id) if resolve else claim_id)

        def saved(cs: ChangeSet) -> None:
            if pending is not None:
                doc.settle(pending, cs)
            shell.bus.publish(cs.from_(origin))

        def refused(exc: Exception) -> None:
            if pending is not None:
                doc.drop(pending)
            self._refused(exc)

        shell.ops.write(run, self.text()).success(saved).failure(refused).run()

    def _refused(self, exc: Exception) -> None:
        """Not saved: the edit is shown no more, leaves the undo history, and says why."""
        shell = self._shell
        self.setObsolete(True)
        stack = shell.undo
        # Obsolete commands on top are deleted by undo(), not undone: this one, and the
        # ones queued behind it that were refused first (a retag of a refused tag).
        while stack.index() > 0 and stack.command(stack.index() - 1).isObsolete():
            stack.undo()
        if not isinstance(exc, Unsaved):
            shell.ops.report(exc, "Not saved")


class TagSpan(ClaimCommand):
    """Create a claim; undo removes it, redo restores the same claim (same id)."""

    def __init__(self, shell: Shell, start: int, end: int, tag: Tag, quote: str) -> None:
        super().__init__(
            shell, f"Tag {quoted(quote)} {tag.label}", shell.selection.article.new_key()
        )
        self._span, self._tag, self._quote = (start, end), tag, quote
        self._row: ClaimRow | None = None

    def redo(self) -> None:
        if self._done:
            self._send(Origin.REDO, lambda d, cid: _restore(d, cid, "redo"), _back(self._row))
            return
        self._done = True
        shell, provisional, ledger = self._shell, self.claim_id, self._shell.ledger
        article_id, (start, end), tag = self._article_id, self._span, self._tag
        assert article_id is not None and shell.ops.desk is not None
        row = ClaimRow(provisional, start, end, tag.value, self._quote, "",
                       shell.ops.desk.user, _now(), Review.PENDING.value)  # fmt: skip

        def create(desk: Desk, _provisional: int) -> ChangeSet:
            cs = _create(desk, article_id, start, end, tag)
            # Edits queued behind this one (retag, note, undo) find the real id here.
            ledger.record(provisional, cs.upserted[0].id)
            return cs

        self._send(Origin.ACTION, create, _back(row), resolve=False)

    def undo(self) -> None:
        self._row = self._shown() or self._row
        self._send(Origin.UNDO, lambda d, cid: _delete(d, cid, "undo"), _gone)


class Retag(ClaimCommand):
    def __init__(self, shell: Shell, claim_id: int, old: Tag, new: Tag, quote: str) -> None:
        super().__init__(shell, f"Retag {quoted(quote)} {new.label}", claim_id)
        self._old, self._new = old, new

    def _to(self, tag: Tag) -> Transform:
        # Any change sends the claim back to the reviewer's pile (as the service does).
        return _with(tag=tag.value, review=Review.PENDING.value)

    def redo(self) -> None:
        origin, via = self._origin()
        new = self._new
        self._send(origin, lambda d, cid: _retag(d, cid, new, via), self._to(new))

    def undo(self) -> None:
        old = self._old
        self._send(Origin.UNDO, lambda d, cid: _retag(d, cid, old, "undo"), self._to(old))


class Remove(ClaimCommand):
    def __init__(self, shell: Shell, claim_id: int, quote: str) -> None:
        super().__init__(shell, f"Remove {quoted(quote)}", claim_id)
        self._row: ClaimRow | None = None

    def redo(self) -> None:
        origin, via = self._origin()
        self._row = self._shown() or self._row
        self._send(origin, lambda d, cid: _delete(d, cid, via), _gone)

    def undo(self) -> None:
        self._send(Origin.UNDO, lambda d, cid: _restore(d, cid, "undo"), _back(self._row))


class EditNote(ClaimCommand):
    """A note edit; consecutive edits of the same claim's note merge into one undo step."""

    def __init__(self, shell: Shell, claim_id: int, old: str, new: str) -> None:
        super().__init__(shell, "Edit note", claim_id)
        self._old, self._new = old, new

    def id(self) -> int:
        return _NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditNote) or other.claim_id != self.claim_id:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        origin, via = self._origin()
        new = self._new
        self._send(origin, lambda d, cid: _set_note(d, cid, new, via), _with(note=new))

    def undo(self) -> None:
        old = self._old
        self._send(Origin.UNDO, lambda d, cid: _set_note(d, cid, old, "undo"), _with(note=old))


# The claims service, imported when first used (it brings the database layer along,
# which the window must not wait for before its first paint).
def _create(desk: Desk, article_id: int, start: int, end: int, tag: Tag) -> ChangeSet:
    from fact_gui.services import claims

    return claims.create(desk, article_id, start, end, tag)


def _retag(desk: Desk, claim_id: int, tag: Tag, via: str) -> ChangeSet:
    from fact_gui.services import claims

    return claims.retag(desk, claim_id, tag, via)


def _set_note(desk: Desk, claim_id: int, note: str, via: str) -> ChangeSet:
    from fact_gui.services import claims

    return claims.set_note(desk, claim_id, note, via)


def _delete(desk: Desk, claim_id: int, via: str) -> ChangeSet:
    from fact_gui.services import claims

    return claims.delete(desk, claim_id, via)


def _restore(desk: Desk, claim_id: int, via: str) -> ChangeSet:
    from fact_gui.services import claims

    return claims.restore(desk, claim_id, via)
