"""Find a claim again in a new version of its article's text, or say why it cannot be placed.

A claim is anchored the way a W3C ``TextQuoteSelector`` holds it: the quoted
text with a little context either side, plus where it was. In the new text it is
looked for in this order:

1. the exact quote, at word boundaries; of several, the one whose context
   matches best, then the nearest to where the old position maps to;
2. the same words (case, spacing, line breaks, typographic quotes and
   punctuation between words may differ);
3. fuzzy (rapidfuzz) near where it should be, then anywhere: a candidate whose
   words differ only by spelling is placed; one where a figure changed or words
   were added, removed or replaced is *not* carried, because the claim's tag
   and note are a verdict on the old words (a "Confirmed" 10,000 is not a
   confirmed 11,000). It is reported with the candidate and the reason, so the
   analyst can tag the new wording on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from fact_gui.domain.diff import Diff, diff, is_figure, is_word, tokens
from fact_gui.domain.text import snap_span

# Characters of context kept either side of a quote (W3C prefix / suffix).
CONTEXT = 32
# A candidate needs at least this fuzzy score (0-100) to be reported at all.
CANDIDATE_MIN = 60.0
# Exact matches farther than NEAR characters from the expected place need this much context
# (the word diff maps an unchanged quote exactly; only spacing changes make it drift).
CONTEXT_MIN = 60.0
NEAR = 40
# A changed candidate this close (fuzzy score) is the claim's sentence, reworded.
STRONG = 80.0
# Characters searched either side of the expected place before searching everywhere.
WINDOW = 2_000
# A spelling correction: each changed word at least this similar (0-1) to the old one.
SPELLING_MIN = 0.7


class Anchor(NamedTuple):
    """A claim's quote with its context (a W3C TextQuoteSelector) and its old position."""

    exact: str
    prefix: str
    suffix: str
    start: int


class Method(StrEnum):
    """How a claim was found in the new text."""

    EXACT = "exact"  # the same text where the diff maps it, or the only place with it
    CONTEXT = "context"  # one of several places with the same text, chosen by context
    WORDS = "words"  # the same words; spacing, case or punctuation differ
    FUZZY = "fuzzy"  # the same words but for spelling corrections


@dataclass(frozen=True)
class Placed:
    """Where the claim now is; ``quote`` is the new text's slice there."""

    start: int
    end: int
    method: Method
    score: float
    quote: str

    def changed(self, anchor: Anchor) -> bool:
        return self.quote != anchor.exact


@dataclass(frozen=True)
class Unplaced:
    """Why a claim could not be carried; the nearest candidate, if one resembles it."""

    reason: str
    candidate: tuple[int, int] | None = None
    candidate_quote: str = ""
    figure_changed: bool = False
    score: float = 0.0


Placement = Placed | Unplaced


def selector(text: str, start: int, end: int, context: int = CONTEXT) -> Anchor:
    """The anchor of ``text[start:end]``."""
    return Anchor(text[start:end], text[max(0, start - context) : start],
                  text[end : end + context], start)  # fmt: skip


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _cuts_word(before: str, quote: str, after: str) -> bool:
    """The quote begins or ends inside a word (the analyst selected part of one).

    ``before`` and ``after`` are the text either side (only their nearest character counts).
    """
    return bool(
        (before and quote and _word_char(before[-1]) and _word_char(quote[0]))
        or (after and quote and _word_char(quote[-1]) and _word_char(after[0]))
    )


def _key(token: str) -> str:
    """A word as compared across versions: case and typographic apostrophes ignored."""
    return token.casefold().replace("’", "'")


def _context_score(anchor: Anchor, text: str, start: int, end: int) -> float:
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return (fuzz.ratio(anchor.prefix, before) + fuzz.ratio(anchor.suffix, after)) / 2


def _best(
    anchor: Anchor, text: str, spans: Iterable[tuple[int, int]], expected: int
) -> tuple[tuple[int, int], float, bool] | None:
    """The most plausible span: best context (in steps of 5), then nearest to ``expected``.

    Returns it with its context score and whether it is trustworthy on its own
    (near the expected place, or with matching context).
    """
    scored = [(s, e, _context_score(anchor, text, s, e)) for s, e in spans]
    if not scored:
        return None
    s, e, ctx = min(scored, key=lambda c: (-round(c[2] / 5), abs(c[0] - expected), c[0]))
    return (s, e), ctx, ctx >= CONTEXT_MIN or abs(s - expected) <= NEAR


def _exact_spans(anchor: Anchor, text: str) -> list[tuple[int, int]]:
    q = anchor.exact
    partial = _cuts_word(anchor.prefix, q, anchor.suffix)
    out = []
    i = text.find(q)
    while i >= 0:
        if partial or not _cuts_word(text[i - 1 : i], q, text[i + len(q) : i + len(q) + 1]):
            out.append((i, i + len(q)))
        i = text.find(q, i + 1)
    return out


