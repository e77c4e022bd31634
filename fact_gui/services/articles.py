"""Article use cases: read metadata and text, edit properties, list the library."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.errors import FactGuiError, NotFound
from fact_gui.domain.tags import Tag
from fact_gui.domain.workflow import Do, Situation, State, check
from fact_gui.services.audit import record
from fact_gui.services.changes import ChangeSet
from fact_gui.services.context import Desk
from fact_gui.services.guard import expect_article, lock_article, update_article
from fact_gui.services.live import announce
from fact_gui.store import reads
from fact_gui.store.engine import transaction
from fact_gui.store.models import Article
from fact_gui.store.reads import A
from fact_gui.store.types import iso, utcnow


@dataclass(frozen=True)
class Properties:
    """The editable metadata of an article."""

    title: str
    outlet: str
    author: str
    url: str
    published: date | None


@dataclass(frozen=True)
class ArticleInfo:
    """An article's metadata and provenance (not its text or original bytes)."""

    id: int
    properties: Properties
    source: str
    source_format: str
    encoding: str
    original_sha256: str
    imported_at: str
    imported_by: str
    source_kind: str = "file"
    fetched_at: str = ""
    original_bytes: int = 0
    # The span of the extracted text kept as the article (None: all of it).
    kept: tuple[int, int] | None = None
    extracted_chars: int | None = None
    # Active (not idle) time people spent on it, over all sessions.
    active_seconds: float = 0.0


@dataclass(frozen=True)
class LibraryRow:
    """One line of the library: what lists and the library view show."""

    id: int
    title: str
    outlet: str
    published: date | None
    counts: dict[Tag, int]
    state: str = "new"
    # The row is the newest version of its article: which lineage, and how many versions.
    lineage_id: int = 0
    versions: int = 1


def info(desk: Desk, article_id: int) -> ArticleInfo:
    with transaction(desk.engine, write=False) as s:
        a = s.get(Article, article_id)
        if a is None:
            raise NotFound(f"article {article_id} does not exist")
        assert a.id is not None
        return ArticleInfo(
            id=a.id,
            properties=Properties(a.title, a.outlet, a.author, a.url, a.published),
            source=a.source,
            source_format=a.source_format,
            encoding=a.encoding,
            original_sha256=a.original_sha256,
            imported_at=iso(a.imported_at),
            imported_by=a.imported_by,
            source_kind=a.source_kind,
            fetched_at=iso(a.fetched_at) if a.fetched_at else "",
            original_bytes=len(a.original),
            kept=(a.kept_start, a.kept_end)
            if a.kept_start is not None and a.kept_end is not None
            else None,
            extracted_chars=a.extracted_chars,
            active_seconds=active_seconds(s, article_id),
        )


def active_seconds(s: Any, article_id: int) -> float:
    """Active (not idle) seconds people spent on an article, over all sessions."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from fact_gui.store.models import SessionArticle

    total = s.execute(
        select(func.coalesce(func.sum(col(SessionArticle.active_seconds)), 0.0)).where(
            col(SessionArticle.article_id) == article_id
        )
    ).scalar()
    return float(total or 0.0)


def original(desk: Desk, article_id: int) -> tuple[bytes, str]:
    """The bytes the article came from, and a file name to save them under."""
    import re
    from pathlib import PurePath

    with transaction(desk.engine, write=False) as s:
        a = s.get(Article, article_id)
        if a is None:
            raise NotFound(f"article {article_id} does not exist")
        name = (
            PurePath(a.source.split("?")[0].rstrip("/")).name
            if a.source_kind != "clipboard"
            else ""
        )
        ext = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "md": ".md"}.get(
            a.source_format, ".txt"
        )
        if not name or "." not in name:
            name = (
                re.sub(r"[^\w.-]+", "-", a.title).strip("-")[:60] or f"article-{article_id}"
            ) + ext
        return a.original, name


def text_and_claims(desk: Desk, article_id: int) -> tuple[str, list[ClaimRow]]:
    """What the text pane shows: the stored text and its live claims in text order."""
    with desk.engine.connect() as conn:
        text = reads.article_text(conn, article_id)
        if text is None:
            raise NotFound(f"article {article_id} does not exist")
        return text, reads.claim_rows(conn, article_id, text)


@dataclass(frozen=True)
class Heading:
    """What is shown above an article's text."""

    id: int
    title: str
    outlet: str
    published: date | None
    state: str
    # Which version of its article this text is, of how many; when it was imported.
    lineage_id: int = 0
    version: int = 1
    versions: int = 1
    imported_at: datetime | None = None


