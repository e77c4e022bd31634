"""Article text rules: normalisation, titles, word snapping and Qt offset conversion."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right

# Every line break Qt would rewrite or count differently becomes a plain "\n",
# so one stored code point is one Qt position (apart from UTF-16 surrogates).
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_BREAK_CHARS = ("\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_TITLE_MAX = 200


def normalise(text: str) -> str:
    """NFC, newline line ends, no byte-order mark: the form every offset refers to."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # Most texts have none of them: looking costs a twentieth of substituting.
    if any(ch in text for ch in _BREAK_CHARS):
        text = _LINE_BREAKS.sub("\n", text)
    return unicodedata.normalize("NFC", text)


def first_meaningful_line(text: str) -> str:
    """The first line with at least two letters, whitespace collapsed, cut at a word."""
    for line in text.split("\n"):
        words = line.split()
        if sum(ch.isalpha() for ch in line) >= 2:
            title = " ".join(words)
            if len(title) > _TITLE_MAX:
                title = title[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"
            return title
    return ""


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def snap_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Widen a selection to whole words and trim surrounding whitespace.

    Returns None when nothing but whitespace was selected.
    """
    n = len(text)
    start, end = max(0, min(start, end)), min(n, max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    # Only widen when the boundary cuts through a word.
    while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < n and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    return start, end


class OffsetMap:
    """Converts between code-point offsets (stored) and Qt's UTF-16 positions.

    Built once per article text; conversion is a binary search over the
    characters outside the Basic Multilingual Plane, so ASCII costs nothing.
    """

    __slots__ = ("_astral", "_astral_u16")

    def __init__(self, text: str) -> None:
        self._astral: list[int] = (
            [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        )
        # Where each astral character starts in UTF-16 units.
        self._astral_u16 = [p + i for i, p in enumerate(self._astral)]

    @property
    def identity(self) -> bool:
        return not self._astral

    @property
    def astral_positions(self) -> list[int]:
        """Code-point offsets of the characters that take two UTF-16 units, ascending."""
        return self._astral

    def to_qt(self, cp: int) -> int:
        """Code-point offset -> Qt position."""
        return cp + bisect_left(self._astral, cp) if self._astral else cp

    def from_qt(self, pos: int) -> int:
        """Qt position -> code-point offset (a position inside a surrogate pair rounds up)."""
        if not self._astral:
            return pos
        return pos - bisect_right(self._astral_u16, pos - 2)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line (whitespace collapsed), cut to ``limit`` characters with "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def quoted(text: str, limit: int = 40) -> str:
    """A claim's quote as people refer to it in messages: short, on one line, in quotes."""
    return f"“{shorten(text, limit)}”"
