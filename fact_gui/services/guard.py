"""Row locks and row-version checks: the read deciding a change happens under that change's lock.

SQLite writes already hold the file's write lock from ``BEGIN IMMEDIATE``
(``store.engine.transaction``), so the ``FOR UPDATE``/``FOR SHARE`` clauses here
only matter on PostgreSQL, where SQLite's compiler leaves them out.

Lock order is always the article first, then its claims, so two writers never
wait on each other in a circle. A claim change holds its article ``FOR SHARE``:
claim changes on one article run side by side, while a state change (submit,
return, sign-off, reopen), which locks the article ``FOR UPDATE``, waits for them
and they for it — no claim changes under a submission that is being made.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlmodel import Session

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.errors import Conflict, NotFound
from fact_gui.domain.status import ArticleStatus
from fact_gui.domain.tags import Tag
from fact_gui.domain.workflow import State
from fact_gui.store.models import Claim
from fact_gui.store.reads import ARTICLE, CLAIM, A, C
from fact_gui.store.types import iso

_STATUS = select(A.id, A.state, A.row_version, A.updated_by, A.updated_at)


def _status(found: Row[Any]) -> ArticleStatus:
    return ArticleStatus(found.id, found.state, found.row_version, found.updated_by,
                         iso(found.updated_at))  # fmt: skip


def lock_article(
    s: Session, article_id: int, *, share: bool = False, lock: bool = True
) -> ArticleStatus:
    """An article's state and row version, read under a row lock (``share``: claim changes).

    ``lock=False`` only reads (what a view shows; no change follows).
    """
    stmt = _STATUS.where(A.id == article_id)
    found = s.execute(stmt.with_for_update(read=share) if lock else stmt).first()
    if found is None:
        raise NotFound(f"article {article_id} does not exist")
    return _status(found)


def lock_article_for_claims(s: Session, article_id: int) -> ArticleStatus:
    """Lock an article for a claim change: shared, unless its state is about to change.

    The first claim moves a new article to annotating. Two writers holding a
    shared lock could not both upgrade it (a deadlock), so a new article is
    locked exclusively from the start; a state never goes back to new.
    """
    state = s.execute(select(A.state).where(A.id == article_id)).scalar()
    if state is None:
        raise NotFound(f"article {article_id} does not exist")
    return lock_article(s, article_id, share=State(state) is not State.NEW)


def update_article(
    s: Session, before: ArticleStatus, user: str, now: datetime, **values: Any
) -> ArticleStatus:
    """Change an article row locked by ``lock_article``, bumping its row version."""
    row_version = before.row_version + 1
    s.execute(
        update(ARTICLE)
        .where(A.id == before.id)
        .values(row_version=row_version, updated_by=user, updated_at=now, **values)
    )
    return ArticleStatus(before.id, str(values.get("state", before.state)), row_version, user,
                         iso(now))  # fmt: skip


def lock_claim(
    s: Session, claim_id: int, if_version: int | None = None, *, live: bool = True
) -> tuple[Claim, ArticleStatus]:
    """A claim and its article's status, both locked for a change made on ``if_version``.

    Raises ``Conflict`` if the claim has another row version now, and (``live``)
    ``NotFound`` if it was removed.
    """
    # The claim's article (a claim never moves), share-locked in the same round trip.
    found = s.execute(
        _STATUS.join_from(ARTICLE, CLAIM, C.article_id == A.id)
        .where(C.id == claim_id)
        .with_for_update(read=True, of=ARTICLE)
    ).first()
    if found is None:
        raise NotFound(f"claim {claim_id} does not exist")
    status = _status(found)
    claim = s.get(Claim, claim_id, with_for_update=True)
    assert claim is not None  # claims are never deleted, only marked removed
    expect_claim(claim, if_version)
    if live and claim.deleted_at is not None:
        raise NotFound(f"claim {claim_id} does not exist (it was removed)")
    return claim, status


def bump(claim: Claim, user: str, now: datetime) -> None:
    """Record a change of a locked claim row: next row version, by ``user``, at ``now``."""
    claim.row_version += 1
    claim.updated_by = user
    claim.updated_at = now


def claim_row(c: Claim) -> ClaimRow:
    """A claim as views show it (with its row version, for the next change made on it)."""
    assert c.id is not None
    return ClaimRow(c.id, c.start_offset, c.end_offset, c.tag, c.quote, c.note, c.analyst,
                    iso(c.updated_at), c.review, c.row_version, c.updated_by)  # fmt: skip


def expect_claim(c: Claim, if_version: int | None) -> None:
    """Refuse a change made on another row version of the claim than the one it has now."""
    if if_version is None or if_version == c.row_version:
        return
    if c.deleted_at is not None:
        now = "removed"
    else:
        note = f", note “{_short(c.note)}”" if c.note else ""
        now = f"{Tag(c.tag).label}{note}, review {c.review}"
    raise Conflict(f"claim {c.id}", c.updated_by, c.updated_at, if_version, claim_row(c), now,
                   removed=c.deleted_at is not None)  # fmt: skip


def expect_article(status: ArticleStatus, if_version: int | None) -> None:
    """Refuse a change made on another row version of the article than the one it has now."""
    if if_version is None or if_version == status.row_version:
        return
    raise Conflict(
        f"article {status.id}",
        status.updated_by,
        datetime.fromisoformat(status.updated_at),
        if_version,
        status,
        State(status.state).label.lower(),
    )


def _short(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
