"""Sign-offs: approve an article's whole claim set with the reviewer's own key; verify them all.

A sign-off signs (Ed25519) a canonical payload of everything reviewed (domain/signing.py),
including the audit chain head and the article's own events at that moment. ``verify``
rebuilds each payload from the database and checks it against the signature and the
registered key, checks that every signed-off article has a valid sign-off and every
sign-off a signed-off article, and walks the audit chain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from sqlalchemy import or_, select
from sqlmodel import Session, col

from fact_gui.domain import digest as legacy
from fact_gui.domain.chain import history_digest
from fact_gui.domain.errors import NotFound
from fact_gui.domain.signing import (
    PAYLOAD_VERSION,
    ArticlePart,
    ClaimPart,
    CommentPart,
    Identity,
    Payload,
    SignerPart,
    sha256_bytes,
    sha256_text,
    short_fingerprint,
)
from fact_gui.domain.workflow import (
    Action,
    Do,
    Review,
    Situation,
    State,
    WorkflowError,
    check,
)
from fact_gui.services import audit, keys
from fact_gui.services.changes import ChangeSet, Kind
from fact_gui.services.context import Desk
from fact_gui.services.guard import expect_article, lock_article
from fact_gui.services.live import announce
from fact_gui.services.review import move_article
from fact_gui.store.engine import transaction
from fact_gui.store.models import Article, AuditEvent, Claim, Comment, ReviewerKey, SignOff
from fact_gui.store.types import iso, utcnow

# The audit action recording a sign-off (its signature and digest) in the chain.
SIGNOFF_EVENT = "article.signoff_digest"
# Audit actions that make or change a claim (with their ":undo"/":redo" forms); carrying
# claims to a new version makes them (their analyst is whoever imported it).
CLAIM_EDITS = ("claim.create", "claim.retag", "claim.note", "claim.delete", "claim.restore",
               "claim.carry")  # fmt: skip


def _article(s: Session, article_id: int) -> Article:
    a = s.get(Article, article_id)
    if a is None:
        raise NotFound(f"article {article_id} does not exist")
    return a


def _claims(s: Session, article_id: int) -> list[Claim]:
    """Every claim of the article, removed ones included, by id."""
    return list(
        s.execute(
            select(Claim).where(col(Claim.article_id) == article_id).order_by(col(Claim.id))
        ).scalars()
    )


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


def _history(s: Session, article_id: int, upto: int) -> str:
    links = s.execute(
        select(col(AuditEvent.seq), col(AuditEvent.hash)).where(
            col(AuditEvent.article_id) == article_id, col(AuditEvent.seq) <= upto
        )
    ).all()
    return history_digest([(int(q), str(h)) for q, h in links])


def _payload(s: Session, a: Article, signer: SignerPart) -> Payload:
    assert a.id is not None
    article = ArticlePart(
        a.id, a.title, a.outlet, a.author, a.url,
        a.published.isoformat() if a.published else None,
        a.source, a.source_kind, iso(a.imported_at), a.imported_by,
        sha256_text(a.text), sha256_bytes(a.original),
    )  # fmt: skip
    claims = tuple(
        ClaimPart(
            c.id or 0,
            c.start_offset,
            c.end_offset,
            c.tag,
            c.quote,
            c.note,
            c.analyst,
            c.review,
            c.reviewed_by,
            iso(c.deleted_at) if c.deleted_at else None,
        )
        for c in _claims(s, a.id)
    )
    comments = tuple(
        CommentPart(m.id or 0, m.claim_id, m.author, iso(m.at), m.kind, m.text)
        for m in s.execute(select(Comment).where(col(Comment.article_id) == a.id)).scalars()
    )
    return Payload(article, claims, comments, signer)


def _signer(s: Session, so: SignOff) -> SignerPart:
    """The signer part as stored, with the article's history recomputed from the chain now."""
    seq = so.chain_seq or 0
    return SignerPart(
        so.reviewer, iso(so.at), so.comment, so.self_review, Identity(so.identity),
        so.key_fingerprint or "", seq, so.chain_hash or "", _history(s, so.article_id, seq),
    )  # fmt: skip


