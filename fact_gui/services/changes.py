"""Change sets: what a service call changed, so views refresh only that."""

from __future__ import annotations

from dataclasses import dataclass

from fact_gui.domain.claims import ClaimRow


@dataclass(frozen=True)
class ChangeSet:
    """The result of one use case; views update from it instead of reloading."""

    article_id: int | None = None
    # Claims that now exist in this state (created, restored or edited).
    upserted: tuple[ClaimRow, ...] = ()
    # Claims that are gone, as they were before removal.
    removed: tuple[ClaimRow, ...] = ()
    # Articles added or whose metadata changed. Claim counts are not listed here:
    # views derive them from ``upserted``/``removed`` without asking again.
    articles: tuple[int, ...] = ()
