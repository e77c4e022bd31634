"""Plain text of an article: find the story, trim only page furniture, read its metadata lines.

A clean article (headline, dateline or byline, paragraphs) is kept whole: only the lines read
as its title, date and byline are left out of the text, because they become its fields. Text
copied from a web page also carries furniture -- menus, counters, share lines, link lists,
"You May Also Like" -- and only there is more trimmed. The kept text is always one span, so
a paragraph between two kept paragraphs is never trimmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Literal, NamedTuple

from fact_gui.domain.dates import parse_date

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣*\-–—]|\d{1,3}[.)]|\[\w+\])\s")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_MIN_PROSE_WORDS = 8
# Share of words starting with a capital above which a line reads as a headline or a link.
_CAPITALISED = 0.6

# Page furniture, matched against a whole (short) line.
_FURNITURE_LINE = re.compile(
    r"""^(?:
        (?:\[\w+\]\s*)?(?:you\ (?:may|might)\ (?:also\ )?(?:like|enjoy)
          |popular(?:\ now|\ posts|\ stories)?
          |must[- ]reads?|most\ (?:read|popular|viewed|shared)
          |latest(?:\ stories|\ news|\ articles)?
          |related(?:\ articles|\ stories|\ news|\ coverage|\ content|\ posts|\ topics)?
          |recommended(?:\ for\ you|\ stories|\ reading)?|trending(?:\ now|\ stories)?
          |more\ (?:from|on|stories|news|like\ this)\b.*|read\ (?:more|next|also)\b.*|top\ stories
          |editor'?s\ picks|don'?t\ miss|in\ other\ news|see\ also|further\ reading)
        |(?:\d+\ )?comments?\ *[(:]?\ *\d*\)?
        |(?:leave|post|add|show|view|load)\ (?:a\ |all\ |more\ )?comments?\b.*
        |join\ the\ (?:conversation|discussion)\b.*
        |share(?:\ (?:it|this|on|via|article|story)\b.*|\ ?[:.…].*)?
        |tweet|pin\ it|copy\ link|e-?mail|print|whatsapp|facebook|twitter|x|linkedin|telegram|reddit
        |menu|search|home|log\ ?in|sign\ in|register|subscribe|close|next|previous|back\ to\ top
        |advertisement|sponsored(?:\ content)?|loading…?|listen\ to\ this\ article.*
        |\d+\ min(?:ute)?s?\ read
        |[\W\d_]+|-*ends-*|\#\#\#
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Furniture that ends a story when it comes in a block: lists of other articles, comments.
_ENDS_STORY = re.compile(
    r"you (?:may|might)|popular|must[- ]read|most (?:read|popular|viewed|shared)|latest|related"
    r"|recommended|trending|more (?:from|stories|news|like)|top stories|editor|don'?t miss"
    r"|comments?|conversation|discussion|share|©|all rights reserved",
    re.IGNORECASE,
)
# Furniture anywhere in a line: skip links, legal footers, cookie banners...
_FURNITURE_IN = re.compile(
    r"©|\(c\) \d{4}|all rights reserved|skip to (?:main )?content|quick access to|direct access to"
    r"|privacy policy|terms (?:of|and) (?:use|service|conditions)|cookie (?:policy|settings)"
    r"|accept (?:all )?cookies|sign up (?:for|to) (?:our|the)",
    re.IGNORECASE,
)
# ... and counters at its end ("1.2k views"): a match starts at most 8 characters from the end.
_COUNTER_END = re.compile(r"(?:^|\s)(?:views?|likes?|shares?)$", re.IGNORECASE)
_COUNTER_CHARS = 8
# Each phrase _FURNITURE_IN matches holds one of these once its letters are folded as the
# regex's IGNORECASE folds them: ASCII letters in either case, and these four, which match
# ASCII letters (and which str.lower() alone would not fold to them).
_PHRASE_KEYS = (
    "©", "(c) ", "all rights reserved", "skip to ", "quick access to", "direct access to",
    "privacy policy", "terms ", "cookie ", "accept ", "sign up ",
)  # fmt: skip
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"})
# _surely_prose knows these five characters.
_NAV_SEPARATORS = re.compile(r"\s[|•·»›]\s")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATE_LINE = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})\b[\s:,-]*(.*)$", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"^(?:first\s+)?(?:published|posted|updated|last\s+updated|issued|released)(?:\s+on)?\s*:?\s*(.+)$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written\s+by|words\s+by|from)\s+(.+)$", re.IGNORECASE)
_PARTS = re.compile(r"\s+[—–|·-]\s+|\s*\|\s*|\s*[—–]\s*")
_PARTICLES = frozenset(
    ("de", "del", "della", "der", "di", "da", "dos", "du", "la", "le", "van", "von", "bin",
     "al", "el", "ibn", "ter", "ten", "und", "and", "y", "e")
)  # fmt: skip
# How many lines at each end of the text are read for metadata.
_HEADER_LINES = 12