def sign_off(
    desk: Desk,
    article_id: int,
    comment: str = "",
    allow_self_review: bool = False,
    *,
    if_version: int | None = None,
) -> ChangeSet:
    """Approve the whole claim set: every claim accepted, the payload signed, the article locked.

    Separation of duties: a reviewer who made or changed a claim here may sign off only
    where self-review is allowed (the window's setting; on a team desk also the desk's
    rule) and the sign-off then says so. ``if_version``: the article's row version when
    the reviewer last looked (a sign-off on anything that moved since is refused).
    """
    from fact_gui.services.team import self_review_allowed

    key, _local = keys.signing_key(desk.user)  # file and keyring work, before the transaction
    with transaction(desk.engine) as s:
        status = lock_article(s, article_id)
        expect_article(status, if_version)
        live = [c for c in _claims(s, article_id) if c.deleted_at is None]
        unaccepted = sum(c.review != Review.ACCEPTED.value for c in live)
        check(Do.SIGN_OFF, Situation(State(status.state), desk.roles, None, len(live), unaccepted))
        self_review = _touched_by(s, article_id, desk.user)
        if self_review and not allow_self_review:
            raise WorkflowError(
                f"cannot sign off: {desk.user} made or changed claims in this article; another "
                "reviewer must sign it off (or allow self-review in the settings)"
            )
        if self_review and not self_review_allowed(s, desk):
            raise WorkflowError(
                f"cannot sign off: {desk.user} made or changed claims in this article, and this "
                "team desk does not allow self-review: another reviewer must sign it off"
            )
        fp = keys.ensure_registered(s, desk, key)
        signed = move_article(s, desk, status, Action.SIGN_OFF)
        seq, head = audit.head(s)
        at = utcnow()
        signer = SignerPart(
            desk.user, iso(at), comment.strip(), self_review,
            Identity.SERVER if desk.team else Identity.LOCAL,
            fp, seq, head, _history(s, article_id, seq),
        )  # fmt: skip
        payload = _payload(s, _article(s, article_id), signer)
        so = SignOff(
            article_id=article_id,
            reviewer=signer.reviewer,
            at=at,
            comment=signer.comment,
            digest=payload.digest(),
            digest_version=PAYLOAD_VERSION,
            self_review=self_review,
            signature=key.sign(payload.to_sign()).hex(),
            key_fingerprint=fp,
            chain_seq=seq,
            chain_hash=head,
            history=signer.history,
            identity=signer.identity.value,
        )
        s.add(so)
        s.flush()
        audit.record(
            s, desk.user, SIGNOFF_EVENT, article_id=article_id,
            after={"signoff": so.id, "digest": so.digest, "signature": so.signature,
                   "key": fp, "self_review": self_review, "comment": signer.comment,
                   "identity": signer.identity.value},
        )  # fmt: skip
        return announce(s, desk, ChangeSet(
            article_id=article_id, articles=(article_id,), statuses=(signed,),
            kinds=frozenset({Kind.SIGNOFFS}),
        ))  # fmt: skip


@dataclass(frozen=True)
class SignOffInfo:
    reviewer: str
    at: str
    comment: str
    digest: str
    self_review: bool
    matches: bool  # the article still matches what was signed, and the signature holds
    identity: str = Identity.LOCAL.value  # "server": a team login; "local": unauthenticated
    key_fingerprint: str = ""
    legacy: bool = False  # a digest from before signing existed: not signed by anyone

    @property
    def described(self) -> str:
        """How the sign-off was made, in words."""
        return described(self.legacy, self.identity, self.key_fingerprint)


def described(legacy_digest: bool, identity: str, key_fingerprint: str) -> str:
    """How a sign-off was made, in words: which key, and whether a server vouched for the name."""
    if legacy_digest:
        return "legacy sign-off: a digest only, not signed"
    how = ("by a team database login" if identity == Identity.SERVER.value
           else "on a local, unauthenticated desk")  # fmt: skip
    return f"signed with key {short_fingerprint(key_fingerprint)} {how}"


