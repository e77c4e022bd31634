"""Append-only audit events in a hash chain, written in the transaction of the change they record.

Every event enters the chain through ``append`` (``record`` is one event through it): it
bumps the one chain-head row first, and that row lock (PostgreSQL) or the write lock
(SQLite) is held to commit, so concurrent writers append one at a time and the chain's
order is the commit order. It costs one row lock for the rest of the transaction, which is
the tail end of each service call; a bulk writer (a batch import) collects ``event`` dicts
and appends them all at once, one head lock for the lot, just before it commits.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, String, Table, bindparam, insert, select, type_coerce, update
from sqlmodel import Session, col

from fact_gui.domain.chain import GENESIS, ChainedEvent, event_hash
from fact_gui.store.models import AuditEvent, AuditHead
from fact_gui.store.types import iso, utcnow

# Core tables: an append is three statements on every action, and the ORM's bulk paths
# cost several times what the statements themselves do.
EVENTS: Table = AuditEvent.__table__  # type: ignore[attr-defined]
HEAD: Table = AuditHead.__table__  # type: ignore[attr-defined]
_HEAD = col(AuditHead.id) == 1
# Moves the head on by ``n`` events under its row lock: the new seq, and the hash the
# first of them follows.
_ADVANCE = update(HEAD).where(HEAD.c.id == 1).values(seq=HEAD.c.seq + bindparam("n"))
_ADVANCE = _ADVANCE.returning(HEAD.c.seq, HEAD.c.hash)


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, default=str, sort_keys=True)


def event(
    actor: str,
    action: str,
    *,
    article_id: int | None = None,
    claim_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One event's content, stamped now, not yet in the chain (``append`` links it)."""
    return {
        "at": iso(utcnow()),  # the text stored and hashed
        "actor": actor,
        "action": action,
        "article_id": article_id,
        "claim_id": claim_id,
        "before": _json(before),
        "after": _json(after),
    }


def append(conn: Connection, events: Sequence[dict[str, Any]]) -> int:
    """Link ``events`` (from ``event``) into the chain in order and insert them; the last seq.

    The only way events are written: the head is locked and moved on once for the
    lot, each event's seq, previous hash and hash computed here in order.
    """
    if not events:
        return 0
    top, prev = conn.execute(_ADVANCE, {"n": len(events)}).one()
    rows = []
    for seq, e in enumerate(events, start=int(top) - len(events) + 1):
        link = ChainedEvent(seq, prev, e["at"], e["actor"], e["action"], e["article_id"],
                            e["claim_id"], e["before"], e["after"])  # fmt: skip
        prev = event_hash(link)
        rows.append({**link._asdict(), "hash": prev})
    # One row as a plain execute (the every-action case), many as one executemany.
    conn.execute(insert(EVENTS), rows[0] if len(rows) == 1 else rows)
    conn.execute(update(HEAD).where(HEAD.c.id == 1).values(hash=prev))
    return int(top)


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
    one = event(actor, action, article_id=article_id, claim_id=claim_id, before=before,
                after=after)  # fmt: skip
    return append(session.connection(), [one])


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
            link = ChainedEvent(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
            stored = r[9]
            if link.seq != expected:
                # Whose event went is unknown here; the sign-offs covering it name the article.
                gone = (f"events {expected}–{link.seq - 1} are" if link.seq > expected + 1
                        else f"event {expected} is")  # fmt: skip
                return expected - 1, Break(
                    expected, None, f"is missing: {gone} deleted before event {link.seq}"
                )
            if link.prev_hash != prev:
                return expected - 1, Break(
                    expected - 1, prev_article,
                    f"was changed and re-hashed: event {link.seq} no longer follows it",
                )  # fmt: skip
            if event_hash(link) != stored:
                return expected - 1, Break(
                    link.seq, link.article_id, "was changed after it was written"
                )
            prev, prev_article, expected = stored, link.article_id, expected + 1
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
