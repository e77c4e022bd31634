"""Long work (batch imports, exports) in its own thread, with a cancellable progress dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QWidget

T = TypeVar("T")
Progress = Callable[[int, int, str], None]
# job(progress(done, total, label), cancelled()) -> result
Job = Callable[[Progress, Callable[[], bool]], T]


class JobThread(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job[object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self.cancel_event = threading.Event()

    def run(self) -> None:
        # No widget is touched here: results travel back as queued signals.
        try:
            result = self._job(self.progressed.emit, self.cancel_event.is_set)
        except Exception as exc:  # reported on the GUI thread
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


def run_with_progress(
    parent: QWidget,
    title: str,
    job: Job[T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
    minimum_duration_ms: int = 300,
) -> JobThread:
    """Start ``job`` in a thread; a progress dialog appears if it takes a while."""
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(minimum_duration_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    thread = JobThread(job, parent)

    def progressed(done: int, total: int, label: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if label:
            dialog.setLabelText(label)

    def finish() -> None:
        dialog.reset()
        dialog.deleteLater()

    # Delete the thread only once run() has returned: a result arrives a moment before
    # that, and deleting a QThread that is still running aborts the whole process.
    thread.finished.connect(thread.deleteLater)

    def succeeded(result: T) -> None:
        finish()
        on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        on_error(exc)

    thread.progressed.connect(progressed)
    thread.succeeded.connect(succeeded)
    thread.failed.connect(failed)
    dialog.canceled.connect(thread.cancel_event.set)
    thread.start()
    return thread
