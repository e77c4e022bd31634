"""Claim use cases: tag a span, retag, edit the note, remove and restore."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.errors import InvalidSpan, NotFound
from fact_gui.domain.tags import Tag
from fact_gui.domain.workflow import Action, Do, Review, Situation, State, check, transition
from fact_gui.services.audit import record
from fact_gui.services.changes import ChangeSet
from fact_gui.services.context import Desk
from fact_gui.store.engine import transaction
from fact_gui.store.models import Claim
from fact_gui.store.reads import ARTICLE, A
from fact_gui.store.types import iso, utcnow


def to_row(c: Claim) -> ClaimRow:
    """A stored claim as the views see it."""
    assert c.id is not None
    return ClaimRow(
        c.id,
        c.start_offset,
        c.end_offset,
        c.tag,
        c.quote,
        c.note,
        c.analyst,
        iso(c.updated_at),
        c.review,
    )


def _snapshot(c: Claim) -> dict[str, Any]:
    return {
        "start": c.start_offset,
        "end": c.end_offset,
        "tag": c.tag,
        "quote": c.quote,
        "note": c.note,
        "analyst": c.analyst,
    }


def _live_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None or claim.deleted_at is not None:
        raise NotFound(f"claim {claim_id} does not exist")
    return claim


def _editable(s: Session, desk: Desk, article_id: int, creating: bool = False) -> bool:
    """Refuse changes to a submitted or signed-off article; the first claim starts annotation.

    Returns whether the article's state changed (its library row must refresh).
    """
    state = s.execute(select(A.state).where(A.id == article_id)).scalar()
    if state is None:
        raise NotFound(f"article {article_id} does not exist")
    check(Do.EDIT_CLAIMS, Situation(State(state), roles=desk.roles))
    if creating and State(state) is State.NEW:
        s.execute(
            update(ARTICLE)
            .where(A.id == article_id)
            .values(state=transition(State.NEW, Action.ANNOTATE).value)
        )
        return True
    return False


def _action(name: str, via: str) -> str:
    """Audit action name; undo and redo are recorded as such ("claim.delete:undo")."""
    return f"{name}:{via}" if via else name


def create(
    desk: Desk,
    article_id: int,
    start: int,
    end: int,
    tag: Tag | str,
    note: str = "",
) -> ChangeSet:
    """Tag ``text[start:end]`` (code points) of an article."""
    tag = Tag.parse(tag) if isinstance(tag, str) else tag
    with transaction(desk.engine) as s:
        started = _editable(s, desk, article_id, creating=True)
        # Only the length and the quoted slice: articles can be megabytes.
        slice_ = func.substr(A.text, start + 1, max(end - start, 0))
        found = s.execute(select(func.length(A.text), slice_).where(A.id == article_id)).first()
        if found is None:
            raise NotFound(f"article {article_id} does not exist")
        length, quote = found
        if not 0 <= start < end <= length:
            raise InvalidSpan(
                f"span {start}-{end} is empty or outside article {article_id} ({length} characters)"
            )
        now = utcnow()
        claim = Claim(
            article_id=article_id,
            start_offset=start,
            end_offset=end,
            tag=tag.value,
            quote=quote,
            note=note,
            analyst=desk.user,
            created_at=now,
            updated_at=now,
        )
        s.add(claim)
        s.flush()
        record(
            s, desk.user, "claim.create",
            article_id=article_id, claim_id=claim.id, after=_snapshot(claim),
        )  # fmt: skip
        return ChangeSet(
            article_id=article_id,
            upserted=(to_row(claim),),
            articles=(article_id,) if started else (),
        )


def _update(desk: Desk, claim_id: int, action: str, via: str = "", **changes: Any) -> ChangeSet:
    with transaction(desk.engine) as s:
        claim = _live_claim(s, claim_id)
        _editable(s, desk, claim.article_id)
        before = _snapshot(claim)
        for key, value in changes.items():
            setattr(claim, key, value)
        if _snapshot(claim) == before:
            return ChangeSet(article_id=claim.article_id)
        claim.updated_at = utcnow()
        # A changed claim answers a query: it goes back to the reviewer's pile.
        claim.review, claim.reviewed_by = Review.PENDING.value, None
        record(
            s, desk.user, _action(action, via),
            article_id=claim.article_id, claim_id=claim_id, before=before, after=_snapshot(claim),
        )  # fmt: skip
        return ChangeSet(article_id=claim.article_id, upserted=(to_row(claim),))


def retag(desk: Desk, claim_id: int, tag: Tag | str, via: str = "") -> ChangeSet:
    tag = Tag.parse(tag) if isinstance(tag, str) else tag
    return _update(desk, claim_id, "claim.retag", via, tag=tag.value)


def set_note(desk: Desk, claim_id: int, note: str, via: str = "") -> ChangeSet:
    return _update(desk, claim_id, "claim.note", via, note=note)


def delete(desk: Desk, claim_id: int, via: str = "") -> ChangeSet:
    """Remove a claim (kept as a marked row so undo and the audit trail can restore it)."""
    with transaction(desk.engine) as s:
        claim = _live_claim(s, claim_id)
        _editable(s, desk, claim.article_id)
        row = to_row(claim)
        claim.deleted_at = utcnow()
        record(
            s, desk.user, _action("claim.delete", via),
            article_id=claim.article_id, claim_id=claim_id, before=_snapshot(claim),
        )  # fmt: skip
        return ChangeSet(article_id=claim.article_id, removed=(row,))


def restore(desk: Desk, claim_id: int, via: str = "") -> ChangeSet:
    """Bring back a removed claim with its id, tag and note (undo of delete or create)."""
    with transaction(desk.engine) as s:
        claim = s.get(Claim, claim_id)
        if claim is None:
            raise NotFound(f"claim {claim_id} does not exist")
        _editable(s, desk, claim.article_id)
        if claim.deleted_at is None:
            return ChangeSet(article_id=claim.article_id)
        claim.deleted_at = None
        claim.review, claim.reviewed_by = Review.PENDING.value, None
        record(
            s, desk.user, _action("claim.restore", via),
            article_id=claim.article_id, claim_id=claim_id, after=_snapshot(claim),
        )  # fmt: skip
        return ChangeSet(article_id=claim.article_id, upserted=(to_row(claim),))
