"""Review use cases: submit, accept or query claims, return, reopen; history and comments.

Each change locks what it decides on and takes an optional ``if_version`` (the article's
row version for state changes, the claim's for verdicts and replies): a change made on a
row version that moved meanwhile is refused with ``Conflict``. Sign-offs and their
verification are in ``services.signoffs``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from fact_gui.domain.status import ArticleStatus
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
from fact_gui.services.claims import snapshot
from fact_gui.services.context import Desk
from fact_gui.services.guard import (
    bump,
    claim_row,
    expect_article,
    lock_article,
    lock_claim,
    update_article,
)
from fact_gui.services.live import announce
from fact_gui.store.engine import transaction
from fact_gui.store.models import AuditEvent, Claim, Comment, SignOff
from fact_gui.store.types import iso, utcnow


def _live_claims(s: Session, article_id: int) -> list[Claim]:
    return list(
        s.execute(
            select(Claim).where(
                col(Claim.article_id) == article_id, col(Claim.deleted_at).is_(None)
            )
        ).scalars()
    )


def _situation(
    desk: Desk, a: ArticleStatus, claims: list[Claim] | None = None, claim: Claim | None = None
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


def move_article(
    s: Session, desk: Desk, a: ArticleStatus, action: Action, **detail: object
) -> ArticleStatus:
    """Move a locked article to its next state: row version bumped, one audit event."""
    to = transition(State(a.state), action).value
    after = update_article(s, a, desk.user, utcnow(), state=to)
    record(
        s,
        desk.user,
        f"article.{action.value}",
        article_id=a.id,
        before={"state": a.state, "row_version": a.row_version},
        after={"state": to, "row_version": after.row_version, **detail},
    )
    return after


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


def status(desk: Desk, article_id: int) -> ArticleStatus:
    """An article's state and row version as it is now (what a state change is made on)."""
    with transaction(desk.engine, write=False) as s:
        return lock_article(s, article_id, lock=False)


def submit(desk: Desk, article_id: int, *, if_version: int | None = None) -> ChangeSet:
    """The analyst hands the article to review (it needs at least one claim)."""
    with transaction(desk.engine) as s:
        a = lock_article(s, article_id)
        expect_article(a, if_version)
        check(Do.SUBMIT, _situation(desk, a, _live_claims(s, article_id)))
        now = move_article(s, desk, a, Action.SUBMIT)
        return announce(s, desk, ChangeSet(article_id=article_id, articles=(article_id,),
                                           statuses=(now,)))  # fmt: skip


_VERDICT_ACTION = {Review.ACCEPTED: "claim.accept", Review.QUERIED: "claim.query"}


def _review_claim(
    desk: Desk, claim_id: int, verdict: Review, comment: str, if_version: int | None
) -> ChangeSet:
    comment = comment.strip()
    with transaction(desk.engine) as s:
        c, a = lock_claim(s, claim_id, if_version)
        check(Do.ACCEPT if verdict is Review.ACCEPTED else Do.QUERY, _situation(desk, a, claim=c))
        if verdict is Review.QUERIED and not comment:
            raise WorkflowError("a query needs a comment saying what to check")
        if verdict is Review.ACCEPTED and (c.review, c.reviewed_by) == (verdict, desk.user):
            return ChangeSet(article_id=c.article_id)  # accepted already, by this reviewer
        before = snapshot(c)
        c.review, c.reviewed_by = verdict.value, desk.user
        bump(c, desk.user, utcnow())
        if comment:
            _comment(s, desk, c.article_id, "query", comment, claim_id)
        record(
            s,
            desk.user,
            _VERDICT_ACTION[verdict],
            article_id=c.article_id,
            claim_id=claim_id,
            before=before,
            after={**snapshot(c), "comment": comment},
        )
        kinds = {Kind.REVIEWS, Kind.COMMENTS} if comment else {Kind.REVIEWS}
        return announce(s, desk, ChangeSet(article_id=c.article_id, upserted=(claim_row(c),),
                                           kinds=frozenset(kinds)))  # fmt: skip


