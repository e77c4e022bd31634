"""The database tables (SQLModel); migrations in ``migrations/`` create them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
from sqlmodel import Field, SQLModel

from fact_gui.domain.tags import Tag
from fact_gui.store.types import UtcTimestamp

_TAG_CHECK = "tag IN ({})".format(", ".join(f"'{t.value}'" for t in Tag))


class Article(SQLModel, table=True):
    """One imported text, its metadata and the original bytes it came from."""

    __tablename__ = "article"
    __table_args__ = (
        Index("ix_article_url", "url"),
        # Versions (0005): a lineage's texts in order; same file imported again is found by path.
        Index("ux_article_lineage_version", "lineage_id", "version", unique=True),
        Index("ix_article_source", "source"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_column=Column(Text, nullable=False))
    outlet: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    author: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    url: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    published: date | None = Field(default=None)
    # Normalised (NFC, "\n") text; every claim offset counts code points in it.
    text: str = Field(sa_column=Column(Text, nullable=False))
    # Same text imported twice is one article.
    text_sha256: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    original: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    original_sha256: str = Field(sa_column=Column(String(64), nullable=False))
    source: str = Field(sa_column=Column(Text, nullable=False))
    source_format: str = Field(sa_column=Column(String(16), nullable=False))
    encoding: str = Field(sa_column=Column(String(32), nullable=False))
    imported_at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    imported_by: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    # Provenance (0002): "file", "url" or "clipboard"; when a URL was fetched;
    # which span of the extracted text (of extracted_chars) became ``text``.
    source_kind: str = Field(
        default="file", sa_column=Column(String(16), nullable=False, server_default="file")
    )
    fetched_at: datetime | None = Field(default=None, sa_column=Column(UtcTimestamp))
    kept_start: int | None = Field(default=None)
    kept_end: int | None = Field(default=None)
    extracted_chars: int | None = Field(default=None)
    # Workflow (0003): new, annotating, submitted, signed_off.
    state: str = Field(
        default="new", sa_column=Column(String(16), nullable=False, server_default="new")
    )
    # Versions (0005): the same URL or file with a new text is a new version. The
    # lineage is the id of its first version (a first version points at itself; set
    # in the import's transaction right after the insert); ``version`` counts 1..n.
    lineage_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    # Concurrency (0006): bumped by every change of the row (state, properties), so a
    # change made against an older row version is refused; who made the latest one.
    # (Not ``version``: that is the number of this text in its lineage, above.)
    row_version: int = Field(
        default=1, sa_column=Column(Integer, nullable=False, server_default="1")
    )
    updated_by: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class Claim(SQLModel, table=True):
    """A highlighted span of an article's text with its tag and note."""

    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint(_TAG_CHECK, name="ck_claim_tag"),
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="ck_claim_span"),
        # Claims of an article in text order, straight off the index.
        Index("ix_claim_article_span", "article_id", "start_offset", "end_offset", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", nullable=False)
    # Unicode code points into article.text ("end" is an SQL keyword).
    start_offset: int
    end_offset: int
    tag: str = Field(sa_column=Column(String(16), nullable=False))
    # article.text[start:end], kept so exports need not slice the text.
    quote: str = Field(sa_column=Column(Text, nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    analyst: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    # Removal is a mark, not a DELETE: undo restores the same row and the audit
    # trail can always point at it.
    deleted_at: datetime | None = Field(default=None, sa_column=Column(UtcTimestamp))
    # The reviewer's verdict (0003): pending, accepted or queried; any change resets it.
    review: str = Field(
        default="pending", sa_column=Column(String(16), nullable=False, server_default="pending")
    )
    reviewed_by: str | None = Field(default=None, sa_column=Column(Text))
    # Concurrency (0006): bumped by every change of the row (tag, note, removal,
    # restore, review verdict), so a change made against an older row version is refused.
    row_version: int = Field(
        default=1, sa_column=Column(Integer, nullable=False, server_default="1")
    )
    updated_by: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class AuditEvent(SQLModel, table=True):
    """One append-only record of a change: who, when, what, before and after."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_article_id", "article_id"),
        Index("ix_audit_event_claim_id", "claim_id"),
        Index("ux_audit_event_seq", "seq", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    actor: str = Field(sa_column=Column(Text, nullable=False))
    action: str = Field(sa_column=Column(String(32), nullable=False))
    article_id: int | None = Field(default=None)
    claim_id: int | None = Field(default=None)
    # JSON text; None where there is no before (creation) or after.
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
    # The hash chain (0007): position in commit order, the previous event's hash and this
    # one's (domain/chain.py), so editing, deleting or reordering events shows.
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    prev_hash: str = Field(sa_column=Column(String(64), nullable=False))
    hash: str = Field(sa_column=Column(String(64), nullable=False))


class AuditHead(SQLModel, table=True):
    """The audit chain's head, one row: appends lock it; a truncated tail no longer matches it."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    hash: str = Field(sa_column=Column(String(64), nullable=False))


class ReviewerKey(SQLModel, table=True):
    """A reviewer's Ed25519 public key, registered by an admin or on the reviewer's first use."""

    __tablename__ = "reviewer_key"
    __table_args__ = (Index("ix_reviewer_key_reviewer", "reviewer"),)

    id: int | None = Field(default=None, primary_key=True)
    reviewer: str = Field(sa_column=Column(Text, nullable=False))
    public_key: str = Field(sa_column=Column(String(64), nullable=False))  # 32 bytes, hex
    fingerprint: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    registered_at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    registered_by: str = Field(sa_column=Column(Text, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UtcTimestamp))
    revoked_by: str | None = Field(default=None, sa_column=Column(Text))


class DeskSetting(SQLModel, table=True):
    """A rule of the whole desk (e.g. whether self-review is allowed); admins set them."""

    __tablename__ = "desk_setting"

    name: str = Field(sa_column=Column(String(64), primary_key=True))
    value: str = Field(sa_column=Column(Text, nullable=False))


class Comment(SQLModel, table=True):
    """A reviewer's query, an analyst's reply, or the comment on a return, sign-off or reopen."""

    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_article_id", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", nullable=False)
    claim_id: int | None = Field(default=None, foreign_key="claim.id")
    author: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))


