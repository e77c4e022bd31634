"""Importing articles: read a source, extract text, store it with its original bytes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from fact_gui.domain.errors import BadInput
from fact_gui.services import formats
from fact_gui.services.audit import record
from fact_gui.services.changes import ChangeSet
from fact_gui.services.context import Desk
from fact_gui.store.engine import transaction
from fact_gui.store.models import Article
from fact_gui.store.reads import A
from fact_gui.store.types import utcnow

# Far above any news article (the seeds are 2-6 KB; a long report is ~1 MB);
# it bounds memory when someone picks a video or a disk image by mistake.
MAX_BYTES = 32 * 1024 * 1024

Status = Literal["imported", "duplicate", "failed"]


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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_bytes(desk: Desk, data: bytes, source: str) -> Outcome:
    """Import one source's bytes; duplicates (same normalised text) are reported, not stored."""
    extracted = formats.for_source(source).extract(data, source)
    text_hash = _sha256(extracted.text.encode("utf-8"))
    with transaction(desk.engine) as s:
        existing = s.execute(select(A.id, A.title).where(A.text_sha256 == text_hash)).first()
        if existing is not None:
            return Outcome(
                source,
                "duplicate",
                existing[0],
                existing[1],
                "same text as an article already in the library",
            )
        now = utcnow()
        article = Article(
            title=extracted.title or Path(source).stem,
            outlet=extracted.outlet,
            author=extracted.author,
            url=extracted.url,
            published=extracted.published,
            text=extracted.text,
            text_sha256=text_hash,
            original=data,
            original_sha256=_sha256(data),
            source=source,
            source_format=formats.for_source(source).name,
            encoding=extracted.encoding,
            imported_at=now,
            imported_by=desk.user,
            updated_at=now,
        )
        s.add(article)
        try:
            s.flush()
        except IntegrityError:
            # Another window imported the same text between our check and insert.
            raise BadInput(
                source, "was imported at the same moment by someone else; try again"
            ) from None
        record(
            s, desk.user, "article.import", article_id=article.id,
            after={"title": article.title, "source": source, "sha256": article.original_sha256},
        )  # fmt: skip
        assert article.id is not None
        return Outcome(source, "imported", article.id, article.title)


def import_file(desk: Desk, path: str | os.PathLike[str]) -> Outcome:
    """Import one file; failures come back as a failed Outcome, never half-stored."""
    source = str(path)
    try:
        return import_bytes(desk, read_source(path), source)
    except BadInput as exc:
        return Outcome(source, "failed", reason=exc.reason)


def import_paths(
    desk: Desk,
    paths: Iterable[str | os.PathLike[str]],
    progress: Callable[[int, Outcome], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import many files, each in its own transaction: good files land whatever others do."""
    report = ImportReport()
    for i, path in enumerate(paths):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        outcome = import_file(desk, path)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(i + 1, outcome)
    return report
