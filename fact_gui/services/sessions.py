"""Annotation sessions: who worked when, on which articles, for how long (idle time excluded)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from fact_gui.services.context import Desk
from fact_gui.store.engine import transaction
from fact_gui.store.models import Article, SessionArticle, WorkSession
from fact_gui.store.types import iso, utcnow


def start(desk: Desk) -> int:
    with transaction(desk.engine) as s:
        ws = WorkSession(user=desk.user, started_at=utcnow())
        s.add(ws)
        s.flush()
        assert ws.id is not None
        return ws.id


def add_work(
    desk: Desk,
    session_id: int,
    article_id: int,
    active_seconds: float = 0.0,
    claims_added: int = 0,
    claims_changed: int = 0,
) -> None:
    """Add active time and claim counts for an article to a session (the UI flushes often)."""
    with transaction(desk.engine) as s:
        row = s.get(SessionArticle, (session_id, article_id))
        if row is None:
            row = SessionArticle(session_id=session_id, article_id=article_id)
            s.add(row)
        row.active_seconds += max(0.0, active_seconds)
        row.claims_added += claims_added
        row.claims_changed += claims_changed
        ws = s.get(WorkSession, session_id)
        if ws is not None:
            ws.ended_at = utcnow()  # "last seen": a crashed session still has an end


def end(desk: Desk, session_id: int) -> None:
    with transaction(desk.engine) as s:
        ws = s.get(WorkSession, session_id)
        if ws is not None:
            ws.ended_at = utcnow()


@dataclass(frozen=True)
class SessionRow:
    session_id: int
    user: str
    started_at: str
    ended_at: str
    article_id: int | None
    article_title: str
    active_seconds: float
    claims_added: int
    claims_changed: int


def rows(desk: Desk) -> list[SessionRow]:
    """One row per session and article worked on (sessions with no article: one row)."""
    with transaction(desk.engine) as s:
        q = (
            select(WorkSession, SessionArticle, Article.title)  # type: ignore[call-overload]
            .outerjoin(SessionArticle, col(SessionArticle.session_id) == col(WorkSession.id))
            .outerjoin(Article, col(Article.id) == col(SessionArticle.article_id))
            .order_by(col(WorkSession.id), col(SessionArticle.article_id))
        )
        out = []
        for ws, sa, title in s.execute(q):
            out.append(
                SessionRow(
                    ws.id,
                    ws.user,
                    iso(ws.started_at),
                    iso(ws.ended_at) if ws.ended_at else "",
                    sa.article_id if sa else None,
                    title or "",
                    round(sa.active_seconds, 1) if sa else 0.0,
                    sa.claims_added if sa else 0,
                    sa.claims_changed if sa else 0,
                )
            )
        return out


def article_seconds(desk: Desk, article_id: int) -> float:
    """How long people actively worked on an article, over all sessions."""
    from fact_gui.services.articles import active_seconds

    with transaction(desk.engine) as s:
        return active_seconds(s, article_id)


HEADER = ("session_id", "user", "started_at", "ended_at", "article_id", "article_title",
          "active_seconds", "claims_added", "claims_changed")  # fmt: skip


def write_csv(desk: Desk, out: str | Path) -> int:
    from fact_gui.domain.csvcell import neutralise

    data = rows(desk)
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        for r in data:
            w.writerow([r.session_id, neutralise(r.user), r.started_at, r.ended_at,
                        r.article_id or "", neutralise(r.article_title), r.active_seconds,
                        r.claims_added, r.claims_changed])  # fmt: skip
    return len(data)
