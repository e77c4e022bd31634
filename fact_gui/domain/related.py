"""Related passages: where other articles state the same thing, or a conflicting figure.

A passage is profiled once (entities, content terms, quotations, figures read in their
article's context) so ranking a few hundred pre-filtered candidates costs a few
milliseconds. Scores combine, with the reasons in words: shared entities and content terms
(TF-IDF cosine with the IDF taken over the candidate pool itself, so the words every
candidate shares with the claim, the ones the full-text pre-filter selected on, weigh
little), a shared quotation (a run of at least four words), and figures about the same
thing (agreeing, or conflicting: the ``conflict`` flag).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fact_gui.domain.lexicon import STOP_WORDS, singular, word_set
from fact_gui.domain.quantities import Quantity, Verdict, compare, extract_quantities
from fact_gui.domain.sentences import split_sentences

# A candidate is suggested from this score. Set on the seeds and the fixture articles
# (tests/unit/test_related.py checks related and unrelated pairs on both).
THRESHOLD = 0.30
W_TERMS = 0.45
W_ENTITIES = 0.30
W_QUOTE = 0.30
W_FIGURE = 0.35
MIN_QUOTE_WORDS = 4
ENTITY_FLOOR = 0.2
# Articles sharing this many names tell one story (their figures can be compared).
STORY_NAMES = 1

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of|for|the|de|al)?\s*[A-Z][\w'’.-]*)*")
_QUOTED = re.compile(r"[“\"«]([^”\"»]{8,})[”\"»]")
_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
# Capitalised words that start sentences or name days and months: not entities.
_NOT_ENTITIES = STOP_WORDS | word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december mr mrs ms dr gen maj lt col
    earlier later yesterday today meanwhile however"""
)
_DEMONYMS = {
    "ukrainian": "ukraine",
    "russian": "russia",
    "korean": "korea",
    "american": "america",
    "british": "britain",
    "french": "france",
    "german": "germany",
    "chinese": "china",
    "irish": "ireland",
    "european": "europe",
}


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence or paragraph of an article, where it is, and the article's metadata."""

    article_id: int
    start: int
    end: int
    text: str
    title: str = ""
    outlet: str = ""
    published: str = ""  # ISO date, as the article has it
    quantities: tuple[Quantity, ...] | None = None  # read in the article's context
    story: frozenset[str] = frozenset()  # the names the whole article mentions (normalised)


@dataclass(frozen=True, slots=True)
class Profile:
    """What ranking needs of a passage, computed once (at import, or cached)."""

    passage: Passage
    terms: dict[str, int]
    entities: dict[str, str]  # normalised token -> the entity as written
    words: tuple[str, ...]  # normalised running words, for shared quotations
    quotes: tuple[tuple[str, ...], ...]  # the quoted stretches, as normalised words
    quantities: tuple[Quantity, ...]
    story: frozenset[str]  # names in the article and its title: what story it tells


@dataclass(frozen=True, slots=True)
class Related:
    """A related passage, how strongly, whether its figures conflict, and why."""

    passage: Passage
    score: float
    conflict: bool
    reasons: tuple[str, ...]
    shared_entities: tuple[str, ...]
    shared_quote: str
    figures: tuple[tuple[Quantity, Quantity, Verdict], ...]

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def _term(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return _DEMONYMS.get(w, singular(w))


def _norm_words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text.translate(_QUOTE_CHARS))]


def _entities(text: str) -> dict[str, str]:
    """Capitalised names, acronyms and their words (normalised token -> as written)."""
    out: dict[str, str] = {}
    for sentence in split_sentences(text):
        s = sentence.text
        for m in _CAPITALISED.finditer(s):
            phrase = m.group(0).strip().rstrip(".")
            tokens = [t for t in _WORD.findall(phrase)]
            # a capital at the start of a sentence or quotation is not a name by itself
            at_start = m.start() == 0 or s[: m.start()].rstrip().endswith(("“", '"', "‘", ":"))
            if at_start and len(tokens) == 1 and tokens[0].lower() in _NOT_ENTITIES:
                continue
            for t in tokens:
                key = _term(t)
                if key in _NOT_ENTITIES or len(key) < 2:
                    continue
                out.setdefault(key, phrase)
    return out