def _signature_holds(s: Session, so: SignOff, a: Article, key: ReviewerKey | None) -> bool:
    if so.digest_version == legacy.DIGEST_VERSION:
        claims = [legacy.SignedClaim(c.start_offset, c.end_offset, c.tag, c.quote, c.note)
                  for c in _claims(s, a.id or 0) if c.deleted_at is None]  # fmt: skip
        return legacy.digest(a.text, claims) == so.digest
    if key is None or so.signature is None:
        return False
    payload = _payload(s, a, _signer(s, so))
    if payload.digest() != so.digest:
        return False
    try:
        keys.public_from_hex(key.public_key).verify(bytes.fromhex(so.signature), payload.to_sign())
    except (InvalidSignature, ValueError):
        return False
    return True


def _key(s: Session, fp: str | None) -> ReviewerKey | None:
    if fp is None:
        return None
    return (
        s.execute(select(ReviewerKey).where(col(ReviewerKey.fingerprint) == fp)).scalars().first()
    )


def payload_now(desk: Desk, signoff_id: int) -> Payload:
    """A sign-off's payload rebuilt from the database as it is now: what ``verify`` checks."""
    with transaction(desk.engine, write=False) as s:
        so = s.get(SignOff, signoff_id)
        if so is None:
            raise NotFound(f"sign-off {signoff_id} does not exist")
        return _payload(s, _article(s, so.article_id), _signer(s, so))


def current_signoff(desk: Desk, article_id: int) -> SignOffInfo | None:
    """The article's valid sign-off and whether it still holds (None: not signed off)."""
    with transaction(desk.engine, write=False) as s:
        so = (
            s.execute(
                select(SignOff)
                .where(col(SignOff.article_id) == article_id, col(SignOff.invalidated_at).is_(None))
                .order_by(col(SignOff.id).desc())
            )
            .scalars()
            .first()
        )
        if so is None:
            return None
        key = _key(s, so.key_fingerprint)
        holds = _signature_holds(s, so, _article(s, article_id), key)
        holds = holds and (key is None or key.reviewer == so.reviewer)
        return SignOffInfo(
            so.reviewer, iso(so.at), so.comment, so.digest, so.self_review, holds,
            so.identity, so.key_fingerprint or "", so.digest_version == legacy.DIGEST_VERSION,
        )  # fmt: skip


# ---------------------------------------------------------------- verify


@dataclass(frozen=True)
class Problem:
    """Something wrong with one article's sign-off, or with the audit trail."""

    article_id: int | None
    title: str
    reason: str


@dataclass
class Report:
    """What ``verify`` checked and found."""

    signoffs: int = 0  # valid sign-offs checked
    legacy: int = 0  # of which legacy, unsigned digests
    events: int = 0  # audit events whose links held
    chain: audit.Break | None = None
    problems: list[Problem] = field(default_factory=list)
    # Every valid sign-off: (article id, title, who signed when and how).
    signed: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain is None and not self.problems

    @property
    def articles(self) -> list[int]:
        """The articles named, each once, in order."""
        seen: dict[int, None] = {}
        for p in self.problems:
            if p.article_id is not None:
                seen.setdefault(p.article_id, None)
        return list(seen)


def _events(s: Session, *actions: str) -> list[AuditEvent]:
    return list(
        s.execute(
            select(AuditEvent)
            .where(col(AuditEvent.action).in_(actions))
            .order_by(col(AuditEvent.seq))
        ).scalars()
    )


