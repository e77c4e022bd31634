"""Code points <-> Qt positions, scanning the text only as far as a conversion needs (no Qt)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

# Characters outside the Basic Multilingual Plane: two UTF-16 units (one Qt position more).
_TWO_UNITS = re.compile("[\U00010000-\U0010ffff]")
# Scanned a chunk at a time: opening a 10 MB article converts offsets near the top only,
# and a whole-text scan (~50 ms at 10 MB) would be most of the cost of showing it.
_CHUNK = 1 << 16


class LazyOffsetMap:
    """The conversions of ``domain.text.OffsetMap``, built lazily from the start of the text.

    Each conversion scans ahead only until it has seen every character before the
    offset asked for, so the cost follows what is looked at, not the article's length.
    """

    __slots__ = ("_astral", "_done", "_text", "_units")

    def __init__(self, text: str) -> None:
        self._text = text
        self._astral: list[int] = []  # code-point offsets of two-unit characters, ascending
        self._units: list[int] = []  # ... and where each one starts in UTF-16 units
        self._done = len(text) if text.isascii() else 0  # text[:_done] has been scanned

    def _scan(self, upto: int) -> None:
        text, n = self._text, len(self._text)
        while self._done < n and self._done <= upto:
            end = min(n, self._done + _CHUNK)
            for m in _TWO_UNITS.finditer(text, self._done, end):
                self._units.append(m.start() + len(self._astral))
                self._astral.append(m.start())
            self._done = end

    @property
    def complete(self) -> bool:
        """The whole text has been scanned."""
        return self._done >= len(self._text)

    def scan_ahead(self) -> bool:
        """Scan one more chunk (in idle time); False once the whole text is scanned."""
        self._scan(self._done)
        return not self.complete

    def to_qt(self, cp: int) -> int:
        """Code-point offset -> Qt position."""
        if self._done <= cp:
            self._scan(cp)
        return cp + bisect_left(self._astral, cp) if self._astral else cp

    def from_qt(self, pos: int) -> int:
        """Qt position -> code-point offset (a position inside a surrogate pair rounds up)."""
        # Every code point before the scanned end takes at least one unit, so scanning to
        # ``pos`` code points covers ``pos`` units.
        if self._done <= pos:
            self._scan(pos)
        if not self._astral:
            return pos
        return pos - bisect_right(self._units, pos - 2)
