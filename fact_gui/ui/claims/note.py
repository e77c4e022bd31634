"""The note on the current claim (saved as the analyst types) and the review discussion under it."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.text import quoted

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.services.review import CommentRow
    from fact_gui.ui.panel import Shell

# Note typing is saved after this pause (and at once on leaving the editor).
NOTE_SAVE_DELAY_MS = 700
_PLACEHOLDER = "Select a claim to write a note: why this tag, what to check…"


class NoteEditor(QWidget):
    """Edits the note of one claim at a time; each save is an undoable edit."""

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self.claim_id: int | None = None
        self.label = QLabel("Note")
        self.label.setObjectName("panelTitle")
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("noteEditor")
        self.edit.setPlaceholderText(_PLACEHOLDER)
        self.edit.setTabChangesFocus(True)
        self.edit.setMaximumHeight(150)
        self.edit.setEnabled(False)
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        self.discussion = QLabel()
        self.discussion.setObjectName("discussion")
        self.discussion.setWordWrap(True)
        self.discussion.setTextFormat(Qt.TextFormat.RichText)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.commit)
        shell.ops.aboutToWrite.connect(self._flush)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.edit)
        lay.addWidget(self.discussion)

    def set_editable(self, reason: str | None) -> None:
        """Read-only while the policy says claims cannot change (the tooltip says why)."""
        self.edit.setReadOnly(reason is not None)
        self.edit.setToolTip("" if reason is None else reason[0].upper() + reason[1:] + ".")

    def load(self, claim: ClaimRow | None, commented: bool) -> None:
        """Show ``claim``'s note (saving the one being typed first) and its discussion."""
        doc = self._shell.selection.article
        if (
            claim is not None
            and self.claim_id is not None
            and doc.key_of(self.claim_id) == claim.id
        ):
            self.claim_id = claim.id  # a provisional id may have become the real one
            if not self.edit.hasFocus() and self.edit.toPlainText() != claim.note:
                self._set_text(claim.note)  # changed elsewhere (undo, another person)
            return
        self.commit()
        self.claim_id = claim.id if claim else None
        self._set_text(claim.note if claim else "")
        self.edit.setEnabled(claim is not None)
        self.label.setText(f"Note on {quoted(claim.quote)}" if claim else "Note")
        self.show_discussion(commented)

    def _set_text(self, text: str) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)

    def _typed(self) -> None:
        self._shell.ops.editing("Editing note…")
        self._timer.start()

    def _flush(self) -> None:
        # Another edit is being saved (a submit, say): the typed note is saved before it.
        if self._timer.isActive():
            self.commit()

    def commit(self) -> None:
        """Save the note being typed (after a pause, on leaving the editor, on switching claims)."""
        self._timer.stop()
        if self.claim_id is None:
            return
        doc = self._shell.selection.article
        row = doc.claims.get(doc.key_of(self.claim_id))
        new = self.edit.toPlainText()
        if row is None or new == row.note:
            self._shell.ops.editing_done()
            return
        from fact_gui.ui.commands import EditNote

        self._shell.undo.push(EditNote(self._shell, self.claim_id, row.note, new))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)

    # -- the review discussion --------------------------------------------------------
    def show_discussion(self, commented: bool) -> None:
        """Queries and replies on the claim (asked only for claims that have some)."""
        article_id = self._shell.selection.article_id
        claim_id = self.claim_id
        if not commented or article_id is None or claim_id is None or claim_id < 0:
            self.discussion.setText("")
            return

        def load(desk: Desk) -> list[CommentRow]:
            from fact_gui.services import review

            return review.comments(desk, article_id, claim_id)

        def show(notes: list[CommentRow]) -> None:
            if self.claim_id != claim_id:
                return
            self.discussion.setText(
                "<br>".join(
                    f"<b>{escape(c.author)}</b> <span style='color:#6b7178'>{c.kind}</span>: "
                    f"{escape(c.text)}"
                    for c in notes[-4:]
                )
            )

        self._shell.ops.read(load, "Reading the discussion").success(show).run()
