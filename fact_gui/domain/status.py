"""An article's workflow status as a view shows it: state, version, who changed it last and when."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleStatus:
    """What a change to an article's state is made against (its ``version``)."""

    id: int
    state: str
    version: int
    updated_by: str
    # ISO 8601 UTC, like every timestamp the services hand out.
    updated_at: str
