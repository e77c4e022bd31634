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
    # Article rows (metadata or counts) that changed or were added.
    articles: tuple[int, ...] = ()
