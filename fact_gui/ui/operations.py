"""Database work off the GUI thread: one serial worker per desk, results back on the GUI thread."""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from fact_gui.ui.alerts import Alerts

if TYPE_CHECKING:
    from fact_gui.services.context import Desk

# The busy indicator waits this long: a commit that takes a few milliseconds must
# not make the status bar flicker on every key press.
BUSY_AFTER_MS = 150
# Writes are handed to the worker by an event of lower priority than Qt's repaints:
# the frame showing what the user just did (a tag) is painted before the worker starts
# its commit (both need Python, so they would otherwise take turns at the interpreter
# lock mid-frame). Reads go at once, unless writes wait before them.
_HAND_OVER = QEvent.Type(QEvent.registerEventType())
_AFTER_PAINT = Qt.EventPriority.LowEventPriority.value - 1

T = TypeVar("T")


def describe(exc: BaseException) -> str:
    """An error in words for the user: the services' own messages, or what the database said."""
    from fact_gui.domain.errors import FactGuiError

    if isinstance(exc, FactGuiError):
        return str(exc)
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return f"the database refused it: {exc.orig}"
    if isinstance(exc, SQLAlchemyError):
        return f"the database refused it: {exc}"
    return f"{exc.__class__.__name__}: {exc}"


class Op(Generic[T]):
    """One piece of database work, in the spirit of Anki's ``CollectionOp``.

    ``ops.write(lambda desk: review.submit(desk, 7), "Submitting").success(done).run()``:
    the function runs on the desk's worker thread (it must not touch a widget), the
    callbacks on the GUI thread. Without a failure callback a failure is reported the
    one consistent way (``Operations.report``).
    """

    def __init__(self, ops: Operations, fn: Callable[[Desk], T], label: str, writes: bool) -> None:
        self._ops, self.fn, self.label, self.writes = ops, fn, label, writes
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[Exception], object] | None = None
        self.done = False

    def success(self, callback: Callable[[T], object]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[Exception], object]) -> Op[T]:
        self._failure = callback
        return self

    def run(self) -> Op[T]:
        self._ops.submit(self)
        return self

    def finish(self, result: T | None, error: Exception | None) -> None:
        """On the GUI thread: hand the result (or the error) to the callbacks."""
        try:
            if error is not None:
                if self._failure is not None:
                    self._failure(error)
                else:
                    self._ops.report(error, "Not saved" if self.writes else f"{self.label} failed")
            elif self._success is not None:
                self._success(result)  # type: ignore[arg-type]
        finally:
            self.done = True


class _Relay(QObject):
    """Carries results from the worker thread to the GUI thread.

    Not a child of the window: one closed (and deleted) while work is still in flight
    leaves the relay alive, and Qt drops the result instead of calling a dead object.
    """

    finished = Signal(object)


