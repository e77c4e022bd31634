"""Who said it: the attribution of a claim span, found in its sentence and the ones around it.

Rule-based, as a desk would read: a speech or estimate verb with its subject ("Ryder said",
"the ministry put the cost at"), the inverted form ("said Pentagon press secretary Maj. Gen.
Pat Ryder"), "according to X", a quotation continued or closed by "he added" (the pronoun is
the last named speaker before it), and quotations running on across sentences. Hedges with no
source ("reportedly", "it is understood", "was said to") mark a claim unattributed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fact_gui.domain.lexicon import SPEECH_VERBS, word_set
from fact_gui.domain.sentences import Span, split_sentences

# Words that may stand in a speaker's name or title without a capital ("the ministry",
# "State Department spokesperson Matthew Miller", "Ukrainian military intelligence").
ROLE_WORDS = word_set(
    """spokesperson spokesman spokeswoman spokespeople secretary minister ministry official
    officials officer officers police department agency intelligence military government
    council coordinator adviser advisor director chief head commander general press
    communications security national state foreign defence defense health office authority
    authorities service services army forces navy committee commission court judge prosecutor
    prosecutors analyst analysts expert experts researcher researchers scientist scientists
    economist economists representative representatives source sources resident residents
    witness witnesses mayor governor president premier leader lawmakers senator board company
    firm bank union regulator watchdog institute university hospital operator airline
    directorate staff team group spokesperson's cabinet parliament lawmaker legislator
    inspector inspectors investigators investigator statistics office's ministry's
    administration campaign party organisers organizers organiser organizer agency's
    counsel lawyer lawyers attorney attorneys coroner doctor doctors medics nurse officials'
    engineer engineers manager managers executive executives owner owners fire brigade
    rescuers meteorologist forecaster forecasters met report study survey figures data audit
    review inquiry poll polls statistics organisation organization charity ngo"""
)
# Abbreviated titles and ranks that keep their full stop inside a name ("Maj. Gen. Pat Ryder").
_TITLES = word_set(
    """mr mrs ms dr prof gen maj col lt capt sgt cpl adm cmdr brig gov sen rep rev st jr sr
    hon supt insp det amb u.s u.k u.n e.u"""
)
_DETERMINERS = word_set("the a an its their his her our")
_CONNECTORS = word_set("of for on and de del la von van")
# Words between a subject and its verb: "Ryder also said", "officials have confirmed".
_ADVERBS = word_set(
    """also further later previously earlier repeatedly separately again then had has have
    would will could had already recently once publicly privately initially subsequently
    reportedly allegedly first last only just himself herself themselves yesterday today"""
)
# Collective heads that name no one in particular: "officials said", "U.S. officials".
_UNNAMED = word_set(
    """officials sources source residents witnesses experts analysts authorities diplomats
    people observers insiders aides critics reports"""
)
_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "body"}
# Hedges with no one behind them: the claim has no originating source.
_UNATTRIBUTED = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|rumou?red"
    r"|it (?:is|was|has been|had been) (?:understood|believed|thought|reported|claimed|said|"
    r"alleged|rumou?red|estimated|suggested|feared)"
    r"|(?:is|are|was|were|has been|have been) (?:said|reported|believed|thought|understood|"
    r"alleged|rumou?red|claimed|estimated) to"
    r"|according to (?:reports|media reports|unconfirmed reports|rumou?rs)"
    r"|(?:reports|rumou?rs) (?:suggest|say|said|indicate)"
    r"|(?:,|—|–)\s*it (?:is|was) (?:reported|said|understood|claimed))\b",
    re.IGNORECASE,
)
# How many paragraphs before a claim are read for pronouns and running quotations.
_CONTEXT_PARAGRAPHS = 3
_TOKEN = re.compile(r"\w+(?:[’'.\-]\w+)*|[“”\"‘’'(),.:;!?—–-]")
_OPEN_QUOTES = "“‘"
_CLOSE_QUOTES = "”’"
_SECOND_TOKEN_CUES = {"according": "to", "in": "a"}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a claim is attributed to, as written, and how that was found."""

    speaker: str  # as written: "Pentagon Press Secretary Pat Ryder", "the DIU"
    start: int  # the speaker's span in the text (for a pronoun: the pronoun's span)
    end: int
    name: str  # the name inside it: "Pat Ryder", "DIU"
    cue: str  # "said", "according to", "estimated", "added", ...
    cue_start: int
    cue_end: int
    confidence: float  # 0..1
    how: str  # in words: "speech verb", "quotation continued", "pronoun 'he' -> Miller", ...
    kind: str  # "person" or "body"


