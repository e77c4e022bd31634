"""Append-only audit events, written inside the transaction of the change they record."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table
from sqlmodel import Session

from fact_gui.store.models import AuditEvent
from fact_gui.store.types import utcnow

# SQLModel's classes do not declare __table__ to type checkers; it is there at run time.
_AUDIT: Table = AuditEvent.__table__  # type: ignore[attr-defined]


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
    """One event's column values (for bulk inserts; ``record`` adds one through the ORM)."""
    return {
        "at": utcnow(),
        "actor": actor,
        "action": action,
        "article_id": article_id,
        "claim_id": claim_id,
        "before": _json(before),
        "after": _json(after),
    }


def record(
    session: Session,
    actor: str,
    action: str,
    *,
    article_id: int | None = None,
    claim_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add one event; it commits or rolls back with the change itself."""
    session.add(
        AuditEvent(
            **event(
                actor, action, article_id=article_id, claim_id=claim_id, before=before, after=after
            )
        )
    )
