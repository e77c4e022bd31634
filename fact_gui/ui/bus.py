"""The change bus: every service result reaches the views as a ChangeSet, on one road."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from fact_gui.services.changes import ChangeSet


class Bus(QObject):
    """Carries change sets from whoever made them to every panel.

    Change sets come from this window's operations (origin ACTION, UNDO, REDO)
    and, on a team desk, from a listener thread (WINDOW, REMOTE): that thread
    hands them over with ``publish_from_thread`` and they arrive on the GUI thread.
    Delivery is in two steps so that views never see half an update: first
    ``applying`` (the shared state — the open article's claims — takes the change),
    then ``changed`` (every panel refreshes what it shows from that state).
    """

    applying = Signal(object)
    changed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._arrived.connect(self.publish)  # queued when emitted on another thread

    def publish(self, cs: ChangeSet) -> None:
        if cs.empty:
            return
        self.applying.emit(cs)
        self.changed.emit(cs)

    def publish_from_thread(self, cs: ChangeSet) -> None:
        """For listener threads: the change set is delivered on the GUI thread."""
        self._arrived.emit(cs)
