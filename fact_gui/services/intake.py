"""Importing articles: read a source, extract the article, store it with its provenance."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from fact_gui.domain.errors import BadInput
from fact_gui.services import formats
from fact_gui.services.audit import record
from fact_gui.services.changes import ChangeSet
from fact_gui.services.context import Desk
from fact_gui.services.fetch import fetch, is_url
from fact_gui.services.formats import Extracted
from fact_gui.services.live import announce
from fact_gui.store.engine import transaction
from fact_gui.store.models import Article
from fact_gui.store.reads import A
from fact_gui.store.types import utcnow

# Far above any news article or statement (the seeds are 2-6 KB, a long PDF
# report a few MB); it bounds memory when someone picks a video by mistake.
MAX_BYTES = 32 * 1024 * 1024
# Batches at least this large extract in worker processes (trafilatura and PDF
# parsing are CPU-bound; below this, starting the workers costs more than it saves).
PARALLEL_MIN = 8

Status = Literal["imported", "duplicate", "failed", "skipped"]
Kind = Literal["file", "url", "clipboard"]


@dataclass(frozen=True)
class Outcome:
    """What happened to one source."""

    source: str
    status: Status
    article_id: int | None = None
    title: str = ""
    reason: str = ""


@dataclass
class ImportReport:
    """The outcomes of a batch, in the order the sources were given."""

    outcomes: list[Outcome] = field(default_factory=list)
    cancelled: bool = False

    def of(self, status: Status) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    @property
    def changes(self) -> ChangeSet:
        return ChangeSet(
            articles=tuple(o.article_id for o in self.of("imported") if o.article_id is not None)
        )

    def summary(self) -> str:
        parts = [f"{len(self.of('imported'))} imported"]
        for status, label in (("duplicate", "already in the library"), ("failed", "failed"),
                              ("skipped", "skipped (not an article format)")):  # fmt: skip
            if n := len(self.of(status)):  # type: ignore[arg-type]
                parts.append(f"{n} {label}")
        if self.cancelled:
            parts.append("cancelled before the end")
        return ", ".join(parts)


@dataclass(frozen=True)
class Prepared:
    """A source read and extracted, not yet stored (what the import preview shows)."""

    source: str
    kind: Kind
    data: bytes
    extracted: Extracted
    format_name: str
    fetched_at: datetime | None = None
    url: str = ""


@dataclass(frozen=True)
class Overrides:
    """What the analyst changed in the preview before saving."""

    body: tuple[int, int] | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None


def read_source(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file, or BadInput saying why it cannot be read."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise BadInput(name, "is a folder, not a file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(name, f"is {size / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB")
        data = p.read_bytes()
    except FileNotFoundError:
        raise BadInput(name, "no such file") from None
    except PermissionError:
        raise BadInput(name, "permission denied") from None
    except IsADirectoryError:
        raise BadInput(name, "is a folder, not a file") from None
    except OSError as exc:
        raise BadInput(name, exc.strerror or str(exc)) from None
    if not data:
        raise BadInput(name, "is empty")
    return data


def prepare_file(path: str | os.PathLike[str]) -> Prepared:
    source = str(path)
    if not Path(path).exists() or Path(path).is_dir():
        read_source(path)  # says "no such file" / "is a folder" before any format talk
    fmt = formats.for_source(source)
    data = read_source(path)
    return Prepared(source, "file", data, fmt.extract(data, source), fmt.name)


def prepare_url(url: str) -> Prepared:
    fetched = fetch(url, MAX_BYTES)
    fmt = formats.for_content_type(fetched.content_type, fetched.url)
    extracted = fmt.extract(fetched.data, fetched.url)
    return Prepared(url, "url", fetched.data, extracted, fmt.name, fetched.fetched_at,
                    extracted.url or fetched.url)  # fmt: skip


def prepare_clipboard(text: str = "", html: str = "") -> Prepared:
    """Pasted content: HTML through the page extractor when it yields text, else plain text."""
    from fact_gui.services.formats.plaintext import extract_text

    source = "clipboard"
    if html.strip():
        try:
            fmt = formats.for_source("clipboard.html")
            data = html.encode("utf-8")
            return Prepared(source, "clipboard", data, fmt.extract(data, source), fmt.name)
        except BadInput:
            if not text.strip():
                raise
    if not text.strip():
        raise BadInput(source, "the clipboard holds no text")
    from fact_gui.domain.text import normalise

    data = text.encode("utf-8")
    return Prepared(
        source, "clipboard", data, extract_text(normalise(text), source, "utf-8"), "txt"
    )


def prepare(source: str) -> Prepared:
    """A file path or an http(s) URL."""
    return prepare_url(source) if is_url(source) else prepare_file(source)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save(
    desk: Desk, prepared: Prepared, keep_all: bool = False, overrides: Overrides | None = None
) -> Outcome:
    """Store a prepared source (the suggested trim applied unless ``keep_all``).

    Same text, or same URL, as an article already in the library is reported
    as a duplicate and nothing is written.
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
    with transaction(desk.engine) as s:
        same = A.text_sha256 == text_hash
        if url:
            same = or_(same, A.url == url)
        existing = s.execute(select(A.id, A.title, A.url).where(same)).first()
        if existing is not None:
            why = "same URL" if url and existing.url == url else "same text"
            return Outcome(prepared.source, "duplicate", existing.id, existing.title,
                           f"{why} as an article already in the library")  # fmt: skip
        now = utcnow()
        article = Article(
            title=(o.title if o.title is not None else ex.title).strip()
            or Path(prepared.source).stem,
            outlet=(o.outlet if o.outlet is not None else ex.outlet).strip(),
            author=(o.author if o.author is not None else ex.author).strip(),
            url=url,
            published=o.published if o.published is not None else ex.published,
            text=text,
            text_sha256=text_hash,
            original=prepared.data,
            original_sha256=_sha256(prepared.data),
            source=prepared.source,
            source_format=prepared.format_name,
            encoding=ex.encoding,
            imported_at=now,
            imported_by=desk.user,
            updated_at=now,
            source_kind=prepared.kind,
            fetched_at=prepared.fetched_at,
            kept_start=start,
            kept_end=end,
            extracted_chars=len(ex.text),
        )
        s.add(article)
        try:
            s.flush()
        except IntegrityError:
            # Another window imported the same text between our check and insert.
            raise BadInput(
                prepared.source, "was imported at the same moment elsewhere; try again"
            ) from None
        assert article.id is not None
        record(
            s, desk.user, "article.import", article_id=article.id,
            after={"title": article.title, "source": prepared.source, "kind": prepared.kind,
                   "sha256": article.original_sha256, "kept": [start, end], "of": len(ex.text)},
        )  # fmt: skip
        announce(s, desk, ChangeSet(articles=(article.id,)))  # other windows' libraries
        return Outcome(prepared.source, "imported", article.id, article.title)