def _words(text: str) -> list[str]:
    return [t.text for t in tokens(text) if is_word(t.text)]


def _word_spans(anchor: Anchor, text: str) -> list[tuple[int, int]]:
    """Spans holding the quote's words in order, with only spacing or punctuation between.

    Case and typographic apostrophes are ignored. A pattern search: no index of
    the whole text's words is needed for the few claims that get this far.
    """
    words = _words(anchor.exact)
    if not words:
        return []
    parts = [re.escape(w).replace("'", "['’]").replace("’", "['’]") for w in words]
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)", re.IGNORECASE)
    return [_with_edges(anchor.exact, text, m.start(), m.end()) for m in pattern.finditer(text)]


def _with_edges(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span of words over the punctuation the quote had at its ends (quote marks)."""
    lead = len(quote) - len(quote.lstrip("\"'“”‘’«»()[]¡¿-–—.,;:!?…"))
    trail = len(quote) - len(quote.rstrip("\"'“”‘’«»()[]-–—.,;:!?…"))
    while lead and start > 0 and not text[start - 1].isspace() and not _word_char(text[start - 1]):
        start, lead = start - 1, lead - 1
    while trail and end < len(text) and not text[end].isspace() and not _word_char(text[end]):
        end, trail = end + 1, trail - 1
    return start, end


def _fuzzy_region(
    quote: str, text: str, lo: int, hi: int, exclude: Sequence[tuple[int, int]] = ()
) -> tuple[tuple[int, int], float] | None:
    """The best fuzzy match of ``quote`` in ``text[lo:hi]``, snapped to whole words.

    ``exclude``: spans blanked out first (the old words found elsewhere), so the
    search finds what now stands where the quote was.
    """
    if hi - lo <= 0:
        return None
    window = text[lo:hi]
    for s, e in exclude:
        if s < hi and e > lo:
            a, b = max(s, lo) - lo, min(e, hi) - lo
            window = window[:a] + " " * (b - a) + window[b:]
    m = fuzz.partial_ratio_alignment(quote, window, score_cutoff=CANDIDATE_MIN)
    if m is None or m.score < CANDIDATE_MIN:
        return None
    span = snap_span(text, lo + m.dest_start, lo + m.dest_end)
    return (span, m.score) if span is not None else None


def _refine(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Of the word runs around a rough match, the one most like the quote.

    The rough match has the quote's length, so a quote that gained or lost a
    word is cut mid-way; trying runs of a few words more or less around it
    finds the whole new wording.
    """
    lo, hi = max(0, start - 200), min(len(text), end + 200 + len(quote))
    words = [t for t in tokens(text[lo:hi]) if is_word(t.text)]
    if lo > 0 and words and words[0].start == 0:
        words = words[1:]  # may be the tail of a word cut by the window
    keys = [_key(w) for w in _words(quote)]
    n = len(keys)
    first = next((i for i, t in enumerate(words) if lo + t.end > start), len(words))
    best: tuple[int, float, float, int, int] = (-1, -1.0, -1.0, start, end)
    for i in range(max(0, first - 2), min(len(words), first + 3)):
        for k in range(max(1, n - 3), n + 4):
            j = i + k - 1
            if j >= len(words):
                break
            s, e = lo + words[i].start, lo + words[j].end
            run = [_key(w.text) for w in words[i : j + 1]]
            # A run that begins and ends with the quote's own first and last words keeps
            # what was put inside ("Kirby [did not] say…"); then the fewest word edits,
            # then characters.
            edges = (run[0] == keys[0]) + (run[-1] == keys[-1])
            similar = Levenshtein.normalized_similarity(keys, run)
            score = (edges, similar, fuzz.ratio(quote, text[s:e]), s, e)
            if score > best:
                best = score
    return best[3], best[4]


def _quoted(words: Sequence[str]) -> str:
    return "“" + " ".join(words) + "”" if words else "nothing"


def _spelling(a: str, b: str) -> bool:
    """``b`` corrects the spelling of ``a`` ("goverment" -> "government").

    A word that only gained or lost a beginning or an ending is another word,
    often the opposite one ("confirmed" -> "unconfirmed", "could" -> "couldn't").
    """
    if a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a):
        return False
    return Levenshtein.normalized_similarity(a, b) >= SPELLING_MIN


def _judge(anchor: Anchor, new_quote: str) -> tuple[bool, str, bool]:
    """Whether ``new_quote`` says what the anchored quote said; else the reason in words.

    Returns (carry, reason, figure changed).
    """
    a, b = _words(anchor.exact), _words(new_quote)
    ka, kb = [_key(w) for w in a], [_key(w) for w in b]
    figures: list[str] = []
    added: list[str] = []
    removed: list[str] = []
    reworded: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old, new = a[i1:i2], b[j1:j2]
        if any(is_figure(w) for w in old + new):
            figures.append(
                f"{_quoted(old) if old else 'nothing'} → {_quoted(new) if new else 'nothing'}"
            )
        elif tag == "insert":
            added.extend(new)
        elif tag == "delete":
            removed.extend(old)
        elif len(old) != len(new) or not all(
            _spelling(_key(x), _key(y)) for x, y in zip(old, new, strict=True)
        ):
            reworded.append(f"{_quoted(old)} → {_quoted(new)}")
    if figures:
        return False, "a figure changed: " + "; ".join(figures), True
    parts = []
    if reworded:
        parts.append("reworded " + "; ".join(reworded))
    if added:
        parts.append("words added " + _quoted(added))
    if removed:
        parts.append("words removed " + _quoted(removed))
    if parts:
        return False, "the wording changed: " + ", ".join(parts), False
    return True, "", False


