"""Text copied from web pages: find the story among navigation and lists, read its metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

# A sentence ends here: terminal punctuation, then closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_BULLET = re.compile(r"^\s*(?:[•·▪◦*\-–—]|\d{1,3}[.)]|\[\w+\])\s")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_MIN_PROSE_WORDS = 8
# Short non-prose lines tolerated inside a story (subheads, a photo credit, a one-line
# quote) before it ends; a list item always ends it.
_MAX_GAP_LINES = 3

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[\s:,-]*(.*)$", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"^\s*(?:published|posted|updated|first published)(?:\s+on)?\s*[:\-]?\s*(.+)$", re.IGNORECASE
)
_NAME = r"[A-Z][a-zA-Z'’.-]+(?:\s+(?:[A-Z][a-zA-Z'’.-]+|de|van|von|da|del|bin|al)){1,3}"
_BYLINE = re.compile(rf"^\s*by\s+({_NAME})\s*(?:[,|·–—-].*)?$", re.IGNORECASE)
_NAME_LINE = re.compile(rf"^\s*({_NAME})\s*$")
_EMAIL = re.compile(r"^\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


def lines(text: str) -> list[Line]:
    """Non-blank lines with their code-point spans (whitespace trimmed)."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def is_prose(s: str) -> bool:
    """A line that reads as running text: sentences, mostly lower-case words, not a list item."""
    words = _words(s)
    if len(words) < _MIN_PROSE_WORDS or _BULLET.match(s) or not _SENTENCE_END.search(s):
        return False
    lower = sum(w[0].islower() for w in words)
    return lower / len(words) >= 0.4


def is_headline(s: str) -> bool:
    """Title-case words without a closing full stop: how headlines are set."""
    words = _words(s)
    if not 4 <= len(words) <= 30 or s.rstrip().endswith(".") or _BULLET.match(s):
        return False
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised / len(words) >= 0.5


def suggest_body(text: str) -> tuple[int, int]:
    """The span of the longest run of prose lines; the whole text when there is none."""
    ls = lines(text)
    best: tuple[int, int] | None = None
    best_size = 0
    run_start: int | None = None
    run_end = 0
    size = 0
    gap = 0
    for ln in ls:
        if is_prose(ln.text):
            if run_start is None:
                run_start, size = ln.start, 0
            run_end = ln.end
            size += ln.end - ln.start
            gap = 0
            if size > best_size:
                best, best_size = (run_start, run_end), size
        elif run_start is not None:
            gap += 1
            if gap > _MAX_GAP_LINES or _BULLET.match(ln.text):
                run_start, gap = None, 0
    if best is None:
        stripped = text.strip()
        start = text.find(stripped[:1]) if stripped else 0
        return start, start + len(stripped)
    return best


@dataclass(frozen=True)
class PlainMetadata:
    """What the text itself says about the article."""

    title: str = ""
    author: str = ""
    published: date | None = None


def _parse_date(s: str) -> date | None:
    from dateutil import parser

    try:
        parsed: datetime = parser.parse(s, fuzzy=True, dayfirst=True)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date()


def plain_metadata(text: str, body: tuple[int, int]) -> PlainMetadata:
    """Title, author and date from the lines around the story (never from inside it)."""
    ls = lines(text)
    before = [ln for ln in ls if ln.end <= body[0]]
    after = [ln for ln in ls if ln.start >= body[1]]
    title, author, published = "", "", None
    for ln in before[:5]:
        m = _DATE_LINE.match(ln.text)
        if m:
            published = published or date.fromisoformat(m.group(1))
            title = title or m.group(2).strip()
            continue
        m = _PUBLISHED.match(ln.text)
        if m and published is None:
            published = _parse_date(m.group(1))
    for ln in (*before, *after):
        m = _BYLINE.match(ln.text)
        if m:
            author = m.group(1)
            break
    if not author:
        # A signature: a name on the line above an e-mail address.
        for prev, ln in zip((*before, *after), (*before, *after)[1:], strict=False):
            m = _NAME_LINE.match(prev.text)
            if m and _EMAIL.match(ln.text):
                author = m.group(1)
                break
    if not title:
        heads = [ln.text for ln in before if is_headline(ln.text)]
        title = heads[-1] if heads else ""
    return PlainMetadata(" ".join(title.split()), author, published)