def profile(passage: Passage, article_text: str | None = None) -> Profile:
    """The profile of a passage; figures are read in ``article_text`` when it is given."""
    text = passage.text
    words = _norm_words(text)
    terms = Counter(_term(w) for w in _WORD.findall(text) if w.lower() not in STOP_WORDS)
    quotes = tuple(
        tuple(_norm_words(m.group(1))) for m in _QUOTED.finditer(text.translate(_QUOTE_CHARS))
    )
    if passage.quantities is not None:
        quantities = passage.quantities
    elif article_text is not None:
        quantities = tuple(extract_quantities(article_text, passage.start, passage.end))
    else:
        quantities = tuple(extract_quantities(text))
    story = passage.story | frozenset(_entities(passage.title))
    return Profile(passage, dict(terms), _entities(text), tuple(words), quotes, quantities, story)


def passages_of(
    article_text: str,
    article_id: int,
    start: int = 0,
    end: int | None = None,
    *,
    title: str = "",
    outlet: str = "",
    published: str = "",
) -> list[Passage]:
    """The sentences of an article (or of its body ``[start, end)``) as passages.

    Figures are read with the article around them, so a figure whose counted thing is named
    in an earlier sentence of the paragraph keeps it.
    """
    out = []
    story = frozenset(_entities(article_text[start:end]))
    for s in split_sentences(article_text, start, end):
        quantities = tuple(extract_quantities(article_text, s.start, s.end))
        out.append(
            Passage(article_id, s.start, s.end, s.text, title, outlet, published, quantities, story)
        )
    return out


def _shared_run(claim: Profile, other: Profile) -> tuple[str, ...]:
    """The longest run of words of a quotation in the claim that the other passage also has."""
    best: tuple[str, ...] = ()
    if not claim.quotes and not other.quotes:
        return best
    n = MIN_QUOTE_WORDS
    grams = {other.words[i : i + n] for i in range(len(other.words) - n + 1)}
    sources = claim.quotes or ()
    # a quotation on the other side counts too: it may be quoted there, paraphrased here
    if other.quotes:
        sources = (*sources, *(q for q in other.quotes))
        grams |= {claim.words[i : i + n] for i in range(len(claim.words) - n + 1)}
    for quote in sources:
        i = 0
        while i + n <= len(quote):
            if quote[i : i + n] in grams:
                j = i + n
                while j < len(quote) and _has_run(quote[i : j + 1], claim, other):
                    j += 1
                if j - i > len(best) and _has_run(quote[i:j], claim, other):
                    best = quote[i:j]
                i = j
            else:
                i += 1
    return best


def _has_run(run: tuple[str, ...], a: Profile, b: Profile) -> bool:
    return _contains(a.words, run) and _contains(b.words, run)


def _contains(words: tuple[str, ...], run: tuple[str, ...]) -> bool:
    n = len(run)
    first = run[0]
    return any(words[i : i + n] == run for i, w in enumerate(words) if w == first)


def _same_amount(x: Quantity, y: Quantity) -> Verdict | None:
    """The same sum of money where what it pays for is not named on one side ("€48m").

    Evidence of relatedness only: amounts of unnamed things never conflict.
    """
    if x.family != "money" or y.family != "money" or x.unit != y.unit:
        return None
    if x.concept and y.concept:
        return None
    if x.interval.overlaps(y.interval):
        return Verdict(False, f"{x.text} and {y.text}: the same amount")
    return None


