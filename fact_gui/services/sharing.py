"""Plain text read by the importing thread and by helper processes at once, handed over in order.

Reading a plain-text file (decoding, the readability check, the story search) costs three
times what storing it does, so on one core a batch is bound by reading. Worker processes
read in parallel, but one takes a tenth of a second or more to start, and a batch that
waited for it would lose what it gains. So the importing thread reads the sources itself,
from the front, and once a helper has answered a first empty job it is handed the next
unread ones, ``CHUNK`` at a time (a message per source, as the sandbox sends, cost this
thread a fifth of what reading the source does), two jobs per helper so none idles;
whichever source is next to store is taken from whoever read it.

Nothing waits for a helper: when the source needed next is still with one, this thread
reads the ones after it, then, ``AHEAD`` sources on, that one too (the helper's reading of
it is dropped). Nothing runs far ahead of what is stored (``AHEAD`` sources; at most
``BUFFER_BYTES`` read and waiting), so memory stays bounded whatever the size of the batch.
Plain text is read in the importing process without the sandbox's limits
(``reading.IN_PROCESS_FORMATS``), so the helpers have none either; one that dies leaves
its sources to this thread.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass

from fact_gui.services.reading import Prepared, prepare_quietly
from fact_gui.services.sandbox import quiet_libraries

log = logging.getLogger(__name__)

# How many sources may be read ahead of the one to store next, and how many bytes (original
# and text) of read sources may wait (one more source past that, at most).
AHEAD = 64
BUFFER_BYTES = 64 * 2**20
# What a helper is handed at once: this many sources, or fewer up to this many bytes.
CHUNK = 8
CHUNK_BYTES = 8 * 2**20


def read_all(sources: list[str]) -> list[Prepared | str]:
    """A helper's job: each source prepared, or the reason in words it is not."""
    return [prepare_quietly(source) for source in sources]


def _size(result: Prepared | str) -> int:
    return 0 if isinstance(result, str) else len(result.data) + len(result.extracted.text)


@dataclass
class _Chunk:
    first: int
    count: int
    job: Future[list[Prepared | str]]


class SharedReading:
    """``sources`` read here and by ``helpers`` worker processes; ``take`` them in order.

    ``take(i)`` must be called for i = 0, 1, 2, ... (each source once), then ``close``.
    """

    def __init__(self, sources: Sequence[str], helpers: int) -> None:
        self.sources = sources
        self.helpers = helpers
        self.next = 0  # the first source nobody has claimed
        self.done: dict[int, Prepared | str] = {}
        self.buffered = 0  # bytes in ``done``
        self.chunks: list[_Chunk] = []  # with the helpers, oldest first
        self.wanted = 0  # the source to take next
        self.handed = 0  # sources handed to the helpers
        self.stolen = 0  # sources a helper still had when they were needed
        self.broken = False
        ctx = multiprocessing.get_context("spawn")  # not fork: the caller may run Qt threads
        self.pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            helpers, mp_context=ctx, initializer=quiet_libraries
        )
        # Nothing for the helpers before they answer this (sources handed to a helper that
        # is still starting would be waited for, or read twice).
        self.ping: Future[list[Prepared | str]] = self.pool.submit(read_all, [])

    def take(self, index: int) -> Prepared | str:
        """Source ``index``, read by whoever got to it (this thread reads it if nobody did)."""
        self.wanted = index  # what the helpers bring of earlier sources is dropped
        self._hand_out()
        while index not in self.done:
            self._collect()
            if index in self.done:
                break
            if index >= self.next or self.broken or not self._held(index):
                self.next = max(self.next, index + 1)
                return prepare_quietly(self.sources[index])
            # A helper has it: read the next unclaimed source meanwhile, or this one.
            if not self._may_read(self.next):
                self.stolen += 1
                return prepare_quietly(self.sources[index])
            ahead = self.next
            self.next += 1
            self._keep(ahead, prepare_quietly(self.sources[ahead]))
        result = self.done.pop(index)
        self.buffered -= _size(result)
        return result

    def close(self) -> None:
        """Stop the helpers: at once if none has started, else once their jobs are done."""
        if self.pool is not None:
            self.pool.shutdown(wait=self.ping.done() and not self.broken, cancel_futures=True)
            self.pool = None

    # -----------------------------------------------------------------------------------------

    def _may_read(self, position: int) -> bool:
        return (
            position < len(self.sources)
            and position - self.wanted <= AHEAD
            and self.buffered < BUFFER_BYTES
        )

    def _keep(self, index: int, result: Prepared | str) -> None:
        self.done[index] = result
        self.buffered += _size(result)

    def _held(self, index: int) -> bool:
        return any(c.first <= index < c.first + c.count for c in self.chunks)

    def _hand_out(self) -> None:
        """Keep two jobs per helper in hand: one being read, one waiting (no helper idles)."""
        while (
            self.pool is not None
            and not self.broken
            and self.ping.done()
            and len(self.chunks) < 2 * self.helpers
            and self._may_read(self.next + CHUNK - 1)
        ):
            first, size, count = self.next, 0, 0
            while count < CHUNK and first + count < len(self.sources) and size < CHUNK_BYTES:
                with suppress(OSError):  # reading will say why
                    size += os.stat(self.sources[first + count]).st_size
                count += 1
            try:
                job = self.pool.submit(read_all, list(self.sources[first : first + count]))
            except Exception:  # a helper could not be started
                log.exception("the helpers reading plain text stopped; this process reads on")
                self.broken = True
                return
            self.chunks.append(_Chunk(first, count, job))
            self.next += count
            self.handed += count

    def _collect(self) -> None:
        """What the helpers have finished reading, into ``done`` (what is still wanted)."""
        for chunk in [c for c in self.chunks if c.job.done()]:
            self.chunks.remove(chunk)
            try:
                results = chunk.job.result()
            except Exception:  # the helper died: this thread reads its sources
                log.exception("a helper reading plain text stopped; this process reads on")
                self.broken = True
                continue
            for index, result in enumerate(results, chunk.first):
                if index >= self.wanted and index not in self.done:
                    self._keep(index, result)
