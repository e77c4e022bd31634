"""Plain text read by the importing thread and by helper processes at once, handed over in order.

Reading a plain-text file (decoding, the readability check, the story search) costs three
times what storing it does, so on one core a batch is bound by reading. Worker processes
read in parallel, but one takes a tenth of a second or more to start, and a batch that
waited for it would lose what it gains. So the importing thread reads the sources itself,
from the front, and the helpers take the next unread one whenever they are free; whichever
source is next to store is taken from whoever read it.

Nothing waits for a helper: its first job is a ping (a source given to it before it has
started would be held up until it has), and when the source needed next is still being
read by a helper, this thread reads the ones after it, then, ``AHEAD`` sources on, that one
too (the helper's reading of it is dropped). Neither side reads far ahead of what is
stored (``AHEAD`` sources, at most ``BUFFER_BYTES`` waiting), so memory stays bounded
whatever the size of the batch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence

from fact_gui.services.reading import Prepared, prepare_quietly
from fact_gui.services.sandbox import Sandbox

log = logging.getLogger(__name__)

# How many sources may be read ahead of the one to store next, and how many bytes (original
# and text) of read sources may wait: one more source is read past the latter at most.
AHEAD = 16
BUFFER_BYTES = 64 * 2**20
# What a helper is first asked to read: nothing (it answers once it has started).
_PING = ""


def _size(result: Prepared | str) -> int:
    if isinstance(result, str):
        return 0
    return len(result.data) + len(result.extracted.text)


class SharedReading:
    """``sources`` read here and by ``helpers`` worker processes; ``take`` them in order.

    ``take(i)`` must be called for i = 0, 1, 2, ... (each source once); ``close`` stops
    the helpers. Helpers that fail leave their sources to this thread. ``timed_out`` and
    ``died`` count as ``Sandbox``'s counters do.
    """

    def __init__(self, sources: Sequence[str], helpers: int, time_limit: float) -> None:
        self.sources = sources
        self.helpers = helpers
        self.time_limit = time_limit
        self.lock = threading.Condition(threading.Lock())
        # All below under the lock.
        self.next = 0  # the first source nobody has claimed
        self.wanted = 0  # the source to take next: a helper's reading of an earlier one is dropped
        self.done: dict[int, Prepared | str] = {}
        self.buffered = 0  # bytes in ``done``
        self.claimed: list[int] = []  # by the helpers, in the order they were given them
        self.started = False  # every helper answered its ping
        self.stopping = False
        self.finished = False  # the helpers read nothing more
        self.stolen = 0  # sources a helper was still reading when they were needed
        self.timed_out = 0
        self.died = 0
        self.feeder = threading.Thread(target=self._feed, name="fact-gui-helpers", daemon=True)
        self.feeder.start()

    def take(self, index: int) -> Prepared | str:
        """Source ``index``, read by whoever got to it (this thread reads it if nobody did)."""
        # A moment for the feeder thread: a helper waits for its next source until that
        # thread holds the interpreter, which this one would keep for milliseconds.
        time.sleep(0)
        with self.lock:
            while index not in self.done:
                ahead = self.next
                mine = index >= ahead or self.finished  # nobody else will read it
                if mine or not self._may_read_ahead(index):
                    self.stolen += not mine
                    self.next = max(ahead, index + 1)
                    break
                self.next = ahead + 1
                self.lock.release()
                try:
                    result = prepare_quietly(self.sources[ahead])
                finally:
                    self.lock.acquire()
                self._keep(ahead, result)
            else:
                result = self.done.pop(index)
                self.buffered -= _size(result)
                self._taken(index)
                return result
            self._taken(index)
        return prepare_quietly(self.sources[index])

    def close(self) -> None:
        """Stop giving the helpers sources; wait for those they are reading; stop them.

        A helper that has not even started is not waited for: it has read nothing, and
        stops by itself once it has started (a small batch is over before that).
        """
        with self.lock:
            self.stopping = True
            self.lock.notify_all()
            started = self.started
        if started:
            self.feeder.join()

    # -- under the lock ---------------------------------------------------------------------
    def _may_read_ahead(self, index: int) -> bool:
        return (
            self.next < len(self.sources)
            and self.next - index <= AHEAD
            and self.buffered < BUFFER_BYTES
        )

    def _keep(self, index: int, result: Prepared | str) -> None:
        self.done[index] = result
        self.buffered += _size(result)

    def _taken(self, index: int) -> None:
        self.wanted = index + 1
        self.lock.notify_all()  # a helper may claim again

    # -- the feeder thread --------------------------------------------------------------------
    def _claims(self) -> Iterator[str]:
        """What the helpers read: their pings, then the next unclaimed source each time."""
        for _ in range(self.helpers):
            yield _PING
        while True:
            with self.lock:
                while not self.stopping and not self._may_read_ahead(self.wanted):
                    if self.next >= len(self.sources):
                        return
                    self.lock.wait()
                if self.stopping:
                    return
                index = self.next
                self.next += 1
                self.claimed.append(index)
            yield self.sources[index]

    def _feed(self) -> None:
        """Hand the helpers sources; keep what they read for ``take``."""
        sandbox = Sandbox(self.helpers, self.time_limit)
        try:
            for n, (_, result) in enumerate(sandbox.read(self._claims())):
                with self.lock:
                    if n == self.helpers - 1:
                        self.started = True
                    elif n >= self.helpers:  # not a ping's answer
                        index = self.claimed[n - self.helpers]
                        if index >= self.wanted:
                            self._keep(index, result)
        except Exception:
            log.exception("the helpers reading plain text stopped; this process reads on")
        finally:
            sandbox.close()
            with self.lock:
                self.timed_out, self.died = sandbox.timed_out, sandbox.died
                self.finished = True