def import_bytes(desk: Desk, data: bytes, source: str, keep_all: bool = False) -> Outcome:
    """Import one file's bytes (named ``source``, whose extension picks the format)."""
    fmt = formats.for_source(source)
    prepared = Prepared(source, "file", data, fmt.extract(data, source), fmt.name)
    return save(desk, prepared, keep_all)


def import_file(desk: Desk, path: str | os.PathLike[str], keep_all: bool = False) -> Outcome:
    """Import one file or URL; failures come back as a failed Outcome, never half-stored."""
    source = str(path)
    try:
        return save(desk, prepare(source), keep_all)
    except BadInput as exc:
        return Outcome(source, "failed", reason=exc.reason)


def expand(sources: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, Status | None, str]]:
    """Sources -> (source, None, "") to import, or (path, status, reason) not to.

    Folders are walked. Inside them, files of other types (images, style sheets)
    are skipped; a file named directly is always tried, so its error is reported;
    a folder with nothing to import is a failure with its reason.
    """
    supported = set(formats.supported_extensions())
    for src in sources:
        s = str(src)
        if is_url(s) or not Path(s).is_dir():
            yield s, None, ""
            continue
        found = False
        for root, dirs, files in os.walk(s):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = os.path.join(root, name)
                if Path(name).suffix.lower() in supported:
                    found = True
                    yield path, None, ""
                else:
                    ext = Path(name).suffix or "no extension"
                    yield path, "skipped", f"{ext}: not an article format"
        if not found:
            kinds = ", ".join(sorted(supported))
            yield s, "failed", f"the folder holds no article files ({kinds})"


