"""Claim use cases: tag a span, retag, edit the note, remove and restore.

Every change reads the claim under its lock (``services.guard``), refuses it
with ``Conflict`` when ``if_version`` names a row version the claim no longer has,
bumps the row version, records one audit event whose "before" is what was read under
that lock, and announces the change to other windows (``services.live``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.errors import InvalidSpan, NotFound
from fact_gui.domain.status import ArticleStatus
from fact_gui.domain.tags import Tag
from fact_gui.domain.workflow import Action, Do, Review, Situation, State, check, transition
from fact_gui.services.audit import record
from fact_gui.services.changes import ChangeSet
from fact_gui.services.context import Desk
from fact_gui.services.guard import (
    bump,
    claim_row,
    lock_article_for_claims,
    lock_claim,
    update_article,
)
from fact_gui.services.live import announce
from fact_gui.store.engine import transaction
from fact_gui.store.models import Claim
from fact_gui.store.reads import A
from fact_gui.store.types import utcnow


def snapshot(c: Claim) -> dict[str, Any]:
    """A claim's state as audit events record it ("before" and "after")."""
    return {
        "start": c.start_offset,
        "end": c.end_offset,
        "tag": c.tag,
        "quote": c.quote,
        "note": c.note,
        "analyst": c.analyst,
        "review": c.review,
        "reviewed_by": c.reviewed_by,
        "removed": c.deleted_at is not None,
        "row_version": c.row_version,
    }


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
    """Tag ``text[start:end]`` (code points) of an article; the first claim starts annotation."""
    tag = Tag.parse(tag) if isinstance(tag, str) else tag
    with transaction(desk.engine) as s:
        status = lock_article_for_claims(s, article_id)
        state = State(status.state)
        check(Do.EDIT_CLAIMS, Situation(state, roles=desk.roles))
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
        started: tuple[ArticleStatus, ...] = ()
        if state is State.NEW:
            annotating = transition(State.NEW, Action.ANNOTATE).value
            started = (update_article(s, status, desk.user, now, state=annotating),)
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
            updated_by=desk.user,
        )
        s.add(claim)
        s.flush()
        record(
            s, desk.user, "claim.create",
            article_id=article_id, claim_id=claim.id, after=snapshot(claim),
        )  # fmt: skip
        return announce(s, desk, ChangeSet(
            article_id=article_id,
            upserted=(claim_row(claim),),
            articles=(article_id,) if started else (),
            statuses=started,
        ))  # fmt: skip


def _update(
    desk: Desk, claim_id: int, action: str, via: str, if_version: int | None, **changes: Any
) -> ChangeSet:
    with transaction(desk.engine) as s:
        claim, status = lock_claim(s, claim_id, if_version)
        check(Do.EDIT_CLAIMS, Situation(State(status.state), roles=desk.roles))
        before = snapshot(claim)
        for key, value in changes.items():
            setattr(claim, key, value)
        if snapshot(claim) == before:
            return ChangeSet(article_id=claim.article_id)
        bump(claim, desk.user, utcnow())
        # A changed claim answers a query: it goes back to the reviewer's pile.
        claim.review, claim.reviewed_by = Review.PENDING.value, None
        record(
            s, desk.user, _action(action, via),
            article_id=claim.article_id, claim_id=claim_id, before=before, after=snapshot(claim),
        )  # fmt: skip
        return announce(s, desk, ChangeSet(article_id=claim.article_id,
                                           upserted=(claim_row(claim),)))  # fmt: skip


def retag(
    desk: Desk, claim_id: int, tag: Tag | str, via: str = "", *, if_version: int | None = None
) -> ChangeSet:
    """Give a claim another tag; ``if_version``: refuse if the claim moved past that version."""
    tag = Tag.parse(tag) if isinstance(tag, str) else tag
    return _update(desk, claim_id, "claim.retag", via, if_version, tag=tag.value)


def set_note(
    desk: Desk, claim_id: int, note: str, via: str = "", *, if_version: int | None = None
) -> ChangeSet:
    """Replace a claim's note; ``if_version``: refuse if the claim moved past that version."""
    return _update(desk, claim_id, "claim.note", via, if_version, note=note)


def delete(desk: Desk, claim_id: int, via: str = "", *, if_version: int | None = None) -> ChangeSet:
    """Remove a claim (kept as a marked row so undo and the audit trail can restore it)."""
    with transaction(desk.engine) as s:
        claim, status = lock_claim(s, claim_id, if_version)
        check(Do.EDIT_CLAIMS, Situation(State(status.state), roles=desk.roles))
        before = snapshot(claim)
        now = utcnow()
        claim.deleted_at = now
        bump(claim, desk.user, now)
        record(
            s, desk.user, _action("claim.delete", via),
            article_id=claim.article_id, claim_id=claim_id, before=before, after=snapshot(claim),
        )  # fmt: skip
        # Views drop the row they show; its new row version is what undo (restore) is made on.
        return announce(s, desk, ChangeSet(
            article_id=claim.article_id, removed=(claim_row(claim),)
        ))  # fmt: skip


def restore(
    desk: Desk, claim_id: int, via: str = "", *, if_version: int | None = None
) -> ChangeSet:
    """Bring back a removed claim with its id, tag and note (undo of delete or create)."""
    with transaction(desk.engine) as s:
        claim, status = lock_claim(s, claim_id, if_version, live=False)
        check(Do.EDIT_CLAIMS, Situation(State(status.state), roles=desk.roles))
        if claim.deleted_at is None:
            return ChangeSet(article_id=claim.article_id)
        before = snapshot(claim)
        claim.deleted_at = None
        claim.review, claim.reviewed_by = Review.PENDING.value, None
        bump(claim, desk.user, utcnow())
        record(
            s, desk.user, _action("claim.restore", via),
            article_id=claim.article_id, claim_id=claim_id, before=before, after=snapshot(claim),
        )  # fmt: skip
        return announce(s, desk, ChangeSet(article_id=claim.article_id,
                                           upserted=(claim_row(claim),)))  # fmt: skip


@dataclass(frozen=True)
class ClaimState:
    """One claim as it is now, removed or not, with the article it belongs to."""

    article_id: int
    row: ClaimRow
    removed: bool


def current(desk: Desk, claim_id: int) -> ClaimState:
    """A claim as it is now (scripts read its row version here before changing it)."""
    with transaction(desk.engine, write=False) as s:
        claim = s.get(Claim, claim_id)
        if claim is None:
            raise NotFound(f"claim {claim_id} does not exist")
        return ClaimState(claim.article_id, claim_row(claim), claim.deleted_at is not None)
