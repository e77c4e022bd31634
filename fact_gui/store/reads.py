"""Fast read paths (SQLAlchemy Core, plain rows): rendering, listing and export."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, String, Table, case, func, select, type_coerce

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.tags import Tag
from fact_gui.store.models import Article, Claim

# SQLModel's classes do not declare __table__ to type checkers; it is there at run time.
ARTICLE: Table = Article.__table__  # type: ignore[attr-defined]
CLAIM: Table = Claim.__table__  # type: ignore[attr-defined]
A = ARTICLE.c
C = CLAIM.c


def _raw(col: Any) -> Any:
    """Select a timestamp as its stored ISO text, skipping datetime conversion."""
    return type_coerce(col, String).label(col.name)


_CLAIM_COLUMNS = (
    C.id,
    C.start_offset,
    C.end_offset,
    C.tag,
    C.quote,
    C.note,
    C.analyst,
    _raw(C.created_at),
    _raw(C.updated_at),
)
_LIVE = C.deleted_at.is_(None)


def claim_rows(conn: Connection, article_id: int) -> list[ClaimRow]:
    """Every live claim of an article, in text order."""
    stmt = (
        select(*_CLAIM_COLUMNS)
        .where(C.article_id == article_id, _LIVE)
        .order_by(C.start_offset, C.end_offset.desc(), C.id)
    )
    make = ClaimRow._make
    return [make(r) for r in conn.execute(stmt)]


def claim_row(conn: Connection, claim_id: int) -> ClaimRow | None:
    row = conn.execute(select(*_CLAIM_COLUMNS).where(C.id == claim_id)).first()
    return ClaimRow._make(row) if row else None


def article_text(conn: Connection, article_id: int) -> str | None:
    return conn.execute(select(A.text).where(A.id == article_id)).scalar()


def _tag_counts() -> list[Any]:
    return [
        func.coalesce(func.sum(case((C.tag == t.value, 1), else_=0)), 0).label(t.value) for t in Tag
    ]


def library_rows(conn: Connection, article_ids: Sequence[int] | None = None) -> list[Any]:
    """Id, title, outlet, published and per-tag claim counts of articles, oldest first."""
    stmt = (
        select(A.id, A.title, A.outlet, A.published, *_tag_counts())
        .select_from(ARTICLE.outerjoin(CLAIM, (C.article_id == A.id) & _LIVE))
        .group_by(A.id, A.title, A.outlet, A.published)
        .order_by(A.id)
    )
    if article_ids is not None:
        stmt = stmt.where(A.id.in_(list(article_ids)))
    return list(conn.execute(stmt))


EXPORT_HEADER = (
    "article_id",
    "article_title",
    "outlet",
    "article_url",
    "published",
    "claim_id",
    "start",
    "end",
    "quote",
    "tag",
    "note",
    "analyst",
    "created_at",
    "updated_at",
)


def export_rows(
    conn: Connection,
    article_id: int | None = None,
    text_column: Callable[[Any], Any] = lambda col: col,
    batch: int = 20_000,
) -> Iterator[Sequence[Sequence[Any]]]:
    """Stream claim rows in EXPORT_HEADER order, in batches, straight off the cursor.

    ``text_column`` wraps each free-text column (titles, quotes, notes, names)
    in SQL, e.g. to neutralise spreadsheet formulas inside the database.
    """
    stmt = (
        select(
            A.id,
            text_column(A.title),
            text_column(A.outlet),
            text_column(A.url),
            type_coerce(A.published, String),
            C.id,
            C.start_offset,
            C.end_offset,
            text_column(C.quote),
            C.tag,
            text_column(C.note),
            text_column(C.analyst),
            _raw(C.created_at),
            _raw(C.updated_at),
        )
        .select_from(CLAIM.join(ARTICLE, C.article_id == A.id))
        .where(_LIVE)
        .order_by(A.id, C.start_offset, C.end_offset.desc(), C.id)
    )
    if article_id is not None:
        stmt = stmt.where(A.id == article_id)
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
    yield from result.partitions()
