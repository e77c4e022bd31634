"""Claim candidates: sentences that look worth checking, scored with the reasons in words.

Check-worthy signals add up: figures, an attribution, a quotation, named people and
bodies, comparisons, causal claims, dates. Questions, boilerplate (subscribe, share,
copyright, bylines, "Latest Stories") and opinion (first-person views, editorial adjectives)
are not candidates. Weights were set on ``tests/fixtures/evidence/candidates_dev.tsv`` and
are measured on a held-out set the tuning never saw (``candidates_heldout.tsv``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from fact_gui.domain.attribution import ROLE_WORDS, Finding, attribute, attribute_sentences
from fact_gui.domain.lexicon import SPEECH_VERBS, word_set
from fact_gui.domain.quantities import Quantity, extract_quantities
from fact_gui.domain.sentences import Span, split_sentences

THRESHOLD = 2.0

WEIGHTS = {
    "figure": 2.0,
    "small figure": 1.5,
    "attributed": 2.0,
    "attributed, unnamed": 2.0,
    "attributed, pronoun": 2.0,
    "body": 0.5,
    "quotation": 1.0,
    "one name": 1.0,
    "names": 1.5,
    "comparison": 1.5,
    "causal": 1.5,
    "date": 0.5,
    "event": 0.5,
    "opinion": -2.5,
    "advice": -1.5,
}

_BOILERPLATE = re.compile(
    r"^(?:subscribe|sign (?:up|in)|share (?:this|on|it)|follow (?:us|all|the action|our)|read more"
    r"|click here|download (?:our|the)|copyright|©|all rights reserved|advertisement|latest stories"
    r"|\[latest\]|you may also like|most read|popular now|must-reads"
    r"|related (?:topics|articles|stories)"
    r"|thank you for reading|get in touch|email us|our journalism|this content is not available"
    r"|live:|watch:|image:|photo:|picture:|video:|listen:|comments\s*\(?\d*\)?$|views\s+\d"
    r"|page \d+ of \d+|this article was (?:amended|updated|corrected)|learn more|plan your"
    r"|get the latest|keep an eye on|cookies|please enable|got a story|have you been affected"
    r"|sign up|by [A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}(?:,.*)?$|quick access|direct access"
    r"|skip to|back to top|previous article|next article|newsletter|more on this story)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_QUOTATION = re.compile(r"[“\"‘]([^”\"’]{3,})[”\"’]|(?:^|\s)'([^']{8,})'(?:\s|[.,;:]|$)")
_COMPARISON = re.compile(
    r"\b(?:(?:more|less|fewer|higher|lower|bigger|larger|smaller|greater|faster|slower|better"
    r"|worse|longer|shorter|cheaper) than|\w+est\b(?<!\bharvest)(?<!\binterest)(?<!\bprotest)"
    r"(?<!\bbest)(?<!\bwest)(?<!\brest)(?<!\btest)(?<!\bsuggest)(?<!\blatest)(?<!\bforest)"
    r"(?<!\bchest)(?<!\bnest)(?<!\bguest)(?<!\brequest)(?<!\bquest)"
    r"|record|first time|since records began|twice|doubled|tripled|halved|double|triple"
    r"|compared (?:with|to)|up from|down from|the most|the least|the first|for the first"
    r"|(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time"
    r"|lowest|highest|largest|biggest|fastest|worst|best)\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|caused|causes|cause of|led to|leads to|lead to|as a result|resulted in"
    r"|results in|blamed|blames|owing to|driven by|linked to|triggered|thanks to|responsible for"
    r"|contributed to|attributed to|after (?:a|an|the) \w+ (?:fault|failure|leak|crash|strike))\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:in|since|by|until) (?:19|20)\d\d|(?:january|february|march|april|may|june|july"
    r"|august|september|october|november|december) \d{1,2}|\d{1,2} (?:january|february|march"
    r"|april|may|june|july|august|september|october|november|december)"
    r"|since (?:the|records)|last (?:year|month|week)"
    r"|next (?:year|month|week|spring|summer|autumn|winter))\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:i think|i believe|i feel|in my (?:view|opinion)|frankly|quite simply|to be honest"
    r"|we need to|it is time|deserve|disgrace\w*|shambles|shameful|brilliant|wonderful"
    r"|terrible|awful|appalling|outrageous|magnificent|charming|lovely|beautiful|great place"
    r"|greatest|fascinat\w*|triumph|precious|dull|predictable|decent|extraordinary"
    r"|rollercoaster|electric|grim reminder|hard to overstate|a disaster|missed opportunity"
    r"|by any measure|only time will tell|nobody expected|on everyone's lips)\b",
    re.IGNORECASE,
)
_ADVICE = re.compile(
    r"^(?:here (?:is|are|'s)|\w+ tips|what (?:a|you)|grab|feeling|keep|check|don't|do not"
    r"|make sure|try|find out|plan)\b|\bshould\b|\bcould there\b",
    re.IGNORECASE,
)
_EVENT_VERBS = word_set(
    """won beat lost killed died fell rose hit cut signed approved jailed fined ruled closed
    opened launched elected arrested charged sold bought struck crashed resigned sacked
    collapsed burst scored reached recorded passed voted banned cancelled delayed evacuated
    rescued found showed announced confirmed raised lowered doubled tripled built destroyed
    damaged injured wounded attacked captured seized shot fired dismissed abandoned relegated
    promoted awarded paid issued filled became left spent detected measured published"""
)
_SENTENCE_START_WORDS = word_set(
    """the a an in on at for from with by as after before when while if although though but and
    so yet or it its this that these those there he she they we i you his her their our
    officials police critics analysts forecasters scientists researchers doctors residents
    what why how who where which will can could would should do does did is are was were
    here up about around nearly more most some many one two three four five six seven eight
    nine ten hundreds thousands dozens nobody only heavy watch live read"""
)
# Role words too common to point at anyone ("staff", "group", "head", "service").
_UNSPECIFIC_ROLES = word_set(
    """staff group head service services team press state general national security office
    source sources data figures review"""
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_PRONOUN_SPEAKS = re.compile(
    r"\b(?:he|she|they)\s+(?:\w+\s+)?(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b",
    re.IGNORECASE,
)
_MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence and how check-worthy it looks: score and the reasons in words."""

    start: int
    end: int
    text: str
    score: float
    reasons: tuple[str, ...]

    @property
    def is_candidate(self) -> bool:
        return self.score >= THRESHOLD

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def _names(sentence: str) -> list[str]:
    """Capitalised words that are names, not a capital at the start of the sentence."""
    out: list[str] = []
    words = list(_WORD.finditer(sentence))
    for k, m in enumerate(words):
        w = m.group(0).rstrip(".")
        if not w[:1].isupper():
            continue
        initial = k == 0 or sentence[: m.start()].rstrip().endswith(("“", '"', "‘", ":"))
        if initial and w.lower() in _SENTENCE_START_WORDS:
            continue
        if initial and w.lower() in SPEECH_VERBS:
            continue
        out.append(w)
    return out