def _idf(profiles: Sequence[Profile]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for p in profiles:
        df.update(p.terms.keys())
    n = len(profiles)
    return {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}


def _cosine(a: dict[str, int], b: dict[str, int], idf: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[t] * idf.get(t, 1.0) ** 2 for t, v in a.items() if t in b)
    if not dot:
        return 0.0
    na = math.sqrt(sum((v * idf.get(t, 1.0)) ** 2 for t, v in a.items()))
    nb = math.sqrt(sum((v * idf.get(t, 1.0)) ** 2 for t, v in b.items()))
    return dot / (na * nb)


def _figures(
    claim: Profile, other: Profile
) -> tuple[list[tuple[Quantity, Quantity, Verdict]], bool]:
    """Figure pairs about the same thing, and whether some thing is only ever contradicted."""
    pairs: list[tuple[Quantity, Quantity, Verdict]] = []
    agreed: set[tuple[str, str]] = set()
    contradicted: set[tuple[str, str]] = set()
    for x in claim.quantities:
        for y in other.quantities:
            v = compare(x, y)
            if v is None:
                v = _same_amount(x, y)
            if v is None:
                continue
            pairs.append((x, y, v))
            key = (x.concept, y.concept)
            (contradicted if v.conflict else agreed).add(key)
    # "rose from 3,000 to 5,000 cases" against "5,000 cases": one figure agrees, no conflict
    conflict = bool(contradicted - agreed)
    return pairs, conflict


def score_pair(claim: Profile, other: Profile, idf: dict[str, float]) -> Related:
    """How related ``other`` is to ``claim``, with reasons."""
    reasons: list[str] = []
    lexical = _cosine(claim.terms, other.terms, idf)
    shared = [k for k in claim.entities if k in other.entities]
    # names every candidate shares (the pre-filter's own terms) weigh little
    weight = {k: idf.get(k, 1.0) - 1.0 + ENTITY_FLOOR for k in claim.entities}
    entity_share = sum(weight[k] for k in shared) / (sum(weight.values()) or 1.0)
    run = _shared_run(claim, other)
    quote_score = min(1.0, len(run) / 8) if len(run) >= MIN_QUOTE_WORDS else 0.0
    pairs, conflict = _figures(claim, other)
    figure_score = 1.0 if pairs else 0.0
    # Figures about the same thing count fully within one story: a shared name, or articles
    # that share names ("31 votes to 12" in a council budget story is not about the
    # "68,000 votes" of an election story).
    story = bool(shared) or len(claim.story & other.story) >= STORY_NAMES
    if pairs and not story:
        figure_score = 0.3
    total_score = (
        W_TERMS * lexical
        + W_ENTITIES * entity_share
        + W_QUOTE * quote_score
        + W_FIGURE * figure_score
    )
    names = tuple(dict.fromkeys(claim.entities[k] for k in shared))
    if names:
        reasons.append("shared entities: " + ", ".join(names[:5]))
    if run:
        reasons.append(f"shared quote: “{' '.join(run)}”")
    for x, y, v in pairs:
        label = "conflicting figures" if v.conflict else "same figure"
        reasons.append(f"{label}: {x.text} {x.concept} vs {y.text} {y.concept}")
    if lexical >= 0.2:
        reasons.append(f"similar wording ({lexical:.2f})")
    return Related(
        passage=other.passage,
        score=round(total_score, 4),
        conflict=conflict,
        reasons=tuple(reasons),
        shared_entities=names,
        shared_quote=" ".join(run),
        figures=tuple(pairs),
    )


def rank(
    claim: Profile,
    pool: Iterable[Profile],
    *,
    threshold: float = THRESHOLD,
    limit: int = 20,
) -> list[Related]:
    """Passages of other articles related to ``claim``, best first (at most ``limit``).

    Passages of the claim's own article are skipped; conflicts rank before agreements of
    the same score.
    """
    others = [p for p in pool if p.passage.article_id != claim.passage.article_id]
    idf = _idf([claim, *others])
    scored = [score_pair(claim, p, idf) for p in others]
    kept = [r for r in scored if r.score >= threshold]
    kept.sort(key=lambda r: (-r.score, not r.conflict, r.passage.article_id, r.passage.start))
    return kept[:limit]


def search_terms(text: str, limit: int = 12) -> list[str]:
    """Words and phrases for a full-text pre-filter: entities, figures, then key nouns.

    Phrases come quoted as written (for a phrase query); figures as their digits; nouns
    as written, longest first. The store turns them into an FTS5 or tsquery OR-query.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(term: str) -> None:
        key = term.lower()
        if term and key not in seen and len(out) < limit:
            seen.add(key)
            out.append(term)

    entities = _entities(text)
    for phrase in dict.fromkeys(entities.values()):
        words = phrase.split()
        add(" ".join(words[1:] if words[0].lower() in STOP_WORDS else words))
    figures = extract_quantities(text)
    in_figures = {w.lower() for q in figures for w in _WORD.findall(q.text)}
    for q in figures:
        digits = re.search(r"\d[\d,.\u00a0\u202f' ]*\d|\d", q.text)
        if digits:
            add(digits.group(0))
        if q.noun:
            add(q.noun.split()[-1])
    words = [
        w
        for w in _WORD.findall(text)
        if w.lower() not in STOP_WORDS | in_figures and not w[:1].isupper() and not w[:1].isdigit()
    ]
    for w in sorted(dict.fromkeys(words), key=len, reverse=True):
        if len(w) > 3:
            add(w)
    return out
