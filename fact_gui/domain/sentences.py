"""Sentences and words of article text, as code-point spans of the stored (normalised) text."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from fact_gui.domain.lexicon import word_set

# Abbreviations after which a full stop never ends a sentence: titles and ranks
# ("Maj. Gen. Pat Ryder"), name parts and a few of running text.
_TITLES = word_set(
    """mr mrs ms mx dr prof gen maj col lt capt cpt sgt cpl pvt adm cmdr cdr brig gov sen rep
    rev fr st mt ft jr sr hon pres supt insp det messrs mme mlle esq amb
    co corp inc ltd bros no nos dept univ assn ave blvd rd apt fig vol"""
)
# Abbreviations written in lower case; the ones above count only when capitalised ("No. 10").
_LOWER_ABBREVIATIONS = word_set("vs v approx est cf pp fig nos")
# Month and weekday abbreviations end a sentence only when no number follows ("17 Dec. 2024").
_DATE_ABBREVIATIONS = word_set(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun"
)
# After an initialism ("U.S.", "a.m.") a sentence ends only if one of these words follows.
_STARTERS = word_set(
    """the a an he she it they we i you his her its their our this that these those there
    but and so yet or in on at for from with by as after before when while if although though
    however meanwhile still now then officials police some many most all no one"""
)
# A candidate boundary: terminal punctuation, closing quotes or brackets, then whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.’'-]*)$")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$|^[A-Z]\.$")
_WORD = re.compile(r"\w+(?:[’'.-]\w+)*")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text and where it is: ``source[start:end] == text``."""

    start: int
    end: int
    text: str


def _ends_sentence(text: str, stop: int, end: int) -> bool:
    """Whether the punctuation ``text[stop:end]`` (followed by whitespace) ends a sentence."""
    i = end
    n = len(text)
    while i < n and text[i] in " \t":
        i += 1
    if i >= n or text[i] == "\n":
        return True
    nxt = text[i]
    if nxt.islower():
        # "e.g. the", "?” he asked", "… and then": the sentence goes on.
        return False
    if text[stop] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, stop - 40), stop)
    before = word.group(1) if word else ""
    if end - stop > 1:
        return True  # "..." or a closing quote: never an abbreviation
    lower = before.lower()
    if lower in _LOWER_ABBREVIATIONS or (lower in _TITLES and before[:1].isupper()):
        return False
    next_word = _WORD.match(text, i)
    if lower in _DATE_ABBREVIATIONS:
        return not nxt.isdigit()
    if _INITIALISM.match(before + "."):
        # "John F. Kennedy", "the U.S. Army": only a typical sentence opener breaks.
        return next_word is not None and next_word.group(0).lower() in _STARTERS
    return True


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of ``text[start:end]``, trimmed; every line break also ends one."""
    stop_at = len(text) if end is None else min(end, len(text))
    out: list[Span] = []
    pos = start
    while pos < stop_at:
        line_end = text.find("\n", pos, stop_at)
        if line_end < 0:
            line_end = stop_at
        s = pos
        for m in _BOUNDARY.finditer(text, pos, line_end):
            if _ends_sentence(text, m.start(), m.end()):
                _append_trimmed(text, s, m.end(), out)
                s = m.end()
        _append_trimmed(text, s, line_end, out)
        pos = line_end + 1
    return out


def _append_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Span(start, end, text[start:end]))


def words(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Word tokens (letters and digits, with inner apostrophes, hyphens and dots)."""
    stop_at = len(text) if end is None else end
    return [Span(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, start, stop_at)]


def containing(spans: Sequence[Span], offset: int) -> int | None:
    """Index of the span that contains ``offset`` (or ends right at it), if any."""
    starts = [s.start for s in spans]
    i = bisect_right(starts, offset) - 1
    if i >= 0 and spans[i].start <= offset <= spans[i].end:
        return i
    return None


def overlapping(spans: Sequence[Span], start: int, end: int) -> list[int]:
    """Indices of the spans that share at least one character with ``[start, end)``."""
    return [i for i, s in enumerate(spans) if s.start < end and start < s.end]
