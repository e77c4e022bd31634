"""Append-only audit events in a hash chain, written in the transaction of the change they record.

Appending bumps the one chain-head row first: that row lock (PostgreSQL) or the write lock
(SQLite) is held to commit, so concurrent writers append one at a time and the chain's
order is the commit order. It costs one row lock for the rest of the transaction, which is
the tail end of each service call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, String, Table, insert, select, type_coerce, update
from sqlmodel import Session, col

from fact_gui.domain.chain import GENESIS, ChainedEvent, event_hash
from fact_gui.store.models import AuditEvent, AuditHead
from fact_gui.store.types import iso, utcnow

# Core tables: an append is three statements on every action, and the ORM's bulk paths
# cost several times what the statements themselves do.
EVENTS: Table = AuditEvent.__table__  # type: ignore[attr-defined]
HEAD: Table = AuditHead.__table__  # type: ignore[attr-defined]
_HEAD = col(AuditHead.id) == 1
_APPEND = update(HEAD).where(HEAD.c.id == 1).values(seq=HEAD.c.seq + 1)
_APPEND = _APPEND.returning(HEAD.c.seq, HEAD.c.hash)


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, default=str, sort_keys=True)


def record(
    session: Session,
    actor: str,
    action: str,
    *,
    article_id: int | None = None,
    claim_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> int:
    """Append one event (it commits or rolls back with the change itself); returns its seq."""
    session.flush()  # the change this event records goes first
    conn = session.connection()
    seq, prev = conn.execute(_APPEND).one()
    event = ChainedEvent(
        seq, prev, iso(utcnow()), actor, action, article_id, claim_id, _json(before), _json(after)
    )
    digest = event_hash(event)
    conn.execute(insert(EVENTS).values(**event._asdict(), hash=digest))
    conn.execute(update(HEAD).where(HEAD.c.id == 1).values(hash=digest))
    return int(seq)


def head(session: Session) -> tuple[int, str]:
    """The chain head (seq, hash) as this transaction sees it."""
    found = session.execute(select(col(AuditHead.seq), col(AuditHead.hash)).where(_HEAD)).first()
    return (0, GENESIS) if found is None else (int(found[0]), str(found[1]))


@dataclass(frozen=True)
class Break:
    """The first broken link of the chain: which event, its article (if any), what is wrong."""

    seq: int
    article_id: int | None
    reason: str


_EVENT_COLUMNS = (
    col(AuditEvent.seq),
    col(AuditEvent.prev_hash),
    type_coerce(col(AuditEvent.at), String),  # the stored text, exactly as it was hashed
    col(AuditEvent.actor),
    col(AuditEvent.action),
    col(AuditEvent.article_id),
    col(AuditEvent.claim_id),
    col(AuditEvent.before),
    col(AuditEvent.after),
    col(AuditEvent.hash),
)


def check_chain(conn: Connection | Session) -> tuple[int, Break | None]:
    """Walk the chain in order: (events checked, the first broken link or None)."""
    expected, prev, prev_article = 1, GENESIS, None
    rows = conn.execute(
        select(*_EVENT_COLUMNS).order_by(col(AuditEvent.seq)).execution_options(yield_per=2000)
    )
    with rows:
        for r in rows:
            event = ChainedEvent(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
            stored = r[9]
            if event.seq != expected:
                # Whose event went is unknown here; the sign-offs covering it name the article.
                gone = (f"events {expected}–{event.seq - 1} are" if event.seq > expected + 1
                        else f"event {expected} is")  # fmt: skip
                return expected - 1, Break(
                    expected, None, f"is missing: {gone} deleted before event {event.seq}"
                )
            if event.prev_hash != prev:
                return expected - 1, Break(
                    expected - 1, prev_article,
                    f"was changed and re-hashed: event {event.seq} no longer follows it",
                )  # fmt: skip
            if event_hash(event) != stored:
                return expected - 1, Break(
                    event.seq, event.article_id, "was changed after it was written"
                )
            prev, prev_article, expected = stored, event.article_id, expected + 1
    last = expected - 1
    found = conn.execute(select(col(AuditHead.seq), col(AuditHead.hash)).where(_HEAD)).first()
    if found is None:
        return last, Break(last, None, "the chain head row is missing")
    if (int(found[0]), found[1]) != (last, prev):
        return last, Break(
            last, None,
            f"the chain ends at event {last} but its head says {found[0]}: "
            "events were cut off the end (or the head was changed)",
        )  # fmt: skip
    return last, None
