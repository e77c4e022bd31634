"""An article's workflow status as views show it: state, row version, last changed by whom, when."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleStatus:
    """What a change to an article's state is made against (its ``row_version``)."""

    id: int
    state: str
    # Bumped by every change of the row (not the text's number in its lineage).
    row_version: int
    updated_by: str
    # ISO 8601 UTC, like every timestamp the services hand out.
    updated_at: str
