"""Originating sources as things: registry matching, independence, and the tag evidence suggests.

A typed or detected name ("Ryder", "Maj. Gen. Pat Ryder", "Pentagon press secretary") is
matched against registry entries by name and aliases (exact, surname, acronym, containment,
then rapidfuzz). Evidence counts by originating source; sources sharing an affiliation count
once unless independence is set per person; outlets relaying one statement add nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rapidfuzz import fuzz, process

from fact_gui.domain.lexicon import word_set
from fact_gui.domain.tags import Tag

# Titles and ranks dropped before matching: "Maj. Gen. Pat Ryder" is "Pat Ryder".
_TITLES = word_set(
    """mr mrs ms mx dr prof professor sir dame lord lady gen general maj major col colonel lt
    lieutenant capt captain sgt sergeant adm admiral cmdr commander brig brigadier gov
    governor sen senator rep representative rev hon judge justice president pm minister
    secretary spokesperson spokesman spokeswoman"""
)
_DROP = word_set("the a an of for and")
_PUNCT = re.compile(r"[^\w\s]")
# A suggestion is offered from this score (0-100) and the best is taken on its own from
# MATCH_SURE when no other entry is within AMBIGUOUS of it.
MATCH_OFFER = 75.0
MATCH_SURE = 88.0
AMBIGUOUS = 3.0


def _fold(text: str) -> str:
    """Lower case without accents, possessives or punctuation: "Ukraine’s" -> "ukraine"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’]s\b", "", text)
    return " ".join(_PUNCT.sub(" ", text).lower().split())


def normalise_name(text: str) -> str:
    """The form names are compared in: folded, titles and ranks removed."""
    words = _fold(text).split()
    kept = [w for w in words if w not in _TITLES]
    return " ".join(kept or words)