Kind = Literal["prose", "story", "furniture", "meta", "other"]


class Line(NamedTuple):
    """A non-blank line: its code-point span in the text and its text, whitespace trimmed."""

    start: int
    end: int
    text: str


def lines(text: str) -> list[Line]:
    """Non-blank lines with their code-point spans (whitespace trimmed)."""
    out = []
    pos = 0
    new = tuple.__new__  # skips NamedTuple's Python-level __new__ (a line of every text)
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            # Most lines have no surrounding whitespace: no need to measure it.
            lead = 0 if len(stripped) == len(raw) else len(raw) - len(raw.lstrip())
            out.append(new(Line, (pos + lead, pos + lead + len(stripped), stripped)))
        pos += len(raw) + 1
    return out


def _capitalised_share(words: list[str]) -> float:
    # The first 40 words tell; a long paragraph need not be counted to its end.
    head = words[:40]
    return sum(1 for w in head if w[0].isupper()) / len(head) if head else 0.0


# The prose certificate (``_surely_prose``) reads a line's UTF-8 bytes through two tables:
# one keeps ASCII letters (as "a") and ASCII whitespace (as " ") and drops every other byte
# (digits, punctuation, all bytes of non-ASCII characters); the other keeps only ASCII
# capitals and the lead bytes of non-ASCII characters (one per character).
_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_SPACES = b" \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
_AS_WORDS = bytes.maketrans(_LETTERS + _SPACES, b"a" * len(_LETTERS) + b" " * len(_SPACES))
_NOT_WORDS = bytes(b for b in range(256) if b not in _LETTERS + _SPACES)
_NOT_CAPITALS = bytes(b for b in range(256) if not (65 <= b <= 90 or b >= 0xC0))
# The first 40 words of a paragraph sit within its first 320 characters, as a rule.
_HEAD_CHARS = 320


def _surely_prose(s: str) -> bool:
    """A cheap proof that ``_kind(s)`` is "prose"; False when there is none.

    Paragraphs are most of an article's lines and characters, and reading every word
    of each (``_WORD.findall``) was most of the time an import took. What makes a
    line prose is: at least 8 words, at most 60% of its first 40 words capitalised,
    not a list item, not furniture -- and a line of 9 words or more is furniture only
    as a list item, a menu (separators) or, below 26 words, for a legal or cookie
    phrase, a skip link or a counter. Bounds computed in C prove that much:

    * every whitespace-separated token holding an ASCII letter holds at least one
      word, and words never span whitespace: such tokens are a lower bound on the words;
    * a capitalised word starts with an ASCII capital or a non-ASCII character: their
      count bounds the capitalised words from above.

    When the bounds settle nothing (short lines, capitals, other scripts, separators,
    list marks), ``_kind`` reads every word as before.
    """
    # Spelled out: five ``in`` tests cost a tenth of a regex search or a loop over them.
    if "|" in s or "•" in s or "·" in s or "»" in s or "›" in s or _BULLET.match(s):
        return False
    parts = (s[:_HEAD_CHARS], s) if len(s) > _HEAD_CHARS else (s,)
    for part in parts:
        raw = part.encode("utf-8", "surrogatepass")
        words = raw.translate(_AS_WORDS, _NOT_WORDS)
        tokens = words.count(b" a") + (words[:1] == b"a")
        capitals = len(raw.translate(None, _NOT_CAPITALS))
        if part is s:
            # All the words of the line: its capitals bound those among the first 40. Below
            # 26 words a line can still be a legal line or a banner: rule that out too.
            if tokens >= 9 and 5 * capitals <= 3 * min(tokens, 40):
                return tokens >= 26 or not _furniture_phrase(s)
        elif tokens >= 40 and 5 * capitals <= 3 * 40:
            # The first 40 words start in this head: its capitals bound theirs.
            return True
    return False


