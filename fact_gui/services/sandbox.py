"""Reading untrusted sources in worker processes with a time limit and a memory ceiling.

Parsers of web pages, PDFs and Word files can be made to stall or to swallow memory. Each
worker reads one source at a time; one that overruns ``TIME_LIMIT_S`` is killed and replaced,
and the source gets that as its reason. Each worker's address space is capped at
``MEMORY_LIMIT`` (``RLIMIT_AS``), so a decompression bomb ends in a MemoryError in that worker
-- one source's failure -- instead of taking the machine's memory. Library log lines and
warnings go to the intake log file, never to the terminal.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import SpawnProcess

    from fact_gui.services.reading import Prepared

# Per source: a 30 MB PDF reads in a few seconds here, a link has its own 20 s fetch limit.
TIME_LIMIT_S = 60.0
# Per worker process: reading needs ~70 MB of address space plus what the file unpacks to.
MEMORY_LIMIT = 1536 * 2**20
# Library loggers whose lines go to the intake log (pypdf alone can print thousands).
NOISY = ("pypdf", "trafilatura", "htmldate", "courlan", "justext", "charset_normalizer",
         "docx", "dateparser", "markdown_it", "fact_gui.services")  # fmt: skip


def log_path() -> Path:
    """Where intake writes what libraries said while reading (one line per message)."""
    from platformdirs import user_log_path

    return user_log_path("fact_gui", appauthor=False) / "intake.log"


def quiet_libraries() -> None:
    """Send the reading libraries' log lines to the intake log, not to the terminal."""
    if getattr(quiet_libraries, "done", False):
        return
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s: %(message)s"))
    for name in NOISY:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    quiet_libraries.done = True  # type: ignore[attr-defined]


def _serve(conn: Connection, memory_limit: int) -> None:
    """A worker's life: read the sources it is sent until it is sent None."""
    import resource

    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    quiet_libraries()
    # Whatever a C library prints (libxml2) or Python warns goes to the log, not the terminal.
    warnings.simplefilter("ignore")
    try:
        log_fd = os.open(log_path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(log_fd, 2)
        os.close(log_fd)
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    except OSError:
        pass
    from fact_gui.services.reading import prepare_quietly

    while True:
        try:
            source = conn.recv()
        except (EOFError, OSError):
            return
        if source is None:
            return
        path, max_bytes = source
        result = prepare_quietly(path, max_bytes)
        try:
            conn.send(result)
        except MemoryError:
            conn.send("is too large to hand over within the memory allowed for reading one file")


class _Worker:
    def __init__(self, memory_limit: int) -> None:
        ctx = multiprocessing.get_context("spawn")  # not fork: the caller may run Qt threads
        self.conn, child = ctx.Pipe()
        self.proc: SpawnProcess = ctx.Process(
            target=_serve, args=(child, memory_limit), daemon=True, name="fact-gui-reader"
        )
        self.proc.start()
        child.close()
        self.job: int | None = None
        self.deadline = 0.0

    def give(self, index: int, source: str, time_limit: float) -> None:
        from fact_gui.services import reading

        # The size limit travels with the job: the caller's setting, whatever it is.
        self.conn.send((source, reading.MAX_BYTES))
        self.job = index
        self.deadline = time.monotonic() + time_limit

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(2 if not kill else None)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()
        self.proc.close()


class Sandbox:
    """A few reading workers; ``read`` yields each source's result in the order given.

    Counters tell what happened: how many sources overran the time limit and how many
    workers died (out of memory, crashed) and were replaced.
    """

    def __init__(
        self,
        workers: int,
        time_limit: float = TIME_LIMIT_S,
        memory_limit: int = MEMORY_LIMIT,
    ) -> None:
        self.size = max(1, workers)
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self._workers: list[_Worker] = []
        self.timed_out = 0
        self.died = 0

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self._workers:
            w.stop(kill=w.job is not None)
        self._workers.clear()

    def read(self, sources: Iterable[str]) -> Iterator[tuple[str, Prepared | str]]:
        """(source, Prepared or the reason it failed), in order, ``size`` at a time."""
        queue = iter(enumerate(sources))
        pending: dict[int, str] = {}
        done: dict[int, Prepared | str] = {}
        following = 0
        exhausted = False
        while True:
            # Keep every worker busy.
            while not exhausted and len(self._idle()) > 0:
                nxt = next(queue, None)
                if nxt is None:
                    exhausted = True
                    break
                index, source = nxt
                pending[index] = source
                worker = self._idle()[0]
                try:
                    worker.give(index, source, self.time_limit)
                except (OSError, ValueError):
                    self._replace(worker)
                    done[index] = "the reading process could not be started"
            while following in done:
                yield pending.pop(following), done.pop(following)
                following += 1
            if exhausted and not pending:
                return
            busy = [w for w in self._workers if w.job is not None]
            if not busy:
                continue
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout)
            for w in busy:
                job = w.job
                assert job is not None
                if w.conn in ready:
                    try:
                        done[job] = w.conn.recv()
                        w.job = None
                    except (EOFError, OSError):
                        self.died += 1
                        done[job] = (
                            "the reading process stopped while reading it "
                            "(out of memory, or a crash in a parser)"
                        )
                        self._replace(w)
                elif time.monotonic() >= w.deadline:
                    self.timed_out += 1
                    done[job] = (
                        f"took longer than {self.time_limit:g} s to read and was given up "
                        "(a damaged file, or one built to stall readers)"
                    )
                    self._replace(w)

    def _idle(self) -> list[_Worker]:
        while len(self._workers) < self.size:
            self._workers.append(_Worker(self.memory_limit))
        return [w for w in self._workers if w.job is None]

    def _replace(self, worker: _Worker) -> None:
        self._workers.remove(worker)
        worker.stop(kill=True)
