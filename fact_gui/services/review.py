"""Review use cases: submit, accept or query claims, return, reopen; history and comments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from fact_gui.domain.errors import NotFound
from fact_gui.domain.workflow import (
    Action,
    Do,
    Review,
    Situation,
    State,
    WorkflowError,
    check,
    transition,
)
from fact_gui.services.audit import record
from fact_gui.services.changes import ChangeSet, Kind
from fact_gui.services.context import Desk
from fact_gui.store.engine import transaction
from fact_gui.store.models import Article, AuditEvent, Claim, Comment, SignOff
from fact_gui.store.types import iso, utcnow


def _article(s: Session, article_id: int) -> Article:
    a = s.get(Article, article_id)
    if a is None:
        raise NotFound(f"article {article_id} does not exist")
    return a


def _live_claims(s: Session, article_id: int) -> list[Claim]:
    return list(
        s.execute(
            select(Claim).where(
                col(Claim.article_id) == article_id, col(Claim.deleted_at).is_(None)
            )
        ).scalars()
    )


def _situation(
    desk: Desk, a: Article, claims: list[Claim] | None = None, claim: Claim | None = None
) -> Situation:
    """The workflow facts of an article (and of one claim) for the policy."""
    live = claims or []
    return Situation(
        State(a.state),
        roles=desk.roles,
        claims=len(live),
        unaccepted=sum(c.review != Review.ACCEPTED.value for c in live),
        claim_review=Review(claim.review) if claim is not None else None,
    )


def _move(s: Session, desk: Desk, a: Article, action: Action, **detail: object) -> None:
    before = a.state
    a.state = transition(State(a.state), action).value
    a.updated_at = utcnow()
    record(
        s,
        desk.user,
        f"article.{action.value}",
        article_id=a.id,
        before={"state": before},
        after={"state": a.state, **detail},
    )


def _comment(
    s: Session, desk: Desk, article_id: int, kind: str, text: str, claim_id: int | None = None
) -> None:
    s.add(
        Comment(
            article_id=article_id,
            claim_id=claim_id,
            author=desk.user,
            at=utcnow(),
            kind=kind,
            text=text,
        )
    )


def submit(desk: Desk, article_id: int) -> ChangeSet:
    """The analyst hands the article to review (it needs at least one claim)."""
    with transaction(desk.engine) as s:
        a = _article(s, article_id)
        check(Do.SUBMIT, _situation(desk, a, _live_claims(s, article_id)))
        _move(s, desk, a, Action.SUBMIT)
        return ChangeSet(article_id=article_id, articles=(article_id,))


_VERDICT_ACTION = {Review.ACCEPTED: "claim.accept", Review.QUERIED: "claim.query"}


def _review_claim(desk: Desk, claim_id: int, verdict: Review, comment: str) -> ChangeSet:
    from fact_gui.services.claims import _row

    with transaction(desk.engine) as s:
        c = s.get(Claim, claim_id)
        if c is None or c.deleted_at is not None:
            raise NotFound(f"claim {claim_id} does not exist")
        a = _article(s, c.article_id)
        check(Do.ACCEPT if verdict is Review.ACCEPTED else Do.QUERY, _situation(desk, a, claim=c))
        if verdict is Review.QUERIED and not comment.strip():
            raise WorkflowError("a query needs a comment saying what to check")
        before = {"review": c.review, "reviewed_by": c.reviewed_by}
        c.review, c.reviewed_by = verdict.value, desk.user
        if comment.strip():
            _comment(s, desk, c.article_id, "query", comment.strip(), claim_id)
        record(
            s,
            desk.user,
            _VERDICT_ACTION[verdict],
            article_id=c.article_id,
            claim_id=claim_id,
            before=before,
            after={"review": c.review, "reviewed_by": desk.user, "comment": comment.strip()},
        )
        kinds = {Kind.REVIEWS, Kind.COMMENTS} if comment.strip() else {Kind.REVIEWS}
        return ChangeSet(article_id=c.article_id, upserted=(_row(c),), kinds=frozenset(kinds))


def accept(desk: Desk, claim_id: int) -> ChangeSet:
    return _review_claim(desk, claim_id, Review.ACCEPTED, "")


def query(desk: Desk, claim_id: int, comment: str) -> ChangeSet:
    return _review_claim(desk, claim_id, Review.QUERIED, comment)


def reply(desk: Desk, claim_id: int, text: str) -> ChangeSet:
    """The analyst answers a query in words (retagging or editing also answers it)."""
    with transaction(desk.engine) as s:
        c = s.get(Claim, claim_id)
        if c is None or c.deleted_at is not None:
            raise NotFound(f"claim {claim_id} does not exist")
        check(Do.REPLY, _situation(desk, _article(s, c.article_id), claim=c))
        if not text.strip():
            raise WorkflowError("a reply needs some text")
        _comment(s, desk, c.article_id, "reply", text.strip(), claim_id)
        record(
            s,
            desk.user,
            "claim.reply",
            article_id=c.article_id,
            claim_id=claim_id,
            after={"text": text.strip()},
        )
        return ChangeSet(article_id=c.article_id, kinds=frozenset({Kind.COMMENTS}))


def return_article(desk: Desk, article_id: int, comment: str) -> ChangeSet:
    """The reviewer sends the article back to the analyst, saying why."""
    if not comment.strip():
        raise WorkflowError("returning an article needs a comment for the analyst")
    with transaction(desk.engine) as s:
        a = _article(s, article_id)
        check(Do.RETURN, _situation(desk, a))
        _move(s, desk, a, Action.RETURN, comment=comment.strip())
        _comment(s, desk, article_id, "return", comment.strip())
        return ChangeSet(
            article_id=article_id, articles=(article_id,), kinds=frozenset({Kind.COMMENTS})
        )


def reopen(desk: Desk, article_id: int, reason: str) -> ChangeSet:
    """Unlock a signed-off article; its sign-off stays in the history, marked invalid."""
    if not reason.strip():
        raise WorkflowError("reopening a signed-off article needs a reason")
    with transaction(desk.engine) as s:
        a = _article(s, article_id)
        check(Do.REOPEN, _situation(desk, a))
        _move(s, desk, a, Action.REOPEN, reason=reason.strip())
        now = utcnow()
        for so in s.execute(
            select(SignOff).where(
                col(SignOff.article_id) == article_id,
                col(SignOff.invalidated_at).is_(None),
            )
        ).scalars():
            so.invalidated_at, so.invalidated_by, so.invalidated_reason = (
                now,
                desk.user,
                reason.strip(),
            )
        for c in _live_claims(s, article_id):
            c.review = Review.PENDING.value  # the next sign-off reviews them afresh
        _comment(s, desk, article_id, "reopen", reason.strip())
        return ChangeSet(
            article_id=article_id,
            articles=(article_id,),
            kinds=frozenset({Kind.SIGNOFFS, Kind.COMMENTS, Kind.REVIEWS}),
        )


@dataclass(frozen=True)
class Event:
    at: str
    actor: str
    action: str
    claim_id: int | None
    before: str | None
    after: str | None


def history(desk: Desk, article_id: int, claim_id: int | None = None) -> list[Event]:
    """The audit events of an article (or of one of its claims), oldest first."""
    with transaction(desk.engine) as s:
        q = select(AuditEvent).where(col(AuditEvent.article_id) == article_id)
        if claim_id is not None:
            q = q.where(col(AuditEvent.claim_id) == claim_id)
        return [
            Event(iso(e.at), e.actor, e.action, e.claim_id, e.before, e.after)
            for e in s.execute(q.order_by(col(AuditEvent.id))).scalars()
        ]


@dataclass(frozen=True)
class CommentRow:
    at: str
    author: str
    kind: str
    text: str
    claim_id: int | None


def comments(desk: Desk, article_id: int, claim_id: int | None = None) -> list[CommentRow]:
    """Queries, replies and the comments on returns, sign-offs and reopens, oldest first."""
    with transaction(desk.engine) as s:
        q = select(Comment).where(col(Comment.article_id) == article_id)
        if claim_id is not None:
            q = q.where(col(Comment.claim_id) == claim_id)
        return [
            CommentRow(iso(c.at), c.author, c.kind, c.text, c.claim_id)
            for c in s.execute(q.order_by(col(Comment.id))).scalars()
        ]


def commented_claims(desk: Desk, article_id: int) -> set[int]:
    """Claims of an article that have queries or replies (the rest need no lookup)."""
    with transaction(desk.engine) as s:
        q = select(col(Comment.claim_id)).where(
            col(Comment.article_id) == article_id, col(Comment.claim_id).is_not(None)
        )
        return {int(cid) for cid in s.execute(q).scalars()}
