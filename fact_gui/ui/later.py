"""Work that can wait for the next frame: coalesced, so a burst of changes costs one refresh."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

# One frame at 60 Hz: what the user looks at (the highlight under the key just pressed)
# is painted first; lists, counts and badges around it follow within this.
FRAME_MS = 16


class Later(QObject):
    """Runs each scheduled function once, a frame from now, however often it was asked for."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._due: dict[Callable[[], object], None] = {}  # insertion-ordered set
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.run_now)

    def __call__(self, fn: Callable[[], object]) -> None:
        self._due[fn] = None
        if not self._timer.isActive():
            self._timer.start()

    def idle(self) -> bool:
        return not self._due

    def run_now(self) -> None:
        """Run what is due (also what gets scheduled meanwhile)."""
        self._timer.stop()
        while self._due:
            fn = next(iter(self._due))
            del self._due[fn]
            fn()
