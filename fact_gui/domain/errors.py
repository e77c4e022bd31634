"""Errors the services raise with messages meant for the user."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fact_gui.domain.claims import ClaimRow
    from fact_gui.domain.status import ArticleStatus


class FactGuiError(Exception):
    """Base class: the message is shown to the user as it is."""


class BadInput(FactGuiError):
    """A file or source could not be imported; names the source and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotFound(FactGuiError):
    """An article or claim id that does not exist."""


class InvalidSpan(FactGuiError):
    """A claim span that is empty or outside the article text."""


class SchemaTooNew(FactGuiError):
    """The database was written by a newer fact_gui."""


class Conflict(FactGuiError):
    """A change made against a row version that moved meanwhile: someone else changed it first.

    The message says who and when (in local time); ``current`` is the thing as it
    is now (a ``ClaimRow`` or an ``ArticleStatus``), so the window can show it and
    keep its undo stack coherent, and a script can retry with ``current.row_version``.
    """

    def __init__(
        self,
        what: str,
        by: str,
        at: datetime,
        expected: int,
        current: ClaimRow | ArticleStatus,
        now: str,
        *,
        removed: bool = False,
    ) -> None:
        super().__init__(
            f"{what} was changed by {by or 'someone'} {local_time_words(at)} "
            f"(row version {current.row_version}; this change was made on row version "
            f"{expected}): it is now {now}"
        )
        self.what = what
        self.by = by
        self.at = at
        self.expected = expected
        self.current = current
        self.removed = removed  # the claim was removed meanwhile (``current`` is its last state)


def local_time_words(at: datetime, now: datetime | None = None) -> str:
    """When, in words and local time: "at 14:03:07 today", "… yesterday", "… on 3 Mar 2026"."""
    local = at.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = f"at {local:%H:%M:%S}"
    if local.date() == today:
        return f"{clock} today"
    if local.date() == today - timedelta(days=1):
        return f"{clock} yesterday"
    return f"{clock} on {local.day} {local:%b %Y}"
