"""Dates as articles write them ("4 March 2025", "17 Dec. 2024, 10:23", "2024-12-17")."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

# Languages asked for: each one costs start-up time in dateparser, and guessing among all
# of them turns a name into a date now and then.
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "uk")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+Z-]*)?\s*$")


@lru_cache(maxsize=256)
def parse_date(s: str) -> date | None:
    """The calendar date a short phrase names, or None (day before month when ambiguous)."""
    s = " ".join(s.split())
    if not s or len(s) > 80:
        return None
    if m := _ISO.match(s):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    import dateparser

    try:
        parsed = dateparser.parse(
            s,
            languages=list(LANGUAGES),
            settings={
                "DATE_ORDER": "DMY",
                "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except (ValueError, OverflowError, TypeError, LookupError):
        return None
    return parsed.date() if parsed is not None else None
