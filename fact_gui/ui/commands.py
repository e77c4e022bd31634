"""Undoable claim actions: each redo/undo is one service call; its change set refreshes views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from fact_gui.domain.tags import Tag
from fact_gui.services import claims
from fact_gui.services.changes import ChangeSet

_NOTE_MERGE_ID = 1001


class Runner(Protocol):
    """What a command needs from the window: run a service call and apply its change set."""

    def run_change(self, fn: Callable[..., ChangeSet], *args: Any) -> ChangeSet | None: ...


def _short(quote: str, limit: int = 40) -> str:
    flat = " ".join(quote.split())
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


class TagSpan(QUndoCommand):
    """Create a claim; undo removes it, redo restores the same claim (same id)."""

    def __init__(self, runner: Runner, article_id: int, start: int, end: int, tag: Tag, quote: str):
        super().__init__(f"Tag {_short(quote)} {tag.label}")
        self._runner, self._article_id, self._span, self._tag = (
            runner,
            article_id,
            (start, end),
            tag,
        )
        self.claim_id: int | None = None

    def redo(self) -> None:
        if self.claim_id is None:
            cs = self._runner.run_change(claims.create, self._article_id, *self._span, self._tag)
            if cs is None or not cs.upserted:
                self.setObsolete(True)  # failed: QUndoStack.push drops it
                return
            self.claim_id = cs.upserted[0].id
        else:
            self._runner.run_change(claims.restore, self.claim_id, "redo")

    def undo(self) -> None:
        if self.claim_id is not None:
            self._runner.run_change(claims.delete, self.claim_id, "undo")


class Retag(QUndoCommand):
    def __init__(self, runner: Runner, claim_id: int, old: Tag, new: Tag, quote: str):
        super().__init__(f"Retag {_short(quote)} {new.label}")
        self._runner, self._id, self._old, self._new = runner, claim_id, old, new
        self._done = False

    def redo(self) -> None:
        via = "redo" if self._done else ""
        self._done = True
        if self._runner.run_change(claims.retag, self._id, self._new, via) is None:
            self.setObsolete(True)

    def undo(self) -> None:
        self._runner.run_change(claims.retag, self._id, self._old, "undo")


class Remove(QUndoCommand):
    def __init__(self, runner: Runner, claim_id: int, quote: str):
        super().__init__(f"Remove {_short(quote)}")
        self._runner, self._id = runner, claim_id
        self._done = False

    def redo(self) -> None:
        via = "redo" if self._done else ""
        self._done = True
        if self._runner.run_change(claims.delete, self._id, via) is None:
            self.setObsolete(True)

    def undo(self) -> None:
        self._runner.run_change(claims.restore, self._id, "undo")


class EditNote(QUndoCommand):
    """A note edit; consecutive edits of the same claim's note merge into one undo step."""

    def __init__(self, runner: Runner, claim_id: int, old: str, new: str):
        super().__init__("Edit note")
        self._runner, self.claim_id, self._old, self._new = runner, claim_id, old, new
        self._done = False

    def id(self) -> int:
        return _NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditNote) or other.claim_id != self.claim_id:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        via = "redo" if self._done else ""
        self._done = True
        if self._runner.run_change(claims.set_note, self.claim_id, self._new, via) is None:
            self.setObsolete(True)

    def undo(self) -> None:
        self._runner.run_change(claims.set_note, self.claim_id, self._old, "undo")
