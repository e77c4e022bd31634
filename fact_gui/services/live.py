"""Live changes: every write announces what it changed; a listener delivers others' changes.

Writers call ``announce`` inside their transaction. On PostgreSQL that is a
``NOTIFY`` (the server delivers it at commit, never for a rolled-back change); on
SQLite it is a row in ``change_log``, whose ``seq`` is commit order because
writers take turns (``BEGIN IMMEDIATE``). The payload is small: kinds, the
article, the claim ids, who did it and which open desk.

A ``Listener`` (its own thread, no Qt) hears them — ``LISTEN`` on PostgreSQL,
``PRAGMA data_version`` polled every 250 ms on SQLite — re-reads just the claims
named, and hands a ``ChangeSet`` to a callback, with origin REMOTE (another
login) or WINDOW (the same login in another window or script). It also keeps
this window's presence row fresh (who has which article open) and reports the
connection's health: ``on_lost`` when the server goes away, ``on_back`` when it
returns, followed by a ``resync`` change set because changes may have been missed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlalchemy.exc import IntegrityError, ProgrammingError, SQLAlchemyError
from sqlmodel import Session, col

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.errors import NotFound
from fact_gui.domain.status import ArticleStatus
from fact_gui.services.changes import ChangeSet, Kind, Origin
from fact_gui.services.context import Desk
from fact_gui.services.guard import claim_row, lock_article
from fact_gui.store.engine import transaction
from fact_gui.store.models import ChangeLog, Claim, Presence
from fact_gui.store.types import utcnow

log = logging.getLogger(__name__)
# SQLModel's classes do not declare __table__ to type checkers; it is there at run time.
CHANGE_LOG: Table = ChangeLog.__table__  # type: ignore[attr-defined]

CHANNEL = "fact_gui_changes"
# NOTIFY payloads must stay under 8000 bytes; past this many claim ids a change is
# announced as "re-read this article" instead.
MAX_IDS = 500
# The SQLite change log keeps about this many recent changes (listeners read it every
# 250 ms), trimmed every PRUNE_EVERY changes.
KEEP_CHANGES = 5_000
PRUNE_EVERY = 500
# A window's presence row is refreshed this often and forgotten after three misses.
HEARTBEAT_S = 10.0
PRESENCE_TTL = timedelta(seconds=3 * HEARTBEAT_S)


def _payload(desk: Desk, cs: ChangeSet) -> str:
    ids = sorted({r.id for r in cs.upserted} | {r.id for r in cs.removed})
    body: dict[str, Any] = {
        "d": desk.token,
        "u": desk.user,
        "k": sorted(cs.kinds),
        "a": cs.article_id,
        "as": list(cs.articles[:MAX_IDS]),
    }
    if len(ids) > MAX_IDS or len(cs.articles) > MAX_IDS:
        body["all"] = True
    else:
        body["c"] = ids
    return json.dumps(body, separators=(",", ":"))


def announce(s: Session | Connection, desk: Desk, cs: ChangeSet) -> ChangeSet:
    """Tell other windows about ``cs`` when (and only if) this transaction commits.

    ``s`` is the writing transaction's session, or its connection (a batch import).
    """
    if cs.empty:
        return cs
    payload = _payload(desk, cs)
    if desk.engine.dialect.name == "postgresql":
        s.execute(select(func.pg_notify(CHANNEL, payload)))
    else:
        # On the connection: the session's pending rows flush at commit, not twice.
        conn = s.connection() if isinstance(s, Session) else s
        entry = {"at": utcnow(), "desk": desk.token, "actor": desk.user, "payload": payload}
        (seq,) = conn.execute(insert(CHANGE_LOG).values(entry)).inserted_primary_key or (0,)
        if seq % PRUNE_EVERY == 0:
            conn.execute(delete(CHANGE_LOG).where(CHANGE_LOG.c.seq <= seq - KEEP_CHANGES))
    return cs


def present(desk: Desk, article_id: int) -> list[str]:
    """Who else has the article open now (other windows, by name, sorted)."""
    since = utcnow() - PRESENCE_TTL
    with transaction(desk.engine, write=False) as s:
        names = s.execute(
            select(col(Presence.user))
            .where(
                col(Presence.article_id) == article_id,
                col(Presence.desk) != desk.token,
                col(Presence.seen_at) >= since,
            )
            .distinct()
        ).scalars()
        return sorted(names)


def _set_presence(desk: Desk, article_id: int | None, previous: int | None, here: bool) -> None:
    """Write (or, leaving, delete) this desk's presence row; announce a change of article."""
    with transaction(desk.engine) as s:
        row = s.get(Presence, desk.token)
        if not here:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(Presence(desk=desk.token, user=desk.user, article_id=article_id,
                           seen_at=utcnow()))  # fmt: skip
        else:
            row.article_id, row.seen_at = article_id, utcnow()
        if article_id != previous or not here:
            for aid in {previous, article_id if here else None} - {None}:
                announce(s, desk, ChangeSet(article_id=aid, kinds=frozenset({Kind.PRESENCE})))