class SignOff(SQLModel, table=True):
    """A reviewer's approval of an article's whole claim set, with its digest."""

    __tablename__ = "signoff"
    __table_args__ = (Index("ix_signoff_article_id", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", nullable=False)
    reviewer: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    digest: str = Field(sa_column=Column(String(64), nullable=False))
    digest_version: int
    self_review: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    # A reopened article's sign-off stays, marked invalid, in its history.
    invalidated_at: datetime | None = Field(default=None, sa_column=Column(UtcTimestamp))
    invalidated_by: str | None = Field(default=None, sa_column=Column(Text))
    invalidated_reason: str | None = Field(default=None, sa_column=Column(Text))
    # Signed sign-offs (0007, digest_version 2): the Ed25519 signature over the payload
    # (domain/signing.py), the key's fingerprint, the audit chain head and the article's
    # events when signing, and whether the name came from a server login or a local desk.
    signature: str | None = Field(default=None, sa_column=Column(String(128)))
    key_fingerprint: str | None = Field(default=None, sa_column=Column(String(64)))
    chain_seq: int | None = Field(default=None)
    chain_hash: str | None = Field(default=None, sa_column=Column(String(64)))
    history: str | None = Field(default=None, sa_column=Column(String(64)))
    identity: str = Field(
        default="local", sa_column=Column(String(16), nullable=False, server_default="local")
    )


class WorkSession(SQLModel, table=True):
    """One sitting of one person at the desk."""

    __tablename__ = "work_session"

    id: int | None = Field(default=None, primary_key=True)
    user: str = Field(sa_column=Column(Text, nullable=False))
    started_at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=Column(UtcTimestamp))


class SessionArticle(SQLModel, table=True):
    """Active time and claim work on one article within one session."""

    __tablename__ = "session_article"

    session_id: int = Field(foreign_key="work_session.id", primary_key=True)
    article_id: int = Field(foreign_key="article.id", primary_key=True)
    active_seconds: float = Field(
        default=0.0, sa_column=Column(Float, nullable=False, server_default="0")
    )
    claims_added: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )
    claims_changed: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )


class ArticleLink(SQLModel, table=True):
    """A link an article's text carried (Markdown): which words, and where they pointed.

    Kept for later use as evidence; offsets count code points in ``article.text``.
    """

    __tablename__ = "article_link"
    __table_args__ = (
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="ck_link_span"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", nullable=False, index=True)
    start_offset: int
    end_offset: int
    url: str = Field(sa_column=Column(Text, nullable=False))


class ChangeLog(SQLModel, table=True):
    """One committed change on a SQLite desk, for other windows polling it (live refresh).

    On SQLite writers take turns (BEGIN IMMEDIATE), so ``seq`` is commit order;
    PostgreSQL announces changes with NOTIFY instead and leaves this table empty.
    """

    __tablename__ = "change_log"

    seq: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
    # The desk (one open database in one process) that made it, so it can skip its own.
    desk: str = Field(sa_column=Column(String(32), nullable=False))
    actor: str = Field(sa_column=Column(Text, nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))


class Presence(SQLModel, table=True):
    """Who has which article open right now: one row per open window, kept fresh by heartbeats."""

    __tablename__ = "presence"
    __table_args__ = (Index("ix_presence_article_id", "article_id"),)

    desk: str = Field(sa_column=Column(String(32), primary_key=True))
    user: str = Field(sa_column=Column(Text, nullable=False))
    article_id: int | None = Field(default=None)
    seen_at: datetime = Field(sa_column=Column(UtcTimestamp, nullable=False))