@dataclass(frozen=True, slots=True)
class Finding:
    """The attribution of a claim, or why it has none."""

    attribution: Attribution | None
    unattributed: bool
    reason: str  # in words


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str


def _tokens(text: str, span: Span) -> list[_Tok]:
    return [
        _Tok(m.start(), m.end(), m.group(0), m.group(0).lower())
        for m in _TOKEN.finditer(text, span.start, span.end)
    ]


_FIRST_PERSON = word_set("i we you me us my our your it this that there these those")


def _capitalised(t: _Tok) -> bool:
    return t.text[:1].isupper()


def _name_part(t: _Tok) -> bool:
    """A token that can stand in a speaker's name or title (never a pronoun or a verb)."""
    if t.low in _PRONOUNS or t.low in _FIRST_PERSON:
        return False
    return _capitalised(t) or t.low in ROLE_WORDS


def _is_cue_verb(t: _Tok) -> bool:
    # "States" in "the United States" is a name, "states" a verb
    return t.low in SPEECH_VERBS and t.text.islower()


class _Sentence:
    """One sentence's tokens and the attributions stated in it."""

    def __init__(self, text: str, span: Span) -> None:
        self.text = text
        self.span = span
        self.toks = _tokens(text, span)

    def np_before(self, v: int) -> tuple[int, int] | None:
        """The speaker noun phrase ending right before token v: token range [a, b)."""
        j = v - 1
        while j >= 0 and self.toks[j].low in _ADVERBS:
            j -= 1
        if j >= 0 and self.toks[j].text == ",":
            # "John Kirby, the NSC coordinator, said": the name before the apposition
            k = j - 1
            while k >= 0 and self.toks[k].text not in (",", "“", "”", '"'):
                k -= 1
            if k >= 0 and self.toks[k].text == ",":
                inner = self._np_back(k - 1)
                if inner is not None:
                    return inner
            return None
        return self._np_back(j)

    def _np_back(self, j: int) -> tuple[int, int] | None:
        b = j + 1
        a = b
        k = j
        while k >= 0:
            t = self.toks[k]
            if t.text == "." and k > 0 and self.toks[k - 1].low in _TITLES:
                k -= 1
                continue
            if t.text == ")" and k >= 2 and self.toks[k - 2].text == "(":
                k -= 3  # "Directorate (DIU)"
                a = k + 1
                continue
            if _name_part(t) and not _is_cue_verb(t):
                if t.low in _DETERMINERS:
                    a = k
                    break
                a = k
                k -= 1
                continue
            if t.low in _DETERMINERS and a < b:
                a = k
                if k >= 2 and self.toks[k - 1].low in _CONNECTORS and _name_part(self.toks[k - 2]):
                    k -= 1  # "a spokeswoman for the hospital"
                    continue
                break
            if k > 0 and self.toks[k - 1].low in _DETERMINERS and t.text.isalpha():
                # a common noun, or an adjective before one, after the article:
                # "the club said", "the electoral commission announced"
                a = k
                k -= 1
                continue
            if t.low in _CONNECTORS and a < b and k > 0 and _name_part(self.toks[k - 1]):
                k -= 1
                continue
            break
        if a >= b:
            return None
        # never start on a connector
        while a < b and self.toks[a].low in _CONNECTORS:
            a += 1
        if a >= b or not any(_capitalised(t) or t.low in ROLE_WORDS for t in self.toks[a:b]):
            return None
        if all(t.low in _DETERMINERS for t in self.toks[a:b]):
            return None
        return a, b

    def np_after(self, k: int) -> tuple[int, int] | None:
        """The speaker noun phrase starting at token k ("said Pentagon press secretary ...")."""
        a = k
        j = k
        n = len(self.toks)
        if j < n and self.toks[j].low in _DETERMINERS:
            j += 1
        last = -1
        while j < n:
            t = self.toks[j]
            if t.text == "." and j > 0 and self.toks[j - 1].low in _TITLES and j + 1 < n:
                j += 1
                continue
            if t.text == "(" and j + 2 < n and self.toks[j + 2].text == ")":
                j += 3
                last = j - 1
                continue
            if _name_part(t) and not _is_cue_verb(t):
                last = j
                j += 1
                continue
            if t.low in _CONNECTORS and j + 1 < n and _capitalised(self.toks[j + 1]):
                j += 1
                continue
            break
        if last < a:
            return None
        return a, last + 1