def score(
    text: str,
    span: Span,
    *,
    figures: Sequence[Quantity] | None = None,
    finding: Finding | None = None,
) -> Candidate:
    """How check-worthy the sentence ``span`` of ``text`` looks, and why.

    ``figures`` and ``finding`` (the sentence's quantities and attribution) may be passed
    when already known, as :func:`candidates` does for a whole article.
    """
    s = span.text
    stripped = s.strip()
    words = _WORD.findall(stripped)

    def verdict(points: float, reasons: list[str]) -> Candidate:
        return Candidate(span.start, span.end, s, round(points, 2), tuple(reasons))

    if stripped.endswith("?") or (stripped.endswith("?”") or stripped.endswith('?"')):
        return verdict(0.0, ["a question"])
    if _BOILERPLATE.search(stripped) or _EMAIL.search(stripped):
        return verdict(0.0, ["boilerplate"])
    if len(words) < _MIN_WORDS:
        return verdict(0.0, ["too short to state a claim"])
    points = 0.0
    reasons: list[str] = []

    def add(feature: str, detail: str = "") -> None:
        nonlocal points
        points += WEIGHTS[feature]
        reasons.append(f"{feature}: {detail}" if detail else feature)

    if figures is None:
        figures = extract_quantities(text, span.start, span.end)
    if figures:
        # "three people" alone is a weaker signal than a figure written in digits
        small = all(q.text.isalpha() and q.interval.high <= 10 for q in figures)
        add("small figure" if small else "figure", ", ".join(q.text for q in figures[:3]))
    if finding is None:
        finding = attribute(text, span.start, span.end)
    att = finding.attribution
    if att is not None and att.cue_start >= span.start and att.cue_end <= span.end:
        if att.how.startswith("pronoun"):
            add("attributed, pronoun", att.name or att.speaker)
        elif att.confidence < 0.7:
            add("attributed, unnamed", att.speaker)
        else:
            add("attributed", att.speaker)
    elif _PRONOUN_SPEAKS.search(s):
        add("attributed, pronoun", "a speaker named earlier")
    quote = _QUOTATION.search(s)
    if quote:
        add("quotation")
    names = _names(s)
    if len(names) >= 2:
        add("names", ", ".join(dict.fromkeys(names[:4])))
    elif names:
        add("one name", names[0])
    lowered = {w.lower() for w in words}
    bodies = lowered & ROLE_WORDS - _UNSPECIFIC_ROLES
    if bodies:
        add("body", sorted(bodies)[0])
    m = _COMPARISON.search(s)
    if m:
        add("comparison", m.group(0))
    m = _CAUSAL.search(s)
    if m:
        add("causal", m.group(0))
    m = _DATE.search(s)
    if m:
        add("date", m.group(0))
    event = lowered & _EVENT_VERBS
    if event:
        add("event", sorted(event)[0])
    in_quotes = quote is not None and att is not None
    m = _OPINION.search(s)
    if m and not in_quotes:
        add("opinion", m.group(0))
    if stripped.endswith("!"):
        points += WEIGHTS["opinion"]
        reasons.append("exclamation")
    m = _ADVICE.search(stripped)
    if m and att is None:
        add("advice", m.group(0).strip())
    return verdict(points, reasons)


def candidates(
    text: str, start: int = 0, end: int | None = None, *, threshold: float = THRESHOLD
) -> list[Candidate]:
    """The check-worthy sentences of ``text[start:end]`` in text order (code-point spans).

    Figures and attributions are read for the whole range in one pass each.
    """
    spans = split_sentences(text, start, end)
    if not spans:
        return []
    figures = extract_quantities(text, spans[0].start, spans[-1].end, sentences=spans)
    starts = [s.start for s in spans]
    by_sentence: list[list[Quantity]] = [[] for _ in spans]
    for q in figures:
        by_sentence[bisect_right(starts, q.start) - 1].append(q)
    findings = attribute_sentences(text, spans)
    out = []
    for span, qs, finding in zip(spans, by_sentence, findings, strict=True):
        c = score(text, span, figures=qs, finding=finding)
        if c.score >= threshold:
            out.append(c)
    return out
