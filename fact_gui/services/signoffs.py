"""Sign-offs: approve an article's whole claim set, read the current sign-off, verify them all."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlmodel import Session, col

from fact_gui.domain.digest import DIGEST_VERSION, SignedClaim, digest
from fact_gui.domain.workflow import Action, Do, WorkflowError, check
from fact_gui.services.audit import record
from fact_gui.services.changes import ChangeSet, Kind
from fact_gui.services.context import Desk
from fact_gui.services.review import _article, _live_claims, _move, _situation
from fact_gui.store.engine import transaction
from fact_gui.store.models import AuditEvent, SignOff
from fact_gui.store.types import iso, utcnow


def article_digest(s: Session, article_id: int) -> str:
    """The digest of the article's text and live claims as they are now in the database."""
    a = _article(s, article_id)
    claims = [
        SignedClaim(c.start_offset, c.end_offset, c.tag, c.quote, c.note)
        for c in _live_claims(s, article_id)
    ]
    return digest(a.text, claims)


# Audit actions that make or change a claim (with their ":undo"/":redo" forms).
CLAIM_EDITS = ("claim.create", "claim.retag", "claim.note", "claim.delete", "claim.restore")


def _touched_by(s: Session, article_id: int, user: str) -> bool:
    """Did ``user`` make or change any claim of this article (undo and redo included)?"""
    found = s.execute(
        select(col(AuditEvent.id))
        .where(
            col(AuditEvent.article_id) == article_id,
            col(AuditEvent.actor) == user,
            or_(*[col(AuditEvent.action).like(f"{a}%") for a in CLAIM_EDITS]),
        )
        .limit(1)
    ).first()
    return found is not None


def sign_off(
    desk: Desk, article_id: int, comment: str = "", allow_self_review: bool = False
) -> ChangeSet:
    """Approve the whole claim set: every claim accepted, digest recorded, article locked.

    Separation of duties: a reviewer who made or changed a claim here may sign
    off only where the desk allows self-review, and the sign-off then says so.
    """
    with transaction(desk.engine) as s:
        a = _article(s, article_id)
        claims = _live_claims(s, article_id)
        check(Do.SIGN_OFF, _situation(desk, a, claims))
        self_review = _touched_by(s, article_id, desk.user)
        if self_review and not allow_self_review:
            raise WorkflowError(
                f"cannot sign off: {desk.user} made or changed claims in this article; another "
                "reviewer must sign it off (or allow self-review in the settings)"
            )
        _move(s, desk, a, Action.SIGN_OFF)
        value = article_digest(s, article_id)
        s.add(
            SignOff(
                article_id=article_id,
                reviewer=desk.user,
                at=utcnow(),
                comment=comment.strip(),
                digest=value,
                digest_version=DIGEST_VERSION,
                self_review=self_review,
            )
        )
        record(
            s,
            desk.user,
            "article.signoff_digest",
            article_id=article_id,
            after={"digest": value, "self_review": self_review, "comment": comment.strip()},
        )
        return ChangeSet(
            article_id=article_id, articles=(article_id,), kinds=frozenset({Kind.SIGNOFFS})
        )


@dataclass(frozen=True)
class SignOffInfo:
    reviewer: str
    at: str
    comment: str
    digest: str
    self_review: bool
    valid: bool
    matches: bool  # the article still hashes to the signed digest


def current_signoff(desk: Desk, article_id: int) -> SignOffInfo | None:
    with transaction(desk.engine) as s:
        so = (
            s.execute(
                select(SignOff)
                .where(SignOff.article_id == article_id, SignOff.invalidated_at.is_(None))  # type: ignore[arg-type,union-attr]
                .order_by(SignOff.id.desc())  # type: ignore[union-attr]
            )
            .scalars()
            .first()
        )
        if so is None:
            return None
        return SignOffInfo(
            so.reviewer,
            iso(so.at),
            so.comment,
            so.digest,
            so.self_review,
            True,
            article_digest(s, article_id) == so.digest,
        )


@dataclass(frozen=True)
class Tampered:
    article_id: int
    title: str
    signed: str
    now: str


def verify(desk: Desk) -> tuple[int, list[Tampered]]:
    """Recompute every valid sign-off's digest: (how many checked, the ones that differ)."""
    bad: list[Tampered] = []
    with transaction(desk.engine) as s:
        signoffs = list(
            s.execute(select(SignOff).where(col(SignOff.invalidated_at).is_(None))).scalars()
        )
        for so in signoffs:
            now = article_digest(s, so.article_id)
            if now != so.digest:
                bad.append(
                    Tampered(so.article_id, _article(s, so.article_id).title, so.digest, now)
                )
    return len(signoffs), bad