def _name_core(text: str, toks: list[_Tok]) -> tuple[str, str]:
    """The name inside a speaker phrase, and whether it is a person or a body.

    "Pentagon Press Secretary Maj. Gen. Pat Ryder" -> ("Pat Ryder", person);
    "Ukraine's Military Intelligence Directorate (DIU)" -> ("DIU", body);
    "the Pentagon" -> ("Pentagon", body): people do not take an article.
    """
    words = [t for t in toks if t.text not in ("(", ")", ".")]
    determiner = bool(words) and words[0].low in _DETERMINERS
    words = [t for t in words if t.low not in _DETERMINERS]
    if not words:
        return "", "body"
    bracketed = [
        toks[k + 1].text
        for k in range(len(toks) - 2)
        if toks[k].text == "(" and toks[k + 2].text == ")" and toks[k + 1].text.isupper()
    ]
    if bracketed:
        return bracketed[-1], "body"
    tail: list[_Tok] = []
    for t in reversed(words):
        if not (_capitalised(t) and t.low not in ROLE_WORDS and t.low not in _TITLES):
            break
        tail.insert(0, t)
    whole = text[words[0].start : words[-1].end]
    if not tail or len(tail) > 3 or determiner:
        return whole, "body"
    if len(tail) == len(words) and len(tail) == 1 and tail[0].text.isupper():
        return tail[0].text, "body"  # an acronym alone: "DIU", "NATO"
    return text[tail[0].start : tail[-1].end], "person"


def _attributions_in(sent: _Sentence) -> list[Attribution]:
    """Every attribution cue in a sentence with its speaker."""
    out: list[Attribution] = []
    toks = sent.toks
    text = sent.text
    for i, t in enumerate(toks):
        cue_end_tok = i + 1
        np: tuple[int, int] | None = None
        how = "speech verb"
        cue = t.text
        conf = 0.9
        if t.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
            cue_end_tok = i + 2
            np = sent.np_after(i + 2)
            how, cue = "according to", "according to"
        elif _is_cue_verb(t):
            if t.low == "put" and not any(x.low == "at" for x in toks[i + 1 : i + 8]):
                continue  # "put" estimates only in "put the cost at ..."
            prev = toks[i - 1] if i > 0 else None
            inverted = prev is not None and (
                prev.text in (",", "”", '"', "’") or prev.low in ("also",)
            )
            if inverted:
                np = sent.np_after(i + 1)
                how = "speech verb (inverted)"
            if np is None:
                back = sent.np_before(i)
                if back is not None:
                    np = back
                    how = "speech verb"
        else:
            continue
        if np is None:
            # a pronoun subject: "he added", "she said"
            j = i - 1
            while j >= 0 and toks[j].low in _ADVERBS:
                j -= 1
            if j >= 0 and toks[j].low in _PRONOUNS:
                out.append(
                    Attribution(
                        speaker=toks[j].text,
                        start=toks[j].start,
                        end=toks[j].end,
                        name="",
                        cue=cue,
                        cue_start=t.start,
                        cue_end=toks[cue_end_tok - 1].end,
                        confidence=0.0,
                        how="pronoun",
                        kind=_PRONOUNS[toks[j].low],
                    )
                )
            continue
        a, b = np
        phrase = toks[a:b]
        name, kind = _name_core(text, phrase)
        if phrase[-1].low in _UNNAMED:
            conf = 0.5  # "officials said", "sources said": no one in particular
            how += ", unnamed"
        out.append(
            Attribution(
                speaker=text[toks[a].start : toks[b - 1].end],
                start=toks[a].start,
                end=toks[b - 1].end,
                name=name,
                cue=cue if how != "according to" else "according to",
                cue_start=t.start,
                cue_end=toks[cue_end_tok - 1].end,
                confidence=conf,
                how=how,
                kind=kind,
            )
        )
    return out