class Operations(QObject):
    """The desk's database worker: every service call of the window goes through here.

    One thread per desk runs the calls one at a time in the order they were made,
    so writes commit in the user's order and a read sees every earlier write (an
    undo queued behind the create it undoes finds the id the create recorded).
    """

    attached = Signal()
    drained = Signal()  # the last piece of work in flight is done (tests and benchmarks wait)
    userChanged = Signal()  # the desk's user was renamed (in order with the edits around it)
    # A write is about to be queued: an edit still being typed (the note) goes first.
    aboutToWrite = Signal()
    # After BUSY_AFTER_MS of work: what is being done; "" once everything is done.
    busyChanged = Signal(str)
    # ("editing" | "saving" | "saved" | "failed" | "no database", detail): the "saved" item.
    saveStateChanged = Signal(str, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.desk: Desk | None = None
        self._jobs: queue.SimpleQueue[Op[object] | None] = queue.SimpleQueue()
        self._outbox: list[Op[object]] = []  # submitted, not yet handed to the worker
        self._thread: threading.Thread | None = None
        self._in_flight: deque[Op[object]] = deque()
        self._writes = 0
        self._delivering = 0
        self._editing = False  # "Editing note…" is shown
        self._busy_shown = False
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._show_busy)

    # -- the desk ----------------------------------------------------------------
    def attach(self, desk: Desk) -> None:
        """Start the worker for ``desk``; panels load what they show on ``attached``."""
        self.desk = desk
        relay = _Relay()
        # Emitted on the worker thread, delivered on the GUI thread.
        relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        # Held here too, so that the relay is destroyed on the GUI thread (a QObject must
        # be), not by the worker dropping the last reference as it stops.
        self._relay = relay
        self._thread = threading.Thread(
            target=self._work, args=(desk, self._jobs, relay), name="fact_gui-db", daemon=True
        )
        self._thread.start()
        self.saveStateChanged.emit("saved", time.strftime("%H:%M:%S"))
        self.attached.emit()

    def read(self, fn: Callable[[Desk], T], label: str = "Reading") -> Op[T]:
        return Op(self, fn, label, writes=False)

    def write(self, fn: Callable[[Desk], T], label: str = "Saving") -> Op[T]:
        return Op(self, fn, label, writes=True)

    def submit(self, op: Op[T]) -> None:
        if self.desk is None:
            return
        if op.writes:
            self.aboutToWrite.emit()
        self._in_flight.append(op)  # type: ignore[arg-type]
        if op.writes:
            self._writes += 1
            self._editing = False
            self.saveStateChanged.emit("saving", op.label)
        if len(self._in_flight) == 1:
            self._busy_timer.start()
        if not op.writes and not self._outbox:
            self._jobs.put(op)  # type: ignore[arg-type]  # a read: the sooner the better
            return
        self._outbox.append(op)  # type: ignore[arg-type]
        if len(self._outbox) == 1:
            QCoreApplication.postEvent(self, QEvent(_HAND_OVER), _AFTER_PAINT)

    def event(self, e: QEvent) -> bool:
        if e.type() == _HAND_OVER:
            self._hand_over()
            return True
        return super().event(e)

    def _hand_over(self) -> None:
        for op in self._outbox:
            self._jobs.put(op)
        self._outbox.clear()

    def idle(self) -> bool:
        """Nothing queued, running, or in its callbacks."""
        return not self._in_flight and not self._delivering

    def editing(self, what: str) -> None:
        """A panel holds an edit it will save shortly (the note being typed)."""
        self._editing = True
        self.saveStateChanged.emit("editing", what)

    def editing_done(self) -> None:
        """The edit held needed no saving after all (the text is as it was)."""
        if self._editing and not self._writes:
            self._editing = False
            self.saveStateChanged.emit("saved", time.strftime("%H:%M:%S"))

    def saved_elsewhere(self) -> None:
        """Work saved by a job of its own (a batch import) is saved: say so."""
        if not self._writes:
            self.saveStateChanged.emit("saved", time.strftime("%H:%M:%S"))

    def report(self, error: BaseException, title: str) -> None:
        """The one way failures are shown: a message naming why."""
        Alerts.show(self._parent, title, describe(error))

    def no_database(self, reason: str) -> None:
        self.saveStateChanged.emit("no database", reason)

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Let queued work finish (bounded), then stop the worker; True if it all ran."""
        if self._thread is None:
            return True
        self._hand_over()
        self._jobs.put(None)
        self._thread.join(timeout_s)
        finished = not self._thread.is_alive()
        self._thread = None
        self._busy_timer.stop()
        return finished

    # -- the worker thread -------------------------------------------------------------
    @staticmethod
    def _work(desk: Desk, jobs: queue.SimpleQueue[Op[object] | None], relay: _Relay) -> None:
        # Touches nothing of the window: the window may be gone before the queue is empty.
        while (op := jobs.get()) is not None:
            try:
                result, error = op.fn(desk), None
            except Exception as exc:  # reported on the GUI thread
                result, error = None, exc
            relay.finished.emit((op, result, error))

    # -- back on the GUI thread ---------------------------------------------------------
    def _deliver(self, payload: tuple[Op[object], object, Exception | None]) -> None:
        op, result, error = payload
        self._in_flight.remove(op)  # the oldest: the worker runs them in order
        if op.writes:
            # Said before the callbacks, which may hold the user in a dialog.
            self._writes -= 1
            if error is not None:
                self.saveStateChanged.emit("failed", describe(error))
            elif not self._writes:
                self.saveStateChanged.emit("saved", time.strftime("%H:%M:%S"))
        self._delivering += 1  # a callback may queue more, or ask the user (a dialog)
        try:
            op.finish(result, error)
        finally:
            self._delivering -= 1
            if not self._in_flight:
                self._busy_timer.stop()
                if self._busy_shown:
                    self._busy_shown = False
                    self.busyChanged.emit("")
                if not self._delivering:
                    self.drained.emit()
            elif self._busy_shown:
                self.busyChanged.emit(self._in_flight[0].label)

    def _show_busy(self) -> None:
        if self._in_flight:
            self._busy_shown = True
            self.busyChanged.emit(self._in_flight[0].label)