def _kind(s: str) -> Kind:
    """What a line is: furniture, prose (a paragraph), story (a short sentence) or other."""
    return "prose" if _surely_prose(s) else _read_kind(s)


def _read_kind(s: str) -> Kind:
    """``_kind`` read word by word (what ``_surely_prose`` spares most paragraphs)."""
    words = _WORD.findall(s)
    if _furniture(s, words):
        return "furniture"
    if len(words) >= 3 and _capitalised_share(words) <= _CAPITALISED:
        if len(words) >= _MIN_PROSE_WORDS and not _BULLET.match(s):
            return "prose"
        if len(words) >= 5 or _SENTENCE_END.search(s):
            return "story"
    return "other"


def is_prose(s: str) -> bool:
    """Running text: enough words, mostly not capitalised, not a list item, not furniture.

    No closing punctuation is required: paragraphs end in emoji, quotes or nothing.
    """
    return _kind(s) == "prose"


def is_headline(s: str) -> bool:
    """Title-case words without a closing full stop: how headlines and link lists are set."""
    words = _WORD.findall(s)
    if not 4 <= len(words) <= 30 or s.rstrip().endswith(".") or _BULLET.match(s):
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) >= 0.5


def is_furniture(s: str) -> bool:
    """A line that belongs to the page around a story, not to the story."""
    return _furniture(s, _WORD.findall(s))


def _furniture_phrase(s: str) -> bool:
    """A legal line, a skip link, a cookie banner or a counter (the regex asked only if it may)."""
    if _COUNTER_END.search(s, max(0, len(s) - _COUNTER_CHARS)):
        return True
    folded = s
    if not s.isascii() and ("\u0130" in s or "\u0131" in s or "\u212a" in s or "\u017f" in s):
        folded = s.translate(_FOLD)  # rare: a translation table is slow on every line
    folded = folded.lower()
    for key in _PHRASE_KEYS:
        if key in folded:
            return _FURNITURE_IN.search(s) is not None
    return False


def _furniture(s: str, words: list[str]) -> bool:
    if len(words) <= 8 and _FURNITURE_LINE.match(s.strip(" .…:>»·•")):
        return True
    if len(words) <= 25 and _furniture_phrase(s):
        return True
    if len(words) <= 60 and ("|" in s or "•" in s or "·" in s or "»" in s or "›" in s):
        separators = len(_NAV_SEPARATORS.findall(s))
        if separators >= 3 and len(words) <= 4 * (separators + 1):
            return True  # Home | World | Politics | Sport
    if _BULLET.match(s):
        item = _BULLET.sub("", s, count=1)
        item_words = _WORD.findall(item)
        # A list of links (headlines) or labels; a list of sentences is story.
        return len(item_words) <= 3 or (
            _capitalised_share(item_words) >= 0.5 and not _SENTENCE_END.search(item.rstrip())
        )
    # Section labels: DEBATE, ASIA.
    return 1 <= len(words) <= 2 and s.isupper() and len(s) <= 24


# -- metadata lines --------------------------------------------------------------------------
def _is_name(s: str) -> bool:
    """Two to five capitalised words (particles allowed): a person or a desk."""
    words = s.replace(",", " ").split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in s) or "@" in s:
        return False
    caps = [w for w in words if w[0].isupper() and any(ch.isalpha() for ch in w)]
    rest = [w for w in words if not (w[0].isupper() and any(ch.isalpha() for ch in w))]
    return len(caps) >= 2 and all(w.lower() in _PARTICLES for w in rest)


def _is_outlet(s: str) -> bool:
    words = s.split()
    return 1 <= len(words) <= 6 and s[:1].isupper() and not any(ch.isdigit() for ch in s)