def _prepare_quietly(source: str) -> Prepared | str:
    """For worker processes: the prepared source, or the reason it failed."""
    try:
        return prepare(source)
    except BadInput as exc:
        return exc.reason
    except Exception as exc:  # a parser bug must not sink the whole batch
        return f"could not be read ({exc.__class__.__name__}: {exc})"


def import_sources(
    desk: Desk,
    sources: Iterable[str | os.PathLike[str]],
    keep_all: bool = False,
    progress: Callable[[int, int, Outcome], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import files, folders (recursively) and URLs; each source in its own transaction.

    Large batches extract in worker processes, one per core, while this thread
    stores the results in order, so good files land whatever the others do.
    Only a few sources are in flight at a time, so memory stays flat however
    large the batch, and a crashed worker only costs the sources it held.
    """
    items = list(expand(sources))
    total = len(items)
    report = ImportReport()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    parallel = [s for s, status, _ in items if status is None and not is_url(s)]
    pool: ProcessPoolExecutor | None = None
    if workers > 1 and len(parallel) >= PARALLEL_MIN:
        import multiprocessing

        # spawn, not fork: this process may be running Qt and other threads.
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    futures: dict[str, Future[Prepared | str]] = {}
    queue = iter(parallel)

    def top_up() -> None:
        while pool is not None and len(futures) < 2 * workers:
            nxt = next(queue, None)
            if nxt is None:
                return
            futures[nxt] = pool.submit(_prepare_quietly, nxt)

    try:
        top_up()
        for done, (source, status, reason) in enumerate(items, 1):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if status is not None:
                outcome = Outcome(source, status, reason=reason)
            else:
                job = futures.pop(source, None)
                prepared: Prepared | str
                if job is None:
                    prepared = _prepare_quietly(source)
                else:
                    try:
                        prepared = job.result()
                    except Exception as exc:  # the worker died (killed, crashed)
                        prepared = f"the reading process stopped ({exc.__class__.__name__})"
                        pool = _restart(pool, futures, workers)
                    top_up()
                if isinstance(prepared, str):
                    outcome = Outcome(source, "failed", reason=prepared)
                else:
                    try:
                        outcome = save(desk, prepared, keep_all)
                    except BadInput as exc:
                        outcome = Outcome(source, "failed", reason=exc.reason)
            report.outcomes.append(outcome)
            if progress is not None:
                progress(done, total, outcome)
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    return report


def _restart(
    pool: ProcessPoolExecutor | None, futures: dict[str, Future[Prepared | str]], workers: int
) -> ProcessPoolExecutor | None:
    """After a worker died: a fresh pool, and the sources it held sent again."""
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    if pool is None:
        return None
    broken = [
        s
        for s, f in futures.items()
        if not f.done() or isinstance(f.exception(), BrokenProcessPool)
    ]
    pool.shutdown(wait=False, cancel_futures=True)
    fresh = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    for s in broken:
        futures[s] = fresh.submit(_prepare_quietly, s)
    return fresh


def import_paths(
    desk: Desk,
    paths: Iterable[str | os.PathLike[str]],
    progress: Callable[[int, Outcome], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files one after another (compatibility wrapper over ``import_sources``)."""
    adapt = None if progress is None else (lambda done, _total, o: progress(done, o))
    return import_sources(desk, paths, progress=adapt, cancelled=cancelled, workers=1)