def _quote_state(text: str, span: Span, open_before: bool) -> tuple[bool, bool, bool]:
    """(starts inside a quotation, has a quotation mark, ends inside a quotation)."""
    inside = open_before
    starts_inside = open_before
    seen = False
    s = text[span.start : span.end]
    for k, ch in enumerate(s):
        if ch in _OPEN_QUOTES or (ch == '"' and not inside):
            if ch == "‘" and k > 0 and s[k - 1].isalpha():
                continue
            if k == 0:
                starts_inside = True
            inside = True
            seen = True
        elif ch in _CLOSE_QUOTES or ch == '"':
            if ch == "’" and k + 1 < len(s) and s[k + 1].isalpha():
                continue  # an apostrophe: "it’s", "Ukraine’s"
            inside = False
            seen = True
    return starts_inside, seen, inside


class _Reading:
    """The attributions of a run of sentences, pronouns resolved in reading order."""

    def __init__(self, text: str, sents: list[Span], lookback: int) -> None:
        self.text = text
        self.sents = sents
        parsed = [_Sentence(text, s) for s in sents]
        # who spoke last (named), sentence by sentence, for pronouns and running quotations
        last_person: tuple[int, Attribution] | None = None
        last_any: tuple[int, Attribution] | None = None
        self.resolved: list[list[Attribution]] = []
        for k, sentence in enumerate(parsed):
            out = []
            for att in _attributions_in(sentence):
                if att.how == "pronoun":
                    seen = last_person if att.kind == "person" else last_any
                    if seen is None or seen[0] < k - lookback:
                        continue
                    target = seen[1]
                    att = Attribution(
                        speaker=target.speaker,
                        start=att.start,
                        end=att.end,
                        name=target.name,
                        cue=att.cue,
                        cue_start=att.cue_start,
                        cue_end=att.cue_end,
                        confidence=0.7,
                        how=f"pronoun '{att.speaker}' -> {target.name or target.speaker}",
                        kind=target.kind,
                    )
                out.append(att)
                if att.kind == "person" and att.confidence >= 0.7:
                    last_person = (k, att)
                if att.confidence >= 0.7:
                    last_any = (k, att)
            self.resolved.append(out)
            for person in _people_named(sentence):
                last_person = (k, person)
        open_before = False
        self.states: list[tuple[bool, bool, bool]] = []
        for span in sents:
            st = _quote_state(text, span, open_before)
            self.states.append(st)
            open_before = st[2]

    def finding(self, own: list[int], lo: int, hi: int) -> Finding:
        """The attribution of ``[lo, hi)``, which lies in the sentences ``own``."""
        # the cue nearest the claim in its own sentences
        found = [a for k in own for a in self.resolved[k]]
        if found:
            best = min(found, key=lambda a: (_distance(a, lo, hi), -a.confidence))
            return Finding(best, False, f"{best.how}: {best.cue!r}")
        # hedges with no source
        for k in own:
            s = self.sents[k]
            m = _UNATTRIBUTED.search(self.text, s.start, s.end)
            if m:
                return Finding(None, True, f"unattributed: {m.group(0).strip(' ,—–')!r}")
        # a quotation running on from an earlier sentence
        first = own[0]
        starts_inside, has_quote, _ = self.states[first]
        if starts_inside or has_quote:
            for k in range(first - 1, max(-1, first - 4), -1):
                if self.resolved[k]:
                    prev = max(self.resolved[k], key=lambda a: a.confidence)
                    how = f"quotation continued from {prev.name or prev.speaker}"
                    return Finding(_moved(prev, 0.6, how), False, "quotation continued")
                if not (self.states[k][0] or self.states[k][1]):
                    break
        return Finding(None, True, "no attribution in the sentence or the quotation around it")