def _heading_columns() -> tuple[Any, ...]:
    from sqlalchemy import func, select

    A = reads.A
    same = reads.ARTICLE.alias("same_lineage")
    newest = select(func.max(same.c.version)).where(same.c.lineage_id == A.lineage_id)
    return (A.id, A.title, A.outlet, A.published, A.state, func.coalesce(A.lineage_id, A.id),
            A.version, func.coalesce(newest.scalar_subquery(), A.version),
            A.imported_at)  # fmt: skip


_HEADING = _heading_columns()


def heading(desk: Desk, article_id: int) -> Heading:
    from sqlalchemy import select

    with desk.engine.connect() as conn:
        row = conn.execute(select(*_HEADING).where(reads.A.id == article_id)).first()
        if row is None:
            raise NotFound(f"article {article_id} does not exist")
        return Heading(*row)


def opening(desk: Desk, article_id: int) -> tuple[str, Heading]:
    """What opening an article shows first: its text and its heading (claims come next)."""
    from sqlalchemy import select

    with desk.engine.connect() as conn:
        row = conn.execute(select(*_HEADING, reads.A.text).where(reads.A.id == article_id)).first()
        if row is None:
            raise NotFound(f"article {article_id} does not exist")
        return row[-1], Heading(*row[:-1])


def claims_of(desk: Desk, article_id: int, text: str) -> list[ClaimRow]:
    """An article's live claims in text order; quotes are sliced from its ``text``."""
    with desk.engine.connect() as conn:
        return reads.claim_rows(conn, article_id, text)


def library(desk: Desk, article_ids: list[int] | None = None) -> list[LibraryRow]:
    """One row per article: its newest version. ``article_ids`` may name any version."""
    with desk.engine.connect() as conn:
        return [
            LibraryRow(
                r.id,
                r.title,
                r.outlet,
                r.published,
                {t: int(r._mapping[t.value]) for t in Tag},
                r.state,
                r.lineage_id if r.lineage_id is not None else r.id,
                r.versions,
            )
            for r in reads.library_rows(conn, article_ids)
        ]


def update_properties(
    desk: Desk, article_id: int, props: Properties, *, if_version: int | None = None
) -> ChangeSet:
    """Edit title, outlet, author, URL and published date (the title may not be blank).

    ``if_version``: the article's row version the edit was made on (a moved one is refused).
    """
    title = " ".join(props.title.split())
    if not title:
        raise FactGuiError("the title cannot be empty")
    props = Properties(
        title, props.outlet.strip(), props.author.strip(), props.url.strip(), props.published
    )
    with transaction(desk.engine) as s:
        status = lock_article(s, article_id)
        expect_article(status, if_version)
        check(Do.EDIT_PROPERTIES, Situation(State(status.state), roles=desk.roles))
        names = [f.name for f in fields(Properties)]
        # Only these columns: the row also holds the text and the original bytes.
        row = s.execute(select(*(A[n] for n in names)).where(A.id == article_id)).one()
        before = dict(zip(names, row, strict=True))
        after: dict[str, Any] = {n: getattr(props, n) for n in names}
        if before == after:
            return ChangeSet(article_id=article_id)
        now = update_article(s, status, desk.user, utcnow(), **after)
        record(
            s, desk.user, "article.properties", article_id=article_id,
            before={**before, "row_version": status.row_version},
            after={**after, "row_version": now.row_version},
        )  # fmt: skip
        return announce(s, desk, ChangeSet(article_id=article_id, articles=(article_id,),
                                           statuses=(now,)))  # fmt: skip


def parse_date(value: str) -> date | None:
    """``YYYY-MM-DD`` or blank; anything else is a clear error."""
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FactGuiError(
            f"published date {value!r} is not a date of the form YYYY-MM-DD"
        ) from None
