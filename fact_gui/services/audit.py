"""Append-only audit events, written inside the transaction of the change they record."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from fact_gui.store.models import AuditEvent
from fact_gui.store.types import utcnow


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
        "before": None if before is None else json.dumps(before, default=str, sort_keys=True),
        "after": None if after is None else json.dumps(after, default=str, sort_keys=True),
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