def _initials(text: str) -> str:
    words = [w for w in _fold(text).split() if w not in _DROP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


@dataclass(frozen=True, slots=True)
class Source:
    """One originating source: a person or a body, with aliases and an affiliation."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()
    affiliation: str = ""  # "US government"; "" when it speaks only for itself
    kind: str = "person"  # "person" or "body"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def merged(keep: Source, other: Source) -> Source:
    """``keep`` with ``other``'s names as aliases (and its affiliation if ``keep`` has none)."""
    seen = {normalise_name(n) for n in keep.names}
    extra = tuple(n for n in other.names if normalise_name(n) not in seen)
    return replace(
        keep,
        aliases=(*keep.aliases, *dict.fromkeys(extra)),
        affiliation=keep.affiliation or other.affiliation,
    )


@dataclass(frozen=True, slots=True)
class Match:
    """A registry entry offered for a typed name, with the score and why."""

    source: Source
    score: float  # 0..100
    matched: str  # the name or alias that matched
    why: str


@dataclass(slots=True)
class _Entry:
    source: Source
    written: str
    norm: str
    tokens: tuple[str, ...]
    initials: str


class Registry:
    """Sources to match names against; build once, match many times."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.sources = list(sources)
        self._entries: list[_Entry] = []
        for s in self.sources:
            for n in s.names:
                norm = normalise_name(n)
                if norm:
                    self._entries.append(_Entry(s, n, norm, tuple(norm.split()), _initials(n)))
        self._norms = [e.norm for e in self._entries]

    def match(self, typed: str, limit: int = 5) -> list[Match]:
        """Entries for ``typed``, best first, one per source, scored 0-100 (>= MATCH_OFFER)."""
        norm = normalise_name(typed)
        if not norm:
            return []
        tokens = norm.split()
        acronym = typed.strip().strip("()").isupper() and len(typed.strip()) >= 2
        best: dict[int, Match] = {}

        def offer(e: _Entry, score: float, why: str) -> None:
            cur = best.get(e.source.id)
            if cur is None or score > cur.score:
                best[e.source.id] = Match(e.source, score, e.written, why)

        for e in self._entries:
            if e.norm == norm:
                offer(e, 100.0, f"same as {e.written!r}")
            elif acronym and e.initials == norm.replace(" ", ""):
                offer(e, 96.0, f"initials of {e.written!r}")
            elif len(tokens) == 1 and e.source.kind == "person" and tokens[0] == e.tokens[-1]:
                offer(e, 92.0, f"surname of {e.written!r}")
            if _contains(tokens, e.tokens) and (len(e.tokens) >= 2 or len(e.norm) >= 3):
                offer(e, 95.0 if len(e.tokens) >= 2 else 90.0, f"contains {e.written!r}")
        for _, score, k in process.extract(
            norm, self._norms, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=MATCH_OFFER
        ):
            e = self._entries[k]
            # fuzzy alone never beats an exact reading; and never "sure" unless close
            offer(e, min(float(score), 94.0), f"spelt like {e.written!r} ({score:.0f})")
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.source.name))
        return [m for m in ranked if m.score >= MATCH_OFFER][:limit]

    def best(self, typed: str) -> Match | None:
        """The one entry ``typed`` surely names, or None when unsure or ambiguous."""
        found = self.match(typed, limit=2)
        if not found or found[0].score < MATCH_SURE:
            return None
        if len(found) > 1 and found[0].score - found[1].score < AMBIGUOUS:
            return None
        return found[0]


def _contains(hay: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return any(tuple(hay[i : i + n]) == tuple(needle) for i in range(len(hay) - n + 1))


# ---------------------------------------------------------------- independence
class Stance(StrEnum):
    """What an evidence item does for a claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"


class Independence(StrEnum):
    """What counts as one source: an affiliation (default) or each person or body."""

    AFFILIATION = "affiliation"
    PERSON = "person"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One evidence item as the independence count sees it."""

    source: Source | None  # the originating source; None when nobody is named
    stance: Stance
    outlet: str = ""  # who relayed it (a newspaper, an agency); not a source of its own
    credible: bool = True  # a contradiction the analyst does not find credible is set False


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The tag the evidence suggests (None: no suggestion) and why, in words."""

    tag: Tag | None
    reason: str
    supporting: tuple[str, ...] = ()  # independent supporting sources, as labels
    contradicting: tuple[str, ...] = ()
    unnamed: int = 0  # evidence items with no originating source (not counted)

    def disagrees(self, tag: Tag | None) -> bool:
        """Whether the analyst's tag differs from a suggestion (no suggestion never disagrees)."""
        return self.tag is not None and tag is not None and tag != self.tag

    def disagreement(self, tag: Tag | None) -> str:
        """The difference in words, for the reviewer and the CSV ("" when they agree)."""
        if not self.disagrees(tag) or self.tag is None or tag is None:
            return ""
        return f"tagged {tag.label}, evidence suggests {self.tag.label}: {self.reason}"


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int, noun: str) -> str:
    word = _NUMBERS[n] if n < len(_NUMBERS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"


def _join(labels: Sequence[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _key(source: Source, level: Independence) -> str:
    if level is Independence.AFFILIATION and source.affiliation:
        return "aff:" + normalise_name(source.affiliation)
    return f"src:{source.id}"


def suggest_tag(
    evidence: Iterable[Evidence], level: Independence = Independence.AFFILIATION
) -> Suggestion:
    """The tag newsroom practice gives this evidence, with the reason.

    Two or more independent supporting sources and no credible contradiction: confirmed;
    a credible contradiction: disputed; one independent source: single-source; none: no
    suggestion. Items are counted by originating source (outlets relaying it add nothing);
    at affiliation level, sources sharing an affiliation count once.
    """
    items = list(evidence)
    unnamed = sum(1 for e in items if e.source is None and e.stance is not Stance.CONTEXT)
    groups: dict[Stance, dict[str, list[Source]]] = {Stance.SUPPORTS: {}, Stance.CONTRADICTS: {}}
    statements = {Stance.SUPPORTS: 0, Stance.CONTRADICTS: 0}
    outlets: dict[int, set[str]] = {}
    for e in items:
        if e.source is None or e.stance is Stance.CONTEXT:
            continue
        if e.stance is Stance.CONTRADICTS and not e.credible:
            continue
        statements[e.stance] += 1
        members = groups[e.stance].setdefault(_key(e.source, level), [])
        if e.source not in members:
            members.append(e.source)
            members.sort(key=lambda m: (m.name, m.id))
        if e.outlet:
            outlets.setdefault(e.source.id, set()).add(e.outlet)

    def label(members: list[Source]) -> str:
        first = members[0]
        if level is Independence.AFFILIATION and first.affiliation and len(members) > 1:
            return f"{first.affiliation} ({_join([m.name for m in members])})"
        if level is Independence.AFFILIATION and first.affiliation:
            return f"{first.name} ({first.affiliation})"
        return first.name

    sup = sorted(label(m) for m in groups[Stance.SUPPORTS].values())
    con = sorted(label(m) for m in groups[Stance.CONTRADICTS].values())
    relayed = sorted(
        f"{_count(len(o), 'outlet')} relaying {s.name}"
        for g in groups[Stance.SUPPORTS].values()
        for s in g
        if len(o := outlets.get(s.id, set())) > 1
    )
    notes = []
    if relayed:
        notes.append("; ".join(relayed) + " count once")
    if unnamed:
        notes.append(f"{_count(unnamed, 'item')} with no originating source not counted")
    tail = f" ({'; '.join(notes)})" if notes else ""
    if con:
        reason = (
            f"supported by {_join(sup)}; contradicted by {_join(con)}"
            if sup
            else f"contradicted by {_join(con)}"
        )
        return Suggestion(Tag.DISPUTED, reason + tail, tuple(sup), tuple(con), unnamed)
    if len(sup) >= 2:
        reason = f"{_count(len(sup), 'independent supporting source')}: {_join(sup)}"
        return Suggestion(Tag.CONFIRMED, reason + tail, tuple(sup), (), unnamed)
    if len(sup) == 1:
        (members,) = groups[Stance.SUPPORTS].values()
        n = statements[Stance.SUPPORTS]
        if len(members) > 1:
            reason = (
                f"{_count(n, 'supporting statement')}, all {members[0].affiliation}: "
                f"{_join([m.name for m in members])} count as one source"
            )
            if len(members) == 2:
                reason = reason.replace(", all ", ", both ", 1)
        else:
            reason = f"one supporting source: {sup[0]}"
            if n > 1:
                reason = f"{_count(n, 'supporting statement')}, all from {sup[0]}"
        return Suggestion(Tag.SINGLE_SOURCE, reason + tail, tuple(sup), (), unnamed)
    reason = "no supporting or contradicting source yet"
    return Suggestion(None, reason + tail, (), (), unnamed)