def attribute(text: str, start: int, end: int, *, lookback: int = 8) -> Finding:
    """The attribution of the claim ``text[start:end]`` (code-point offsets).

    Reads the claim's sentences, then quotations running on from earlier sentences of the
    paragraph, and resolves "he"/"she"/"they" to the last named speaker in the ``lookback``
    sentences before it.
    """
    lo = max(0, start)
    hi = min(len(text), max(end, start))
    # context: enough of the text before the claim for quotations and pronouns
    ctx_start = lo
    for _ in range(_CONTEXT_PARAGRAPHS):
        p = text.rfind("\n", 0, max(0, ctx_start - 1))
        ctx_start = p + 1
        if p < 0:
            break
    para_end = text.find("\n", hi)
    sents = split_sentences(text, ctx_start, len(text) if para_end < 0 else para_end)
    sents = [s for s in sents if s.start < max(hi, lo + 1)][-(lookback + 1) - 8 :]
    if not sents:
        return Finding(None, False, "no sentence at the claim")
    own = [i for i, s in enumerate(sents) if s.start < hi and lo < s.end] or [len(sents) - 1]
    return _Reading(text, sents, lookback).finding(own, lo, hi)


def attribute_sentences(text: str, sentences: list[Span], *, lookback: int = 8) -> list[Finding]:
    """The attribution of each of ``sentences`` (in text order), read in one pass."""
    reading = _Reading(text, sentences, lookback)
    return [reading.finding([k], s.start, s.end) for k, s in enumerate(sentences)]


def _moved(a: Attribution, confidence: float, how: str) -> Attribution:
    return Attribution(
        a.speaker, a.start, a.end, a.name, a.cue, a.cue_start, a.cue_end, confidence, how, a.kind
    )


def _distance(a: Attribution, lo: int, hi: int) -> int:
    if a.cue_end <= lo:
        return lo - a.cue_end
    if a.cue_start >= hi:
        return a.cue_start - hi
    return 0


def _people_named(sent: _Sentence) -> list[Attribution]:
    """People a sentence introduces, for later pronouns to refer to.

    An apposition ("John Kirby, the NSC coordinator,") or a title before a name
    ("Health Secretary Mary Byrne").
    """
    out = []
    toks = sent.toks
    for i, t in enumerate(toks):
        if t.text == "," and i >= 2 and i + 1 < len(toks) and toks[i + 1].low in _DETERMINERS:
            a = i - 1
            while a >= 0 and _capitalised(toks[a]) and toks[a].low not in ROLE_WORDS:
                a -= 1
            if 2 <= i - (a + 1) <= 3:
                out.append(_person(sent, a + 1, i))
        elif t.low in ROLE_WORDS and _capitalised(t):
            b = i + 1
            while b < len(toks) and _name_part(toks[b]) and toks[b].low not in ROLE_WORDS:
                b += 1
            if 2 <= b - (i + 1) <= 3 and all(_capitalised(x) for x in toks[i + 1 : b]):
                out.append(_person(sent, i + 1, b))
    return out


def _person(sent: _Sentence, a: int, b: int) -> Attribution:
    name = sent.text[sent.toks[a].start : sent.toks[b - 1].end]
    start, end = sent.toks[a].start, sent.toks[b - 1].end
    return Attribution(name, start, end, name, "", start, start, 0.7, "named", "person")
