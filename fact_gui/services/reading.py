"""Reading one source: bounded bytes from a regular file or a link, then its format's extractor.

Nothing here touches the database, so worker processes import only this and the formats.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from fact_gui.domain.errors import BadInput
from fact_gui.domain.names import printable
from fact_gui.services import formats
from fact_gui.services.formats import Extracted

log = logging.getLogger(__name__)

# Far above any news article or statement (the seeds are 2-6 KB, a long PDF
# report a few MB); it bounds memory when someone picks a video by mistake.
MAX_BYTES = 32 * 1024 * 1024
# Formats read in the calling process: decoding and the story search are linear in the
# size (capped above) and call no parser that can stall; the others run in workers.
IN_PROCESS_FORMATS = frozenset({"txt", "md"})

Kind = Literal["file", "url", "clipboard"]


@dataclass(frozen=True)
class Prepared:
    """A source read and extracted, not yet stored (what the import preview shows).

    ``source`` is printable (a file name that is not valid UTF-8 shows its bytes as
    escapes), so it can be stored, printed and shown whatever the name's bytes.
    """

    source: str
    kind: Kind
    data: bytes
    extracted: Extracted
    format_name: str
    fetched_at: datetime | None = None
    url: str = ""


_FILE_TYPES = (
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a disk device, not a file"),
    (stat.S_ISDIR, "is a folder, not a file"),
)


def _refuse_unless_regular(mode: int, name: str) -> None:
    for test, reason in _FILE_TYPES:
        if test(mode):
            raise BadInput(name, reason)
    if not stat.S_ISREG(mode):
        raise BadInput(name, "is not a regular file")


def read_source(path: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file (at most ``MAX_BYTES``), or BadInput saying why not.

    Pipes, devices and sockets are refused by what they are, before and after opening
    (without blocking: a FIFO is opened non-blocking, so no writer is waited for), and
    never more than the limit plus one byte is read.
    """
    name = printable(os.fspath(path))
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        _refuse_unless_regular(os.stat(path).st_mode, name)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            _refuse_unless_regular(info.st_mode, name)  # swapped since the check
            if info.st_size > limit:
                raise BadInput(name, _too_big(info.st_size, limit))
            chunks: list[bytes] = []
            size = 0
            while size <= limit:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise BadInput(name, "no such file") from None
    except PermissionError:
        raise BadInput(name, "permission denied: this account may not read it") from None
    except IsADirectoryError:
        raise BadInput(name, "is a folder, not a file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise BadInput(name, "is a link that points to itself (a loop)") from None
        raise BadInput(name, f"could not be read: {exc.strerror or 'the system refused'}") from None
    if size > limit:
        raise BadInput(name, _too_big(size, limit))  # it grew while we read it
    if size == 0:
        raise BadInput(name, "is empty")
    return b"".join(chunks)


def _too_big(size: int, limit: int) -> str:
    return f"is {size / 2**20:.1f} MB or more; the limit is {limit / 2**20:g} MB"


def prepare_file(path: str | os.PathLike[str], max_bytes: int | None = None) -> Prepared:
    name = printable(os.fspath(path))
    if not os.path.lexists(path):
        raise BadInput(name, "no such file")
    if os.path.isdir(path):
        raise BadInput(name, "is a folder, not a file")
    fmt = formats.for_source(name)
    data = read_source(path, max_bytes)
    return Prepared(name, "file", data, fmt.extract(data, name), fmt.name)


def _is_url(source: str) -> bool:
    """``fetch.is_url``, without importing the HTTP stack for what cannot be a link.

    Worker processes import this module first thing, and the fetch module brings
    urllib and SQLAlchemy with it: a tenth of a second of every worker's start.
    """
    if "://" not in source:
        return False
    from fact_gui.services.fetch import is_url

    return is_url(source)


def prepare_url(url: str, max_bytes: int | None = None) -> Prepared:
    from fact_gui.services.fetch import fetch

    fetched = fetch(url, MAX_BYTES if max_bytes is None else max_bytes)
    fmt = formats.for_content_type(fetched.content_type, fetched.url)
    extracted = fmt.extract(fetched.data, fetched.url)
    return Prepared(url, "url", fetched.data, extracted, fmt.name, fetched.fetched_at,
                    extracted.url or fetched.url)  # fmt: skip


def prepare(source: str, max_bytes: int | None = None) -> Prepared:
    """A file path or an http(s) URL (at most ``max_bytes``, by default ``MAX_BYTES``)."""
    return prepare_url(source, max_bytes) if _is_url(source) else prepare_file(source, max_bytes)


def in_process(source: str) -> bool:
    """Safe to read here: a local file of a plain-text format (see IN_PROCESS_FORMATS)."""
    if _is_url(source):
        return False
    try:
        return formats.for_source(printable(source)).name in IN_PROCESS_FORMATS
    except BadInput:
        return True  # refused by its name alone, nothing is read


def prepare_quietly(source: str, max_bytes: int | None = None) -> Prepared | str:
    """The prepared source, or the reason in words why it cannot be (never an exception)."""
    try:
        return prepare(source, max_bytes)
    except BadInput as exc:
        return exc.reason
    except MemoryError:
        return "is too large to read within the memory allowed for reading one file"
    except RecursionError:
        return "is nested too deeply to read (thousands of levels of markup)"
    except Exception:  # a parser bug must not sink the whole batch, nor show its name
        log.exception("%s: the reader failed", printable(source))
        return "could not be read: the reader for this kind of file failed on it (see the log)"