def _looks_dated(s: str) -> bool:
    """Worth asking the date parser: has a four-digit year (cheap; the parser is not)."""
    return bool(re.search(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", s)) and len(s.split()) <= 10


@dataclass(frozen=True)
class MetaLine:
    """What one line says about the article."""

    title: str = ""
    author: str = ""
    outlet: str = ""
    published: date | None = None


def _parts_meta(parts: list[str], author_first: bool, anchored: bool = False) -> MetaLine | None:
    """``NAME | OUTLET | DATE`` and the like: each part a date, a name or an outlet."""
    author = outlet = ""
    published: date | None = None
    for i, part in enumerate(p.strip(" ,;") for p in parts):
        if not part:
            continue
        if published is None and _looks_dated(part) and (d := parse_date(part)):
            published = d
        elif i == 0 and author_first and _is_name(part):
            author = part
        elif not outlet and _is_outlet(part):
            outlet = part
        else:
            return None
    if published is None and not author and not anchored:
        return None  # an outlet alone is not enough to call a line metadata
    return MetaLine(author=author, outlet=outlet, published=published)


def read_meta_line(s: str) -> MetaLine | None:
    """The metadata a line states, if it is a dateline, byline or signature; else None."""
    s = s.strip().strip("*_").strip()
    if not s or len(s) > 200:
        return None  # before the cache: it would keep paragraphs of megabytes alive
    return _read_meta_line(s)


@lru_cache(maxsize=1024)
def _read_meta_line(s: str) -> MetaLine | None:
    if m := _DATE_LINE.match(s):
        try:
            day = date.fromisoformat(m.group(1))
        except ValueError:
            return None
        return MetaLine(title=" ".join(m.group(2).split()), published=day)
    if m := _PUBLISHED.match(s):
        rest = m.group(1)
        parts = _PARTS.split(rest)
        if _looks_dated(rest) and (d := parse_date(rest)):
            return MetaLine(published=d)
        got = _parts_meta(parts, author_first=False)
        if got is None and len(parts) == 1 and "," in rest:
            head, _, tail = rest.rpartition(",")
            if _looks_dated(head) and (d := parse_date(head)):
                return MetaLine(published=d)
            return _parts_meta([head, tail], author_first=False)
        return got
    if m := _BYLINE.match(s):
        rest = m.group(1)
        head, *more = [p for p in re.split(r"\s*[,|·—–]\s+|\s+-\s+|\s*\|\s*", rest) if p]
        if not (_is_name(head) or (len(head.split()) == 1 and head[:1].isupper())):
            return None
        tail = _parts_meta(more, author_first=False, anchored=True)
        if tail is None:
            return None
        return MetaLine(author=head, outlet=tail.outlet, published=tail.published)
    if ("|" in s or "·" in s) and 2 <= len(parts := _PARTS.split(s)) <= 4:
        return _parts_meta(parts, author_first=True)
    if m := re.match(r"^(.+?)\s*[,<(]\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[>)]?$", s):
        return MetaLine(author=m.group(1)) if _is_name(m.group(1)) else None
    if _looks_dated(s) and len(_WORD.findall(s)) <= 6 and (d := parse_date(s)):
        return MetaLine(published=d)
    return None


# -- the reading ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlainReading:
    """The suggested story span and what the lines around it say about the article."""

    body: tuple[int, int]
    title: str = ""
    author: str = ""
    outlet: str = ""
    published: date | None = None
    # Left out: lines read as metadata, and lines of page furniture.
    meta_lines: int = 0
    furniture_lines: int = 0


def _classify(ls: list[Line]) -> list[Kind]:
    texts = [ln.text for ln in ls]
    kinds = [_kind(t) for t in texts]
    # A label repeated on the next line (a logo and its caption) is furniture.
    for i, (a, b) in enumerate(pairwise(texts), 1):
        if a == b and len(_WORD.findall(a)) <= 5:
            kinds[i - 1] = kinds[i] = "furniture"
    return kinds


def _read_metadata(ls: list[Line], kinds: list[Kind]) -> dict[str, object]:
    """Metadata from the lines above and below the story; marks the lines it came from."""
    found: dict[str, object] = {}

    def take(i: int) -> bool:
        meta = read_meta_line(ls[i].text)
        if meta is None:
            return False
        kinds[i] = "meta"
        for key in ("title", "author", "outlet", "published"):
            value = getattr(meta, key)
            if value and key not in found:
                found[key] = value
        return True

    # A headline in sentence case reads like prose: the lines above a dateline at the top,
    # or a short first line without a closing full stop, are headings.
    top = [i for i in range(min(len(ls), 3 * _HEADER_LINES)) if kinds[i] != "furniture"][:4]
    dated = [i for i in top if read_meta_line(ls[i].text) is not None]
    for i in top:
        if (dated and i < dated[-1]) or (
            i == top[0]
            and len(top) > 1
            and len(_WORD.findall(ls[i].text)) <= 16
            and not _SENTENCE_END.search(ls[i].text)
        ):
            kinds[i] = "other" if kinds[i] == "prose" else kinds[i]

    def scan(order: range) -> list[int]:
        seen: list[int] = []
        for i in order:
            if kinds[i] == "furniture":
                continue
            if not take(i):
                if kinds[i] == "prose":
                    break
                seen.append(i)
            if len(seen) >= _HEADER_LINES:
                break
        return seen

    header = scan(range(len(ls)))
    last_prose = max((i for i, k in enumerate(kinds) if k == "prose"), default=len(ls))
    footer = scan(range(max(last_prose + 1, max(header, default=-1) + 1), len(ls)))
    if "author" not in found:
        # A signature: a name on the line above an e-mail address.
        for i in (*header, *footer):
            if (
                i + 1 < len(ls)
                and _is_name(ls[i].text)
                and _EMAIL.fullmatch(ls[i + 1].text.strip())
            ):
                found["author"] = ls[i].text
                kinds[i] = kinds[i + 1] = "meta"
                break
    if "title" not in found:
        # The headline: the first line above the story that is neither furniture nor metadata.
        heads = [i for i in header if kinds[i] in ("other", "story")]
        titled = [i for i in heads if is_headline(ls[i].text)] or heads
        pick = next((i for i in titled if len(_WORD.findall(ls[i].text)) >= 2), None)
        if pick is not None:
            found["title"] = " ".join(ls[pick].text.split())
            kinds[pick] = "meta"
    return found


def read_plain(text: str) -> PlainReading:
    """The story span (code points) and the metadata the text carries around it."""
    ls = lines(text)
    kinds = _classify(ls)
    found = _read_metadata(ls, kinds)
    if "prose" not in kinds:
        stripped = text.strip()
        start = text.find(stripped[:1]) if stripped else 0
        return PlainReading((start, start + len(stripped)), **found)  # type: ignore[arg-type]
    lo, hi = _best_block(ls, kinds)
    first = next(i for i in range(lo, hi + 1) if kinds[i] == "prose")
    last = next(i for i in range(hi, lo - 1, -1) if kinds[i] == "prose")
    # Widen over story and unlabelled lines until furniture or metadata.
    while first > lo and kinds[first - 1] in ("story", "other", "prose"):
        first -= 1
    while last < hi and kinds[last + 1] in ("story", "other", "prose"):
        last += 1
    left_out = [*range(first), *range(last + 1, len(ls))]
    return PlainReading(
        (ls[first].start, ls[last].end),
        meta_lines=sum(1 for i in left_out if kinds[i] == "meta"),
        furniture_lines=sum(1 for i in left_out if kinds[i] != "meta"),
        **found,  # type: ignore[arg-type]
    )


def _best_block(ls: list[Line], kinds: list[Kind]) -> tuple[int, int]:
    """Line indices (lo, hi) of the block with the most prose.

    Blocks are separated by runs of non-prose lines holding furniture that ends a story (a
    "You May Also Like" list, comment counters, share buttons), at least two furniture
    lines in all: one promo line between two paragraphs does not split the story.
    """
    breaks: list[tuple[int, int]] = []
    i = 0
    while i < len(ls):
        if kinds[i] == "prose":
            i += 1
            continue
        j = i
        while j < len(ls) and kinds[j] != "prose":
            j += 1
        run = range(i, j)
        furniture = [k for k in run if kinds[k] == "furniture"]
        if len(furniture) >= 2 and any(_ENDS_STORY.search(ls[k].text) for k in furniture):
            breaks.append((i, j - 1))
        i = j
    blocks: list[tuple[int, int]] = []
    lo = 0
    for b_lo, b_hi in breaks:
        if b_lo > lo:
            blocks.append((lo, b_lo - 1))
        lo = b_hi + 1
    if lo < len(ls):
        blocks.append((lo, len(ls) - 1))

    def prose_size(block: tuple[int, int]) -> int:
        return sum(
            ls[k].end - ls[k].start for k in range(block[0], block[1] + 1) if kinds[k] == "prose"
        )

    # One block (no furniture ends the story anywhere), as in most articles: nothing to weigh.
    return blocks[0] if len(blocks) == 1 else max(blocks, key=prose_size)


def suggest_body(text: str) -> tuple[int, int]:
    """The span of the story; the whole text when there is no prose to go by."""
    return read_plain(text).body
