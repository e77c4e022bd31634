"""Errors the services raise with messages meant for the user."""

from __future__ import annotations


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
