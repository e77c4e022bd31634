"""Fast read paths (SQLAlchemy Core, plain rows): rendering, listing and export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, String, Table, bindparam, case, func, select, type_coerce

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.tags import Tag
from fact_gui.store.models import Article, Claim, SignOff

# SQLModel's classes do not declare __table__ to type checkers; it is there at run time.
ARTICLE: Table = Article.__table__  # type: ignore[attr-defined]
CLAIM: Table = Claim.__table__  # type: ignore[attr-defined]
SIGNOFF: Table = SignOff.__table__  # type: ignore[attr-defined]
A = ARTICLE.c
C = CLAIM.c
S = SIGNOFF.c


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
    _raw(C.updated_at),
    C.review,
    C.row_version,
    C.updated_by,
)
_LIVE = C.deleted_at.is_(None)


_CLAIMS_OF_ARTICLE = (
    # The quote is left out: the caller slices it from the text it already holds.
    select(*(col for col in _CLAIM_COLUMNS if col is not C.quote))
    .where(C.article_id == bindparam("article_id"), _LIVE)
    .order_by(C.start_offset, C.end_offset, C.id)
)


_COMPILED: dict[tuple[int, str], Any] = {}


def _driver_cursor(conn: Connection, stmt: Any, cache: bool, **params: Any) -> Any:
    """Execute a Core statement on the DBAPI cursor (plain tuples, no Row objects).

    For hot paths whose columns need no type conversion (ints and text). The
    compiled form is kept per statement and dialect when ``cache`` is set.
    """
    key = (id(stmt), conn.dialect.name)
    compiled = _COMPILED.get(key) if cache else None
    if compiled is None:
        compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        if cache:
            _COMPILED[key] = compiled
    values = compiled.construct_params(params)
    args: Any = [values[k] for k in compiled.positiontup or ()] if compiled.positional else values
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(str(compiled), args)
    return cursor


def _driver_rows(conn: Connection, stmt: Any, **params: Any) -> list[tuple[Any, ...]]:
    cursor = _driver_cursor(conn, stmt, True, **params)
    try:
        return list(cursor.fetchall())
    finally:
        cursor.close()


def claim_rows(conn: Connection, article_id: int, text: str) -> list[ClaimRow]:
    """Every live claim of an article, in text order; quotes are sliced from ``text``."""
    # tuple.__new__ skips namedtuple's Python-level __new__ (ten thousand calls).
    new = tuple.__new__
    return [
        new(ClaimRow, (i, s, e, tag, text[s:e], note, analyst, updated, review, rv, by))
        for i, s, e, tag, note, analyst, updated, review, rv, by in _driver_rows(
            conn, _CLAIMS_OF_ARTICLE, article_id=article_id
        )
    ]


_ARTICLE_TEXT = select(A.text, A.state).where(A.id == bindparam("article_id"))


def article_text_and_state(conn: Connection, article_id: int) -> tuple[str, str] | None:
    rows = _driver_rows(conn, _ARTICLE_TEXT, article_id=article_id)
    return (rows[0][0], rows[0][1]) if rows else None


def article_text(conn: Connection, article_id: int) -> str | None:
    found = article_text_and_state(conn, article_id)
    return found[0] if found else None


def _tag_counts() -> list[Any]:
    return [
        func.coalesce(func.sum(case((C.tag == t.value, 1), else_=0)), 0).label(t.value) for t in Tag
    ]


def library_rows(conn: Connection, article_ids: Sequence[int] | None = None) -> list[Any]:
    """The newest version of each article, in the order articles were first imported.

    Id, lineage, title, outlet, published, state, number of versions and per-tag
    claim counts. ``article_ids``: only the articles (lineages) these ids belong to,
    whichever version they name. Versions are numbered 1..n, so the newest one's
    number is the count.
    """
    newer = ARTICLE.alias("newer")
    superseded = (
        select(newer.c.id)
        .where(newer.c.lineage_id == A.lineage_id, newer.c.version > A.version)
        .exists()
    )
    stmt = (
        select(
            A.id,
            A.lineage_id,
            A.title,
            A.outlet,
            A.published,
            A.state,
            A.version.label("versions"),
            *_tag_counts(),
        )
        .select_from(ARTICLE.outerjoin(CLAIM, (C.article_id == A.id) & _LIVE))
        .where(~superseded)
        .group_by(A.id, A.lineage_id, A.title, A.outlet, A.published, A.state, A.version)
        .order_by(A.lineage_id, A.id)
    )
    if article_ids is not None:
        named = ARTICLE.alias("named")
        stmt = stmt.where(
            A.lineage_id.in_(select(named.c.lineage_id).where(named.c.id.in_(list(article_ids))))
        )
    return list(conn.execute(stmt))


# What the library holds of a text about to be imported, in one indexed look-up (SQLite
# reads the three indexes and joins what they find): the articles with the same text, the
# same URL or from the same file. A None URL or path matches nothing (``= NULL`` is never
# true). A handful of rows at most, sorted here.
_SAME_TEXT = A.text_sha256 == bindparam("sha")
_KNOWN = select(A.id, A.title, A.version, _SAME_TEXT.label("same_text")).where(
    _SAME_TEXT
    | (A.url == bindparam("url"))
    | ((A.source == bindparam("source")) & (A.source_kind == "file"))
)


def known_text(
    conn: Connection, text_sha256: str, url: str | None, source: str | None
) -> tuple[int, str, int, bool] | None:
    """(id, title, version, same text?) of the article this text repeats or may follow.

    An article with the same text (``same text`` true) comes first; else the newest with
    the same ``url`` or imported from the same file ``source`` (None: not looked for);
    else None. An import asks this for every file, so it runs on the driver's cursor.
    """
    rows = _driver_rows(conn, _KNOWN, sha=text_sha256, url=url, source=source)
    if not rows:
        return None
    article_id, title, version, same_text = max(rows, key=lambda r: (bool(r[3]), r[0]))
    return int(article_id), str(title), int(version), bool(same_text)


def lineage_of(conn: Connection, article_id: int) -> int | None:
    """The lineage (id of the first version) an article belongs to; None if there is no such id."""
    return conn.execute(
        select(func.coalesce(A.lineage_id, A.id)).where(A.id == article_id)
    ).scalar()


def version_rows(conn: Connection, lineage_id: int) -> list[Any]:
    """Every version of a lineage, oldest first, with its live claim count."""
    stmt = (
        select(
            A.id,
            A.version,
            A.lineage_id,
            _raw(A.imported_at),
            A.imported_by,
            A.title,
            A.state,
            A.text_sha256,
            A.url,
            A.source,
            func.count(C.id).label("claims"),
        )
        .select_from(ARTICLE.outerjoin(CLAIM, (C.article_id == A.id) & _LIVE))
        .where(A.lineage_id == lineage_id)
        # Every other column depends on the primary key (PostgreSQL accepts that too).
        .group_by(A.id)
        .order_by(A.version)
    )
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
    "state",
    "review_status",
    "reviewed_by",
    "signed_off_by",
    "signed_off_at",
    "signoff_digest",
)


def export_columns() -> list[tuple[Any, bool]]:
    """The exported columns in EXPORT_HEADER order, each with whether it is free text."""
    return [
        (A.id, False),
        (A.title, True),
        (A.outlet, True),
        (A.url, True),
        (type_coerce(A.published, String), False),
        (C.id, False),
        (C.start_offset, False),
        (C.end_offset, False),
        (C.quote, True),
        (C.tag, False),
        (C.note, True),
        (C.analyst, True),
        (_raw(C.created_at), False),
        (_raw(C.updated_at), False),
        (A.state, False),
        (C.review, False),
        (C.reviewed_by, True),
        (S.reviewer, True),
        (_raw(S.at), False),
        (S.digest, False),
    ]


def export_lines(
    conn: Connection,
    line: Any,
    article_id: int | None = None,
    signed_off_only: bool = False,
    batch: int = 50_000,
) -> Iterator[list[str]]:
    """Stream one SQL expression per live claim (an export line), in article and text order.

    Rows come straight off the driver's cursor in batches: no Row objects, and
    the database does the per-cell work in C.
    """
    stmt = (
        select(line)
        .select_from(
            CLAIM.join(ARTICLE, C.article_id == A.id).outerjoin(
                SIGNOFF, (S.article_id == A.id) & S.invalidated_at.is_(None)
            )
        )
        .where(_LIVE)
        .order_by(A.id, C.start_offset, C.end_offset, C.id)
    )
    if article_id is not None:
        stmt = stmt.where(A.id == article_id)
    if signed_off_only:
        stmt = stmt.where(A.state == "signed_off")
    cursor = _driver_cursor(conn, stmt, False)
    try:
        while rows := cursor.fetchmany(batch):
            yield [r[0] for r in rows]
    finally:
        cursor.close()