class Finder:
    """Places anchors in one new text.

    ``budget`` bounds the characters the whole-text fuzzy search may scan over
    all claims, so a long article whose claims are mostly gone stays quick.
    """

    def __init__(self, new_text: str, budget: int = 50_000_000) -> None:
        self.text = new_text
        self.budget = budget

    def place(self, anchor: Anchor, expected: int | None = None) -> Placement:
        text = self.text
        if not anchor.exact.strip():
            return Unplaced("the claim has no text to look for")
        want = min(max(0, anchor.start if expected is None else expected), len(text))
        q = anchor.exact
        # Unchanged text: the word diff maps the quote straight to its new place.
        if text.startswith(q, want) and (
            _cuts_word(anchor.prefix, q, anchor.suffix)
            or not _cuts_word(text[want - 1 : want], q, text[want + len(q) : want + len(q) + 1])
        ):
            return self._placed((want, want + len(q)), Method.EXACT, 100.0)
        held: list[tuple[tuple[int, int], float, Method]] = []
        exact = _exact_spans(anchor, text)
        found = _best(anchor, text, exact, want)
        if found is not None:
            span, ctx, sure = found
            method = Method.EXACT if len(exact) == 1 else Method.CONTEXT
            if sure:
                return self._placed(span, method, ctx)
            held.append((span, ctx, method))
        if not _words(q):
            # Only punctuation or emoji: nothing to recognise it by but itself.
            if held:
                span, ctx, method = held[0]
                return self._placed(span, method, ctx)
            return Unplaced("the quoted text is no longer in this version")
        same = [s for s in _word_spans(anchor, text) if s not in exact]
        found = _best(anchor, text, same, want)
        if found is not None:
            span, ctx, sure = found
            if sure:
                return self._placed(span, Method.WORDS, ctx)
            held.append((span, ctx, Method.WORDS))
        lo, hi = max(0, want - WINDOW), min(len(text), want + len(anchor.exact) + WINDOW)
        near = self._fuzzy(anchor, lo, hi, exclude=exact + same)
        # Where it was, the sentence is still there but says something else: that is the
        # news, even if the old words also appear elsewhere.
        if near is not None and (not held or isinstance(near, Placed) or near.score >= STRONG):
            return near
        if held:
            # Nothing like it where it was: the same words elsewhere mean it moved.
            span, ctx, method = max(held, key=lambda h: h[1])
            return self._placed(span, method, ctx)
        if len(text) > hi - lo and self.budget >= len(text):
            self.budget -= len(text)
            anywhere = self._fuzzy(anchor, 0, len(text))
            if anywhere is not None:
                return anywhere
        return Unplaced("the quoted text is no longer in this version")

    def _placed(self, span: tuple[int, int], method: Method, score: float) -> Placed:
        s, e = span
        return Placed(s, e, method, round(score, 1), self.text[s:e])

    def _fuzzy(
        self, anchor: Anchor, lo: int, hi: int, exclude: Sequence[tuple[int, int]] = ()
    ) -> Placement | None:
        rough = _fuzzy_region(anchor.exact, self.text, lo, hi, exclude)
        if rough is None:
            return None
        (s, e), _score = rough
        s, e = _refine(anchor.exact, self.text, s, e)
        quote = self.text[s:e]
        score = round(fuzz.ratio(anchor.exact, quote), 1)
        carry, reason, figure = _judge(anchor, quote)
        if carry:
            same_words = [_key(w) for w in _words(quote)] == [_key(w) for w in _words(anchor.exact)]
            return Placed(s, e, Method.WORDS if same_words else Method.FUZZY, score, quote)
        return Unplaced(reason, (s, e), quote, figure, score)


def place(anchor: Anchor, new_text: str, expected: int | None = None) -> Placement:
    """Where ``anchor`` is in ``new_text`` (``expected``: where its old position maps to)."""
    return Finder(new_text).place(anchor, expected)


def relocate(
    old_text: str, new_text: str, spans: Sequence[tuple[int, int]], changes: Diff | None = None
) -> list[Placement]:
    """Place each span of ``old_text`` in ``new_text``; the word diff says where to look first."""
    d = changes if changes is not None else diff(old_text, new_text)
    finder = Finder(new_text)
    return [finder.place(selector(old_text, s, e), d.map_offset(s)) for s, e in spans]