def accept(desk: Desk, claim_id: int, *, if_version: int | None = None) -> ChangeSet:
    """The reviewer accepts a claim of a submitted article."""
    return _review_claim(desk, claim_id, Review.ACCEPTED, "", if_version)


def query(desk: Desk, claim_id: int, comment: str, *, if_version: int | None = None) -> ChangeSet:
    """The reviewer queries a claim, saying what to check (the analyst answers it)."""
    return _review_claim(desk, claim_id, Review.QUERIED, comment, if_version)


def reply(desk: Desk, claim_id: int, text: str, *, if_version: int | None = None) -> ChangeSet:
    """The analyst answers a query in words (retagging or editing also answers it)."""
    with transaction(desk.engine) as s:
        c, a = lock_claim(s, claim_id, if_version)
        check(Do.REPLY, _situation(desk, a, claim=c))
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
        return announce(s, desk, ChangeSet(article_id=c.article_id,
                                           kinds=frozenset({Kind.COMMENTS})))  # fmt: skip


def return_article(
    desk: Desk, article_id: int, comment: str, *, if_version: int | None = None
) -> ChangeSet:
    """The reviewer sends the article back to the analyst, saying why."""
    if not comment.strip():
        raise WorkflowError("returning an article needs a comment for the analyst")
    with transaction(desk.engine) as s:
        a = lock_article(s, article_id)
        expect_article(a, if_version)
        check(Do.RETURN, _situation(desk, a))
        now = move_article(s, desk, a, Action.RETURN, comment=comment.strip())
        _comment(s, desk, article_id, "return", comment.strip())
        return announce(s, desk, ChangeSet(
            article_id=article_id, articles=(article_id,), statuses=(now,),
            kinds=frozenset({Kind.COMMENTS}),
        ))  # fmt: skip


def reopen(desk: Desk, article_id: int, reason: str, *, if_version: int | None = None) -> ChangeSet:
    """Unlock a signed-off article; its sign-off stays in the history, marked invalid."""
    if not reason.strip():
        raise WorkflowError("reopening a signed-off article needs a reason")
    with transaction(desk.engine) as s:
        a = lock_article(s, article_id)
        expect_article(a, if_version)
        check(Do.REOPEN, _situation(desk, a))
        # The state changes first: a team database refuses to invalidate the sign-off of,
        # or reset reviews on, an article that is still signed off.
        reopened = move_article(s, desk, a, Action.REOPEN, reason=reason.strip())
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
        reset = []
        for c in _live_claims(s, article_id):
            # The next sign-off reviews them afresh: a change of each claim, with its event.
            before = snapshot(c)
            c.review, c.reviewed_by = Review.PENDING.value, None
            bump(c, desk.user, now)
            record(s, desk.user, "claim.reset", article_id=article_id, claim_id=c.id,
                   before=before, after=snapshot(c))  # fmt: skip
            reset.append(claim_row(c))
        _comment(s, desk, article_id, "reopen", reason.strip())
        return announce(s, desk, ChangeSet(
            article_id=article_id,
            upserted=tuple(reset),
            articles=(article_id,),
            statuses=(reopened,),
            kinds=frozenset({Kind.SIGNOFFS, Kind.COMMENTS, Kind.REVIEWS}),
        ))  # fmt: skip


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
    with transaction(desk.engine, write=False) as s:
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
    with transaction(desk.engine, write=False) as s:
        q = select(Comment).where(col(Comment.article_id) == article_id)
        if claim_id is not None:
            q = q.where(col(Comment.claim_id) == claim_id)
        return [
            CommentRow(iso(c.at), c.author, c.kind, c.text, c.claim_id)
            for c in s.execute(q.order_by(col(Comment.id))).scalars()
        ]


def commented_claims(desk: Desk, article_id: int) -> set[int]:
    """Claims of an article that have queries or replies (the rest need no lookup)."""
    with transaction(desk.engine, write=False) as s:
        q = select(col(Comment.claim_id)).where(
            col(Comment.article_id) == article_id, col(Comment.claim_id).is_not(None)
        )
        return {int(cid) for cid in s.execute(q).scalars()}