def _after(e: AuditEvent) -> dict[str, object]:
    try:
        found = json.loads(e.after or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def verify(desk: Desk) -> Report:
    """Check every sign-off, every signed-off article, every registered key and the chain."""
    report = Report()
    # Read only: a whole-desk check must not hold the write lock (SQLite) while it reads.
    with transaction(desk.engine, write=False) as s:
        report.events, report.chain = audit.check_chain(s)
        titles: dict[int, str] = {}
        states: dict[int, str] = {}
        for aid, title, state in s.execute(
            select(col(Article.id), col(Article.title), col(Article.state))
        ):
            titles[aid], states[aid] = title, state

        def bad(article_id: int | None, reason: str) -> None:
            report.problems.append(Problem(article_id, titles.get(article_id or -1, ""), reason))

        if report.chain is not None:
            bad(report.chain.article_id, f"audit event {report.chain.seq} {report.chain.reason}")
        start = _events(s, "chain.start")
        legacy_ids = set()
        if start:
            listed = _after(start[0]).get("legacy_signoffs")
            legacy_ids = {int(i) for i in listed} if isinstance(listed, list) else set()
        recorded = {
            _after(e).get("signoff"): e for e in _events(s, SIGNOFF_EVENT)
        }  # signoff id -> its audit event
        reopened: dict[int, list[int]] = {}
        for e in _events(s, "article.reopen"):
            reopened.setdefault(e.article_id or 0, []).append(e.seq)
        registered = {str(_after(e).get("fingerprint")) for e in _events(s, "key.register")}
        for k in s.execute(select(ReviewerKey)).scalars():
            if k.fingerprint not in registered:
                bad(None, f"the key {short_fingerprint(k.fingerprint)} of {k.reviewer} was "
                          "registered outside the audit trail")  # fmt: skip

        valid_of: dict[int, int] = {}
        for so in s.execute(select(SignOff).order_by(col(SignOff.id))).scalars():
            aid, who = so.article_id, so.reviewer
            event = recorded.get(so.id)
            if so.digest_version == legacy.DIGEST_VERSION:
                if so.id not in legacy_ids:
                    bad(aid, f"sign-off {so.id} is an unsigned digest made after signing began "
                             "(forged)")  # fmt: skip
                    continue
            elif event is None:
                bad(aid, f"sign-off {so.id} by {who} is missing from the audit trail "
                         "(events deleted or cut off)")  # fmt: skip
            elif _after(event).get("signature") != so.signature or (
                _after(event).get("digest") != so.digest
            ):
                bad(aid, f"sign-off {so.id} differs from what the audit trail recorded")
            if so.invalidated_at is not None:
                after = event.seq if event is not None else 0
                if not any(q > after for q in reopened.get(aid, [])):
                    bad(aid, f"sign-off {so.id} was invalidated without a reopen in the "
                             "audit trail")  # fmt: skip
                continue
            report.signoffs += 1
            valid_of[aid] = valid_of.get(aid, 0) + 1
            how = described(so.digest_version == legacy.DIGEST_VERSION, so.identity,
                            so.key_fingerprint or "")  # fmt: skip
            report.signed.append((aid, titles.get(aid, ""), f"{who} at {iso(so.at)}, {how}"))
            if states.get(aid) != State.SIGNED_OFF.value:
                bad(aid, f"the article is {states.get(aid)} but its sign-off {so.id} was never "
                         "invalidated (its state was changed behind the app)")  # fmt: skip
            a = s.get(Article, aid)
            if a is None:
                bad(aid, f"sign-off {so.id} is for an article that no longer exists")
                continue
            if so.digest_version == legacy.DIGEST_VERSION:
                report.legacy += 1
                if not _signature_holds(s, so, a, None):
                    bad(aid, f"no longer matches its legacy (unsigned) sign-off digest {so.id}")
                continue
            key = _key(s, so.key_fingerprint)
            if key is None:
                bad(aid, f"sign-off {so.id} is signed with a key that is not registered "
                         f"({short_fingerprint(so.key_fingerprint or '')})")  # fmt: skip
                continue
            if key.reviewer != who:
                bad(aid, f"sign-off {so.id} names {who} but is signed with {key.reviewer}'s key")
                continue
            if key.fingerprint not in registered:
                bad(aid, f"sign-off {so.id} is signed with a key registered outside the audit "
                         "trail")  # fmt: skip
                continue
            covered = s.execute(
                select(col(AuditEvent.hash)).where(col(AuditEvent.seq) == so.chain_seq)
            ).scalar()
            if covered != so.chain_hash:
                bad(aid, f"the audit events sign-off {so.id} covers (up to {so.chain_seq}) were "
                         "changed or cut off")  # fmt: skip
            if not _signature_holds(s, so, a, key):
                bad(aid, f"does not match sign-off {so.id} by {who}: the text, metadata, claims, "
                         "reviews, comments, history or the sign-off itself changed since it "
                         "was signed")  # fmt: skip
        for aid, st in states.items():
            if st == State.SIGNED_OFF.value and valid_of.get(aid, 0) != 1:
                bad(aid, "the article is signed off without a valid sign-off "
                         f"({valid_of.get(aid, 0)} found)")  # fmt: skip
    return report