def _read(
    desk: Desk, claim_ids: set[int], article_ids: set[int]
) -> tuple[dict[int, tuple[ClaimRow, bool]], dict[int, ArticleStatus]]:
    """The claims (row, removed) and article statuses a batch of changes names, as they are now."""
    claims: dict[int, tuple[ClaimRow, bool]] = {}
    statuses: dict[int, ArticleStatus] = {}
    with transaction(desk.engine, write=False) as s:
        if claim_ids:
            found = s.execute(select(Claim).where(col(Claim.id).in_(sorted(claim_ids))))
            for c in found.scalars():
                assert c.id is not None
                claims[c.id] = (claim_row(c), c.deleted_at is not None)
        for aid in sorted(article_ids):
            with contextlib.suppress(NotFound):  # gone since: only a raw delete does that
                statuses[aid] = lock_article(s, aid, lock=False)
    return claims, statuses


# A change log gap on SQLite (pruned before it was read): views must re-read.
_RESYNC = '{"resync": true}'


class _Source:
    """Where a listener hears about commits: batches of payloads; raises on a lost connection."""

    def batch(self, wait_s: float) -> list[str]:
        """Payloads committed since the last call, waiting up to ``wait_s`` for the first."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class _Notifications(_Source):
    """PostgreSQL: a connection of its own that LISTENs; notifications arrive as committed."""

    def __init__(self, desk: Desk) -> None:
        # From the desk's engine, so it connects exactly as the desk does (credentials,
        # connect hooks), but detached from its pool: it stays in LISTEN until closed.
        self._raw = desk.engine.raw_connection()
        conn = self._raw.driver_connection
        assert conn is not None
        self._raw.detach()
        conn.rollback()
        conn.autocommit = True
        conn.execute(f"LISTEN {CHANNEL}")
        self._conn = conn
        self._pinged = time.monotonic()

    def batch(self, wait_s: float) -> list[str]:
        got = [n.payload for n in self._conn.notifies(timeout=wait_s, stop_after=1)]
        if got:  # and whatever else has arrived meanwhile, read together
            got += [n.payload for n in self._conn.notifies(timeout=0)]
        elif time.monotonic() - self._pinged > 2.0:
            # An idle connection to a server that vanished raises only when used.
            self._conn.execute("SELECT 1")
            self._pinged = time.monotonic()
        return got

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._raw.close()


class _ChangeLog(_Source):
    """SQLite: poll the file's data version; when another connection committed, read the log."""

    def __init__(self, desk: Desk, stop: threading.Event) -> None:
        self._raw = desk.engine.raw_connection()
        conn = self._raw.driver_connection
        assert conn is not None
        self._raw.detach()
        self._conn = conn
        self._stop = stop
        self._version = self._data_version()
        self._seq = int(self._conn.execute("SELECT coalesce(max(seq), 0) FROM change_log")
                        .fetchone()[0])  # fmt: skip

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def batch(self, wait_s: float) -> list[str]:
        self._stop.wait(wait_s)
        version = self._data_version()
        if version == self._version:
            return []
        self._version = version
        rows = self._conn.execute(
            "SELECT seq, payload FROM change_log WHERE seq > ? ORDER BY seq", (self._seq,)
        ).fetchall()
        got = []
        for seq, payload in rows:
            if seq != self._seq + 1:
                got.append(_RESYNC)
            self._seq = seq
            got.append(payload)
        return got

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._raw.close()


# What the listener treats as the connection going away (anything else is a bug, and logged).
def _connection_errors() -> tuple[type[BaseException], ...]:
    import sqlite3

    errors: list[type[BaseException]] = [SQLAlchemyError, sqlite3.Error, OSError]
    with contextlib.suppress(ImportError):
        import psycopg

        errors.append(psycopg.Error)
    return tuple(errors)


