"""Change sets: what a service call changed and where it came from, so views refresh just that."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.status import ArticleStatus


class Kind(StrEnum):
    """What sort of thing changed; a view subscribes to the kinds it shows."""

    CLAIMS = "claims"  # claims created, edited, removed or restored (rows in upserted/removed)
    ARTICLES = "articles"  # articles imported, their metadata or workflow state changed
    COMMENTS = "comments"  # queries, replies, return/sign-off/reopen comments
    REVIEWS = "reviews"  # a reviewer's verdict on claims
    SIGNOFFS = "signoffs"  # sign-offs made or invalidated
    VERSIONS = "versions"  # a new version of an article
    SESSIONS = "sessions"  # work-session bookkeeping
    EVIDENCE = "evidence"  # evidence attached to claims
    SOURCES = "sources"  # the originating-source registry
    PRESENCE = "presence"  # who else has an article open (live refresh)


class Origin(StrEnum):
    """Where a change came from, so a view can tell "I did this" from "this happened"."""

    ACTION = "action"  # this window, by a user action
    UNDO = "undo"  # this window's undo
    REDO = "redo"  # this window's redo
    WINDOW = "window"  # another window or script on this machine (same desk file)
    REMOTE = "remote"  # another person, through the team database

    @property
    def local(self) -> bool:
        """This window did it (the user expects to be taken to what changed)."""
        return self in (Origin.ACTION, Origin.UNDO, Origin.REDO)


@dataclass(frozen=True)
class ChangeSet:
    """The result of one use case; views update from it instead of reloading.

    ``kinds`` says what changed; when a service does not name them they are
    derived from the rows it lists. ``origin`` is set by whoever delivers the
    change set (the window's operation runner, or the live-refresh listener).
    """

    article_id: int | None = None
    # Claims that now exist in this state (created, restored or edited).
    upserted: tuple[ClaimRow, ...] = ()
    # Claims that are gone, as they were before removal.
    removed: tuple[ClaimRow, ...] = ()
    # Articles added or whose metadata or state changed. Claim counts are not listed
    # here: views derive them from ``upserted``/``removed`` without asking again.
    articles: tuple[int, ...] = ()
    # Articles whose workflow state changed, as they are now (with the version the next
    # state change is made on).
    statuses: tuple[ArticleStatus, ...] = ()
    kinds: frozenset[Kind] = field(default_factory=frozenset)
    origin: Origin = Origin.ACTION
    # Anything under ``kinds`` (and ``article_id``, if set) may have changed: re-read what you
    # show. The live listener sends one after a reconnect, when changes may have been missed.
    resync: bool = False

    def __post_init__(self) -> None:
        derived = set(self.kinds)
        if self.upserted or self.removed:
            derived.add(Kind.CLAIMS)
        if self.articles or self.statuses:
            derived.add(Kind.ARTICLES)
        if derived != self.kinds:
            object.__setattr__(self, "kinds", frozenset(derived))

    @property
    def empty(self) -> bool:
        """Nothing changed (the call was a no-op, e.g. retagging to the same tag)."""
        return not self.kinds

    def touches(self, *kinds: Kind) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def from_(self, origin: Origin) -> ChangeSet:
        """The same change, delivered as coming from ``origin``."""
        return self if origin is self.origin else replace(self, origin=origin)
