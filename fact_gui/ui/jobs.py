"""The long jobs a panel started (batch import, export): run, cancelled and waited for on close."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from fact_gui.ui.worker import Job, JobThread

T = TypeVar("T")


class Jobs:
    """The long jobs a panel started: run with progress, cancelled and waited for on close."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.running: set[JobThread] = set()

    def run(
        self,
        title: str,
        job: Job[T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> JobThread:
        # The thread and its dialog load with the first job: the window paints without them.
        from fact_gui.ui.worker import run_with_progress

        thread = run_with_progress(self._parent, title, job, on_done, on_error)
        self.running.add(thread)
        # Forgotten as it is deleted (a finished job deletes its thread), never after.
        thread.destroyed.connect(lambda: self.running.discard(thread))
        return thread

    def stop(self, timeout_ms: int = 15_000) -> None:
        """Cancel running jobs and wait for them (a batch stops between two files)."""
        for thread in list(self.running):
            thread.cancel_event.set()
            thread.wait(timeout_ms)
