"""Session time-keeping: active time per article (idle minutes excluded) and claim work counts."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

if TYPE_CHECKING:
    from fact_gui.services.context import Desk
    from fact_gui.ui.operations import Operations

# No keyboard or mouse input for this long: the analyst is away, the clock stops.
IDLE_AFTER_S = 90.0
FLUSH_EVERY_S = 15.0


class SessionTracker(QObject):
    """Counts active seconds per article and claims added and changed.

    What it counted is written now and then on the desk's worker, never on the GUI thread.
    """

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self.session_id: int | None = None
        self._last_input = time.monotonic()
        self._article: int | None = None
        self._pending: dict[int, list[float]] = {}  # article -> [seconds, added, changed]
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count)
        self._tick.start()
        self._since_flush = 0.0

        def start(desk: Desk) -> int:
            from fact_gui.services import sessions

            return sessions.start(desk)

        ops.write(start, "Starting the session").success(self._started).run()

    def _started(self, session_id: int) -> None:
        self.session_id = session_id

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                            QEvent.Type.Wheel, QEvent.Type.MouseMove):  # fmt: skip
            self._last_input = time.monotonic()
        return False

    def set_article(self, article_id: int | None) -> None:
        self._article = article_id

    def claims_changed(self, article_id: int, added: int, changed: int) -> None:
        row = self._pending.setdefault(article_id, [0.0, 0, 0])
        row[1] += added
        row[2] += changed

    def _count(self) -> None:
        if self._article is not None and time.monotonic() - self._last_input < IDLE_AFTER_S:
            self._pending.setdefault(self._article, [0.0, 0, 0])[0] += 1.0
        self._since_flush += 1.0
        if self._since_flush >= FLUSH_EVERY_S:
            self.flush()

    def flush(self) -> None:
        """Queue what was counted since the last flush (after the session's start, in order)."""
        self._since_flush = 0.0
        if self.session_id is None or not self._pending:
            return
        pending, self._pending = self._pending, {}
        session_id = self.session_id

        def write(desk: Desk) -> None:
            from fact_gui.services import sessions

            for article_id, (seconds, added, changed) in pending.items():
                sessions.add_work(desk, session_id, article_id, seconds, int(added), int(changed))

        self._ops.write(write, "Recording the session").run()

    def end(self) -> None:
        self._tick.stop()
        self.flush()
        session_id = self.session_id
        if session_id is None:
            return

        def write(desk: Desk) -> None:
            from fact_gui.services import sessions

            sessions.end(desk, session_id)

        self._ops.write(write, "Ending the session").run()
