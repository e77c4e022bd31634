"""Importing articles: read a source, extract the article, store it with its provenance."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Insert, func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from fact_gui.domain.errors import BadInput
from fact_gui.domain.names import printable
from fact_gui.domain.workflow import Do, Situation, State, check
from fact_gui.services import audit, changes, formats, versions
from fact_gui.services.audit import event
from fact_gui.services.changes import ChangeSet
from fact_gui.services.context import Desk
from fact_gui.services.fetch import is_url
from fact_gui.services.live import announce
from fact_gui.services.reading import (
    MAX_BYTES,
    Prepared,
    in_process,
    prepare,
    prepare_file,
    prepare_quietly,
    prepare_url,
    read_source,
)
from fact_gui.services.sandbox import TIME_LIMIT_S, Sandbox, quiet_libraries
from fact_gui.services.sharing import SharedReading
from fact_gui.store import reads
from fact_gui.store.engine import transaction, write_connection
from fact_gui.store.models import Article, ArticleLink
from fact_gui.store.reads import A
from fact_gui.store.types import iso, utcnow

__all__ = ["MAX_BYTES", "Prepared", "prepare", "prepare_file", "prepare_url", "read_source"]

# A batch with at least this many plain-text files shares their reading with helper
# processes (one per core but this one; see services.sharing). A helper starts in 0.1-0.3 s
# and takes half the reading from there; nobody waits for it, so a smaller batch that is
# over before it started loses nothing but the helper's start on an idle core.
PARALLEL_MIN = 64
# A batch commits every this many files or seconds, whichever comes first: one
# transaction per file made 1,000 files take 2.6 s; each file is still all-or-nothing
# (see _store), and progress is reported only for what is committed.
COMMIT_EVERY = 250
COMMIT_SECONDS = 0.3

Status = Literal["imported", "duplicate", "failed", "skipped"]


@dataclass(frozen=True)
class Outcome:
    """What happened to one source."""

    source: str
    status: Status
    article_id: int | None = None
    title: str = ""
    reason: str = ""
    # What the user should know about an imported article: bytes replaced while decoding.
    warnings: tuple[str, ...] = ()
    # Lines and characters of the extracted text left out of the article (its trim).
    left_out: tuple[int, int] = (0, 0)
    # Set when the source was a new text of an article already in the library.
    new_version: versions.NewVersion | None = None


@dataclass
class ImportReport:
    """The outcomes of a batch, in the order the sources were given."""

    outcomes: list[Outcome] = field(default_factory=list)
    cancelled: bool = False
    # Sources whose reading overran the time limit; reading workers that died.
    timed_out: int = 0
    workers_lost: int = 0

    def of(self, status: Status) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    @property
    def new_versions(self) -> list[versions.NewVersion]:
        return [o.new_version for o in self.of("imported") if o.new_version is not None]

    @property
    def changes(self) -> ChangeSet:
        return imported(self.outcomes)

    def summary(self) -> str:
        parts = [f"{len(self.of('imported'))} imported"]
        if new := self.new_versions:
            parts[0] += f" ({len(new)} as a new version of an article already in the library"
            if lost := sum(len(v.unplaced) for v in new):
                parts[0] += f"; {lost} claim{'' if lost == 1 else 's'} could not be carried"
            parts[0] += ")"
        for status, label in (("duplicate", "already in the library"), ("failed", "failed"),
                              ("skipped", "skipped (not an article format)")):  # fmt: skip
            if n := len(self.of(status)):  # type: ignore[arg-type]
                parts.append(f"{n} {label}")
        if self.cancelled:
            parts.append("cancelled before the end")
        return ", ".join(parts)


def imported(outcomes: Iterable[Outcome]) -> ChangeSet:
    """What importing these outcomes changed: the articles stored, and versions if any."""
    stored = [o for o in outcomes if o.status == "imported" and o.article_id is not None]
    return ChangeSet(
        articles=tuple(o.article_id for o in stored if o.article_id is not None),
        kinds=frozenset({changes.Kind.VERSIONS})
        if any(o.new_version is not None for o in stored)
        else frozenset(),
    )


@dataclass(frozen=True)
class Overrides:
    """What the analyst changed in the preview before saving."""

    body: tuple[int, int] | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None


def prepare_clipboard(text: str = "", html: str = "") -> Prepared:
    """Pasted content: HTML through the page extractor when it yields text, else plain text.

    Whatever the pasted page declares or holds, the answer is a Prepared or BadInput.
    """
    from fact_gui.domain.text import normalise
    from fact_gui.services.formats.plaintext import extract_text, readable

    quiet_libraries()
    source = "clipboard"
    if html.strip():
        try:
            fmt = formats.for_source("clipboard.html")
            data = html.encode("utf-8", errors="replace")
            return Prepared(source, "clipboard", data, fmt.extract(data, source), fmt.name)
        except BadInput:
            if not text.strip():
                raise
        except (MemoryError, RecursionError, Exception):  # a parser bug must not reach the window
            if not text.strip():
                raise BadInput(source, "the pasted page could not be read") from None
    if not text.strip():
        raise BadInput(source, "the clipboard holds no text")
    data = text.encode("utf-8", errors="replace")
    clean = normalise(readable(data.decode("utf-8", errors="replace"), source, "utf-8"))
    return Prepared(source, "clipboard", data, extract_text(clean, source, "utf-8"), "txt")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _OnTheDriver:
    """An INSERT run on the driver's cursor, its values bound as SQLAlchemy would bind them.

    For the statements a batch runs once a file: SQLAlchemy's execution machinery costs
    more than SQLite's own work of storing the article. Compiled once per dialect and
    set of columns; each value goes through its column type's bind processor.
    """

    def __init__(self, stmt: Insert) -> None:
        self.stmt = stmt
        self.compiled: dict[tuple[str, tuple[str, ...]], _Compiled] = {}

    def returning_id(self, conn: Connection, row: dict[str, Any]) -> int:
        """Insert ``row`` (the statement returns the id); IntegrityError as SQLAlchemy's."""
        sql, args = self._bound(conn, [row])
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, args[0])
            returned = cursor.fetchone()
            assert returned is not None  # INSERT ... RETURNING returns the row it wrote
            return int(returned[0])
        except conn.dialect.loaded_dbapi.IntegrityError as exc:
            raise IntegrityError(sql, args[0], exc) from exc
        finally:
            cursor.close()

    def many(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` (all with the same columns) in one ``executemany``."""
        sql, args = self._bound(conn, rows)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(sql, args)
        finally:
            cursor.close()

    def _bound(self, conn: Connection, rows: list[dict[str, Any]]) -> tuple[str, list[Any]]:
        dialect = conn.dialect
        key = (dialect.name, tuple(rows[0]))
        prepared = self.compiled.get(key)
        if prepared is None:
            c = self.stmt.compile(dialect=dialect, column_keys=list(rows[0]))
            binds = c.binds
            prepared = _Compiled(
                str(c), tuple(c.positiontup or binds), {k: b.value for k, b in binds.items()},
                {k: p for k, b in binds.items() if (p := b.type.bind_processor(dialect))},
                bool(c.positional),
            )  # fmt: skip
            self.compiled[key] = prepared
        args: list[Any] = []
        for row in rows:
            values = {**prepared.literals, **row}
            for name, process in prepared.processors.items():
                values[name] = process(values[name])
            args.append([values[k] for k in prepared.order] if prepared.positional else values)
        return prepared.sql, args


@dataclass(frozen=True)
class _Compiled:
    sql: str
    order: tuple[str, ...]
    literals: dict[str, Any]
    processors: dict[str, Callable[[Any], Any]]
    positional: bool


# Built once: a batch runs these for every file (compiled once per dialect).
_INSERT_ARTICLE = insert(Article).returning(A.id)
# On SQLite a first version is its own lineage from its INSERT on: the statement picks the
# id as SQLite would (one above the largest) and gives it to both columns, in one step.
_NEXT_ID = select(func.coalesce(func.max(A.id), 0) + 1).scalar_subquery()
_INSERT_OWN_LINEAGE = _OnTheDriver(
    insert(Article).values(id=_NEXT_ID, lineage_id=_NEXT_ID, version=1).returning(A.id)
)


@dataclass(frozen=True)
class _Duplicate:
    article_id: int
    title: str
    why: str


def _existing(
    conn: Connection, text_hash: str, url: str, source: str, text: str
) -> _Duplicate | versions.Predecessor | None:
    """What the library already holds of this text.

    The same text is a duplicate; so is the same URL or file whose words did not
    change (only spacing). The same URL or file with other words is a new version
    of the article: its newest version is returned. Otherwise nothing.
    """
    known = reads.known_text(conn, text_hash, url or None, source or None)
    if known is None:
        return None  # what nearly every file of a batch finds: one query answered it
    article_id, title, version, same_text = known
    if same_text:
        of = f" (its version {version})" if version > 1 else ""
        return _Duplicate(article_id, title, f"same text as an article already in the library{of}")
    previous = versions.predecessor(conn, url, source)
    if previous is not None and versions.unchanged_words(conn, previous, text):
        return _Duplicate(previous.id, previous.title, f"{previous.why} as an article already in "
                          "the library, with the same words (only spacing differs)")  # fmt: skip
    return previous


def _store(
    conn: Connection,
    desk: Desk,
    prepared: Prepared,
    keep_all: bool,
    overrides: Overrides | None,
    events: list[dict[str, Any]],
    folders: dict[str, str | None] | None = None,
) -> Outcome:
    """Write one prepared source in the caller's transaction; its audit events into ``events``.

    ``folders``: the real paths of the batch's folders (see ``versions.file_key``).

    Same text as an article already in the library is reported as a duplicate and
    nothing is written; the same URL or file with a changed text is a new version.
    """
    ex = prepared.extracted
    o = overrides or Overrides()
    body = o.body if o.body is not None else (None if keep_all else ex.body)
    start, end = body if body is not None else (0, len(ex.text))
    if not 0 <= start < end <= len(ex.text):
        raise BadInput(
            prepared.source, f"the kept range {start}-{end} is empty or outside the text"
        )
    text = ex.text[start:end]
    if not text.strip():
        raise BadInput(prepared.source, "the kept part of the text is empty")
    text_hash = _sha256(text.encode("utf-8"))
    url = prepared.url or ex.url
    source = versions.file_key(prepared.kind, prepared.source, folders)
    found = _existing(conn, text_hash, url, source if prepared.kind == "file" else "", text)
    if isinstance(found, _Duplicate):
        return Outcome(prepared.source, "duplicate", found.article_id, found.title, found.why)
    now = iso(utcnow())  # as UtcTimestamp stores it: converted once, not per column
    title = (o.title if o.title is not None else ex.title).strip() or Path(prepared.source).stem
    row = {
        "title": title,
        "outlet": (o.outlet if o.outlet is not None else ex.outlet).strip(),
        "author": (o.author if o.author is not None else ex.author).strip(),
        "url": url,
        "published": o.published if o.published is not None else ex.published,
        "text": text,
        "text_sha256": text_hash,
        "original": prepared.data,
        "original_sha256": _sha256(prepared.data),
        "source": source,
        "source_format": prepared.format_name,
        "encoding": ex.encoding[:32],
        "imported_at": now,
        "imported_by": desk.user,
        "updated_at": now,
        "updated_by": desk.user,
        "source_kind": prepared.kind,
        "fetched_at": prepared.fetched_at,
        "kept_start": start,
        "kept_end": end,
        "extracted_chars": len(ex.text),
        "state": "new",
    }
    links = [(a - start, b - start, u) for a, b, u in ex.links if start <= a < b <= end]
    mine: list[dict[str, Any]] = []
    # Core, not the ORM: a batch stores a thousand articles a second. Each source is
    # all-or-nothing: one statement is by itself on SQLite (a failed one is undone, the
    # transaction goes on), several need a savepoint; on PostgreSQL every source needs
    # one, as a failed statement would abort the whole batch.
    own_lineage = found is None and conn.dialect.name == "sqlite"
    alone = own_lineage and not links
    try:
        with nullcontext() if alone else conn.begin_nested():
            if own_lineage:
                article_id = _INSERT_OWN_LINEAGE.returning_id(conn, row)
            else:
                article_id = conn.execute(_INSERT_ARTICLE, row).scalar_one()
            if links:
                conn.execute(
                    insert(ArticleLink),
                    [{"article_id": article_id, "start_offset": a, "end_offset": b, "url": u}
                     for a, b, u in links],
                )  # fmt: skip
            mine.append(
                event(desk.user, "article.import", article_id=article_id,
                      after={"title": title, "source": prepared.source, "kind": prepared.kind,
                             "sha256": row["original_sha256"], "kept": [start, end],
                             "of": len(ex.text)})
            )  # fmt: skip
            new_version = (
                None if own_lineage else versions.attach(conn, desk, article_id, text, found, mine)
            )
    except IntegrityError:
        # Another window imported the same text (or the same new version) between our
        # check and insert.
        raise BadInput(
            prepared.source, "was imported at the same moment elsewhere; try again"
        ) from None
    events.extend(mine)
    return Outcome(prepared.source, "imported", article_id, title,
                   new_version.describe() if new_version else "", warnings=ex.warnings,
                   left_out=ex.left_out((start, end)), new_version=new_version)  # fmt: skip


def _may_import(desk: Desk) -> None:
    """Refuse, in words, someone whose role may not add articles (a team desk's reviewers)."""
    check(Do.IMPORT, Situation(State.NEW, roles=desk.roles))


def save(
    desk: Desk, prepared: Prepared, keep_all: bool = False, overrides: Overrides | None = None
) -> Outcome:
    """Store a prepared source (the suggested trim applied unless ``keep_all``)."""
    _may_import(desk)
    events: list[dict[str, Any]] = []
    with transaction(desk.engine) as s:
        conn = s.connection()
        outcome = _store(conn, desk, prepared, keep_all, overrides, events)
        audit.append(conn, events)
        announce(conn, desk, imported([outcome]))  # other windows' libraries
        return outcome


def import_bytes(desk: Desk, data: bytes, source: str, keep_all: bool = False) -> Outcome:
    """Import one file's bytes (named ``source``, whose extension picks the format)."""
    fmt = formats.for_source(source)
    prepared = Prepared(source, "file", data, fmt.extract(data, source), fmt.name)
    return save(desk, prepared, keep_all)


def import_file(desk: Desk, path: str | os.PathLike[str], keep_all: bool = False) -> Outcome:
    """Import one file or URL; failures come back as a failed Outcome, never half-stored."""
    if not is_url(os.fspath(path)) and os.path.isdir(path):
        return Outcome(printable(os.fspath(path)), "failed", reason="is a folder, not a file")
    report = import_sources(desk, [path], keep_all=keep_all)
    if report.outcomes:
        return report.outcomes[0]
    return Outcome(printable(os.fspath(path)), "failed", reason="nothing to import")


def prepare_safely(source: str, time_limit: float | None = None) -> Prepared | str:
    """One source read for the window: in a worker with limits unless it is plain text.

    Returns the Prepared source or the reason in words; it never hangs past the time
    limit and never raises.
    """
    quiet_libraries()
    if in_process(source):
        return prepare_quietly(source)
    with Sandbox(1, time_limit or TIME_LIMIT_S) as sandbox:
        return next(sandbox.read([source]))[1]


def expand(sources: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, Status | None, str]]:
    """Sources -> (source, None, "") to import, or (path, status, reason) not to.

    Folders are walked. Inside them, files of other types (images, style sheets)
    are skipped; a file named directly is always tried, so its error is reported;
    a folder with nothing to import is a failure with its reason. Pipes, devices and
    sockets inside folders are skipped without being opened.
    """
    import stat

    supported = set(formats.supported_extensions())
    for src in sources:
        s = os.fspath(src)
        if is_url(s) or not os.path.isdir(s):
            yield s, None, ""
            continue
        found = False
        for root, dirs, files in os.walk(s):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = os.path.join(root, name)
                suffix = Path(name).suffix.lower()
                try:
                    mode = os.stat(path).st_mode
                except OSError:
                    mode = stat.S_IFREG  # a dangling link: reading says why
                if suffix in supported and not stat.S_ISREG(mode):
                    yield path, "skipped", "not a regular file (a pipe, device or socket)"
                elif suffix in supported:
                    found = True
                    yield path, None, ""
                else:
                    ext = Path(name).suffix or "no extension"
                    yield path, "skipped", f"{printable(ext)}: not an article format"
        if not found:
            kinds = ", ".join(sorted(supported))
            yield s, "failed", f"the folder holds no article files ({kinds})"


class _Batch:
    """One transaction for many sources, each all-or-nothing (see _store), committed often.

    Outcomes are handed to ``progress`` only once committed, so a batch killed midway
    never reported an article that is not in the database.
    """

    def __init__(self, desk: Desk, progress: Callable[[int, int, Outcome], None] | None,
                 total: int) -> None:  # fmt: skip
        self.desk = desk
        self.progress = progress
        self.total = total
        self.conn: Connection | None = None
        self.events: list[dict[str, Any]] = []
        self.folders: dict[str, str | None] = {}
        self.waiting: list[Outcome] = []
        self.reported = 0
        self.last_commit = time.monotonic()

    def store(self, prepared: Prepared, keep_all: bool) -> Outcome:
        if self.conn is None:
            # A write like any other: on SQLite it begins IMMEDIATE, so the duplicate and
            # version checks read under the write lock.
            self.conn = write_connection(self.desk.engine)
            self.conn.begin()
        try:
            return _store(self.conn, self.desk, prepared, keep_all, None, self.events, self.folders)
        except BadInput as exc:
            return Outcome(prepared.source, "failed", reason=exc.reason)
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc.__class__.__name__
            return Outcome(prepared.source, "failed", reason=f"could not be stored ({reason})")

    def add(self, outcome: Outcome) -> None:
        self.waiting.append(outcome)
        due = time.monotonic() - self.last_commit >= COMMIT_SECONDS
        if len(self.waiting) >= COMMIT_EVERY or due:
            self.commit()

    def commit(self) -> None:
        if self.conn is not None:
            # Into the audit chain in order, under one head lock held only until this commit.
            audit.append(self.conn, self.events)
            # Announced at commit: other windows' libraries show what this batch stored.
            announce(self.conn, self.desk, imported(self.waiting))
            self.conn.commit()
            self.conn.close()
            self.conn = None
        self.events.clear()
        self.last_commit = time.monotonic()
        for outcome in self.waiting:
            self.reported += 1
            if self.progress is not None:
                self.progress(self.reported, self.total, outcome)
        self.waiting.clear()

    def abandon(self) -> None:
        if self.conn is not None:
            self.conn.rollback()
            self.conn.close()
            self.conn = None
        self.events.clear()


def import_sources(
    desk: Desk,
    sources: Iterable[str | os.PathLike[str]],
    keep_all: bool = False,
    progress: Callable[[int, int, Outcome], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
    time_limit: float | None = None,
) -> ImportReport:
    """Import files, folders (recursively) and URLs; each source all-or-nothing.

    Web pages, PDFs, Word files and links are read in worker processes with a time
    limit and a memory ceiling (``sandbox``) while this thread stores the results in
    order, so good files land whatever the others do. Plain text is read here; a large
    batch shares that reading with helper processes (``sharing``). Any failure is that
    source's line in the report.
    """
    _may_import(desk)
    quiet_libraries()
    items = list(expand(sources))
    report = ImportReport()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    plain: list[str] = []  # read here (and by helpers): plain text, or refused by its name
    isolated: list[str] = []  # read by the sandbox's workers
    for s, status, _ in items:
        if status is None:
            (plain if in_process(s) else isolated).append(s)
    sandbox: Sandbox | None = None
    results: Iterator[tuple[str, Prepared | str]] = iter(())
    if isolated:
        sandbox = Sandbox(min(workers, len(isolated)), time_limit or TIME_LIMIT_S)
        results = sandbox.read(isolated)
    shared: SharedReading | None = None
    if workers > 1 and len(plain) >= PARALLEL_MIN:
        shared = SharedReading(plain, workers - 1)
    batch = _Batch(desk, progress, len(items))
    isolated_set = set(isolated)
    taken = 0
    try:
        for source, status, reason in items:
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            name = printable(source)
            if status is not None:
                outcome = Outcome(name, status, reason=reason)
            else:
                if source in isolated_set:
                    prepared = next(results)[1]
                elif shared is not None:
                    prepared = shared.take(taken)
                    taken += 1
                else:
                    prepared = prepare_quietly(source)
                if isinstance(prepared, str):
                    outcome = Outcome(name, "failed", reason=prepared)
                else:
                    outcome = batch.store(prepared, keep_all)
            report.outcomes.append(outcome)
            batch.add(outcome)
        batch.commit()
    except BaseException:
        batch.abandon()
        raise
    finally:
        if sandbox is not None:
            sandbox.close()
        if shared is not None:
            shared.close()
    if sandbox is not None:
        report.timed_out, report.workers_lost = sandbox.timed_out, sandbox.died
    return report


def import_paths(
    desk: Desk,
    paths: Iterable[str | os.PathLike[str]],
    progress: Callable[[int, Outcome], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files one after another (compatibility wrapper over ``import_sources``)."""
    adapt = None if progress is None else (lambda done, _total, o: progress(done, o))
    return import_sources(desk, paths, progress=adapt, cancelled=cancelled, workers=1)