class Listener:
    """Delivers other windows' and people's changes to ``on_change``, from its own thread.

    ``on_lost(reason)`` and ``on_back()`` report the connection's health; after a
    reconnect a ``resync`` change set follows. ``show(article_id)`` says which
    article this window has open (presence). Callbacks run on the listener's
    thread: a window hands them to its GUI thread itself (a queued signal). Stop the
    listener before closing its desk.
    """

    def __init__(
        self,
        desk: Desk,
        on_change: Callable[[ChangeSet], None],
        *,
        on_lost: Callable[[str], None] | None = None,
        on_back: Callable[[], None] | None = None,
        poll_s: float = 0.25,
        backoff_s: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0),
        heartbeat_s: float = HEARTBEAT_S,
    ) -> None:
        self.desk = desk
        self.on_change = on_change
        self.on_lost = on_lost or (lambda reason: None)
        self.on_back = on_back or (lambda: None)
        self.poll_s = poll_s
        self.backoff_s = backoff_s
        self.heartbeat_s = heartbeat_s
        self._connected = False
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._article: int | None = None
        self._shown: int | None = None  # what the presence row says
        self._beat = 0.0
        self._presence_dirty = False
        self._presence_off = False  # refused by the database (no privilege): not a lost link
        self._thread = threading.Thread(target=self._run, name="fact_gui-live", daemon=True)

    @property
    def connected(self) -> bool:
        """Whether the listener is connected now (between ``on_lost`` and ``on_back``: no)."""
        return self._connected

    def start(self, timeout_s: float = 10.0) -> Listener:
        """Start listening; returns once the first connection is made (or has failed)."""
        self._thread.start()
        self._ready.wait(timeout_s)
        return self

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop listening and leave (presence); safe to call twice."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def show(self, article_id: int | None) -> None:
        """This window now shows ``article_id`` (None: no article); others see it soon."""
        with self._lock:
            self._article = article_id
            self._presence_dirty = True

    def __enter__(self) -> Listener:
        return self if self._thread.is_alive() else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        errors = _connection_errors()
        attempt = 0
        lost = False
        while not self._stop.is_set():
            source: _Source | None = None
            try:
                source = self._open()
                self._connected = True
                if lost:
                    lost = False
                    self._call(self.on_back)
                    self._deliver(ChangeSet(kinds=frozenset(Kind), origin=Origin.REMOTE,
                                            resync=True))  # fmt: skip
                attempt = 0
                self._ready.set()
                self._presence(force=True)
                while not self._stop.is_set():
                    if payloads := source.batch(self.poll_s):
                        self._handle(payloads)
                    self._presence()
            except Exception as exc:
                if not isinstance(exc, errors):
                    log.exception("live listener failed; reconnecting")
                self._connected = False
                self._ready.set()
                if not lost:
                    lost = True
                    self._call(self.on_lost, _reason(exc))
                self._stop.wait(self.backoff_s[min(attempt, len(self.backoff_s) - 1)])
                attempt += 1
            finally:
                if source is not None:
                    source.close()
        self._connected = False
        with contextlib.suppress(*errors):
            if self._shown is not None or self._beat:
                _set_presence(self.desk, None, self._shown, here=False)

    def _open(self) -> _Source:
        if self.desk.engine.dialect.name == "postgresql":
            return _Notifications(self.desk)
        return _ChangeLog(self.desk, self._stop)

    def _presence(self, force: bool = False) -> None:
        if self._presence_off:
            return
        with self._lock:
            article, dirty = self._article, self._presence_dirty
            self._presence_dirty = False
        now = time.monotonic()
        if not (force or dirty or now - self._beat >= self.heartbeat_s):
            return
        try:
            _set_presence(self.desk, article, self._shown, here=True)
        except (ProgrammingError, IntegrityError) as exc:
            # Refused, not disconnected (say, a team database granting no presence rows):
            # live changes still flow; only the "who else is here" indicator goes quiet.
            self._presence_off = True
            log.warning("presence is off: %s", _reason(exc))
            return
        self._shown, self._beat = article, now

    def _handle(self, payloads: list[str]) -> None:
        """Deliver a batch of changes, re-reading what they name in one go."""
        changes = [p for p in map(json.loads, payloads) if p.get("d") != self.desk.token]
        claim_ids = {cid for p in changes for cid in p.get("c", ())}
        article_ids = {aid for p in changes for aid in p.get("as", ())}
        claims, statuses = _read(self.desk, claim_ids, article_ids)
        for p in changes:
            if p.get("resync"):
                self._deliver(ChangeSet(kinds=frozenset(Kind), origin=Origin.WINDOW, resync=True))
                continue
            origin = Origin.WINDOW if p["u"] == self.desk.user else Origin.REMOTE
            kinds = frozenset(Kind(k) for k in p["k"])
            if p.get("all"):
                cs = ChangeSet(article_id=p["a"], kinds=kinds, origin=origin, resync=True)
            else:
                named = [claims[cid] for cid in p["c"] if cid in claims]
                cs = ChangeSet(
                    article_id=p["a"],
                    upserted=tuple(row for row, removed in named if not removed),
                    removed=tuple(row for row, removed in named if removed),
                    articles=tuple(p["as"]),
                    statuses=tuple(statuses[a] for a in p["as"] if a in statuses),
                    kinds=kinds,
                    origin=origin,
                )
            self._deliver(cs)

    def _deliver(self, cs: ChangeSet) -> None:
        self._call(self.on_change, cs)

    def _call(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:  # a failing callback must not silence every later change
            log.exception("live change callback failed")


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return " ".join(str(orig or exc).split()) or type(exc).__name__
