"""Figures in news text: what they count, their qualifiers, intervals, and conflicts between them.

"around 10,000 troops", "€48m", "nine of the 22 cables", "fewer than 2 500 homes",
"several dozen casualties" each become a :class:`Quantity`: an :class:`Interval` of values,
a family (count, money, share, measure) with its unit, and the concept it counts.
Two quantities about the same concept conflict when their intervals cannot both hold.

Number words go through ``number_parser`` (English); currency names and symbols come from
babel's CLDR data; thousands separators, decimals, scale words, vague amounts, qualifiers,
dates and the counted noun are read here (see ``tests/unit/test_quantities.py``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from babel.numbers import (
    get_currency_name,
    get_currency_symbol,
    get_decimal_symbol,
    list_currencies,
)
from number_parser import parse_number as _parse_number_words

from fact_gui.domain.lexicon import (
    COUNT_CONCEPTS,
    MEASURE_CONCEPTS,
    MONEY_CONCEPTS,
    PARTS,
    SHARE_CONCEPTS,
    STOP_WORDS,
    concept_of,
    singular,
    word_set,
)
from fact_gui.domain.sentences import Span, split_sentences

COUNT, MONEY, SHARE, MEASURE = "count", "money", "share", "measure"

# How vague qualifiers widen a figure N (see README of the module for the reasoning):
# "about N" is ±5 %: two "about" figures then agree when they are within ~10 % of each
# other, and "around 10,000" vs "approximately 12,000" (20 % apart) conflict, as a desk
# would flag them. ±10 % would make those two overlap on [10,800, 11,000].
APPROX = 0.05
# "more than N" is open above; a reporter who knew the figure was over twice N would say so.
OPEN_FACTOR = 2.0
# "nearly N" / "just over N": within 10 % of N.
NEAR = 0.10

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Interval:
    """Values a figure allows: ``low``..``high``, each end open or closed."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def overlaps(self, other: Interval) -> bool:
        """Whether some value lies in both (symmetric)."""
        return _below(self.low, self.low_open, other.high, other.high_open) and _below(
            other.low, other.low_open, self.high, self.high_open
        )

    def entirely_below(self, other: Interval) -> bool:
        """Every value here is smaller than every value of ``other``."""
        return not _below(other.low, other.low_open, self.high, self.high_open)

    def __str__(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{_fmt(self.low)}, {_fmt(self.high)}{right}"


def _below(low: float, low_open: bool, high: float, high_open: bool) -> bool:
    """Whether a value can be >= low (or > if open) and <= high (or < if open)."""
    scale = max(1.0, abs(low), abs(high))
    if low_open or high_open:
        return low < high - _EPS * scale
    return low <= high + _EPS * scale


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.4g}" if abs(x) < 1e6 else f"{x:,.0f}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure: where it is, the values it allows, and what it counts."""

    start: int
    end: int
    text: str  # the figure as written, qualifier to unit: "approximately 12,000"
    interval: Interval
    nominal: float  # the number as stated (the middle of a range)
    family: str  # count, money, share or measure
    unit: str  # "" for counts, ISO 4217 for money, "%" or "pp" for shares, SI-ish base unit
    concept: str  # what is counted, normalised ("troops", "killed", "cost"); "" if unknown
    noun: str = ""  # the counted thing as written ("North Korean troops")
    noun_span: tuple[int, int] | None = None
    subject: str = ""  # who a state applies to: "troops" in "200 troops were killed"
    qualifier: str = ""  # "about", "more than", "between", "several dozen", ...
    change: int = 0  # +1 a rise ("up 4%"), -1 a fall, 0 a level
    of_total: float | None = None  # 22 in "nine of the 22 cables"

    @property
    def comparable(self) -> bool:
        return bool(self.concept)

    def describe(self) -> str:
        """The figure in words and its interval: "about 10,000 troops = [9,500, 10,500]"."""
        what = self.noun or self.concept.replace("_", " ")
        unit = f" {self.unit}" if self.unit and self.family != SHARE else self.unit
        change = {1: "up ", -1: "down ", 0: ""}[self.change]
        return f"{change}{self.text} {what}".strip() + f" = {self.interval}{unit}"


@dataclass(frozen=True, slots=True)
class Verdict:
    """How two figures about the same thing compare."""

    conflict: bool
    reason: str


# ---------------------------------------------------------------- number tokens
_NUMBER = re.compile(
    r"""(?<![\w.,])(?:
        \d{1,3}(?:,\d{2})*(?:,\d{3})+(?:\.\d+)?(?![\d,])           # 1,200,000 / 12,34,567.8
      | \d{1,3}(?P<sep>[. \u00a0\u202f\u2009'’])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?(?!\d)
      | \d+(?:[.,]\d+)?
    )""",
    re.VERBOSE,
)
_TOKEN = re.compile(
    _NUMBER.pattern + r"|(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)|(?P<other>\S|\n)",
    re.VERBOSE,
)


def guess_decimal_mark(text: str) -> str:
    """The decimal mark of a text: "," when it writes "3,5" (German, French, ...), else ".".

    Counts unambiguous evidence: "3,5" or "1.000.000" read comma-decimal; "3.5" or
    "1,000,000" read point-decimal. Ties go to the point.
    """
    comma = len(re.findall(r"(?<![\d.,])\d+,\d{1,2}(?!\d)|\d\.\d{3}\.\d{3}|\d\.\d{3},\d", text))
    point = len(re.findall(r"(?<![\d.,])\d+\.\d{1,2}(?!\d)|\d,\d{3},\d{3}|\d,\d{3}\.\d", text))
    return "," if comma > point else "."


def decimal_mark(locale: str) -> str:
    """The decimal mark a locale writes ("de_DE" -> ",", "en_GB" -> ".")."""
    return str(get_decimal_symbol(locale))


def parse_number(token: str, decimal: str = ".") -> tuple[float, int]:
    """A digit string with any common grouping -> (value, digits shown after the decimal mark).

    "1,000" "1.000" "1 000" "1 000" "1'000" "12,34,567" are grouped thousands; a single
    separator followed by exactly three digits is read by ``decimal`` ("1.000" is 1000 when
    ``decimal`` is ","); "3,5" is 3.5 whatever the mark. Raises ValueError when no number.
    """
    s = token.strip()
    if not _NUMBER.fullmatch(s):
        raise ValueError(f"not a number: {token!r}")
    for space in " \u00a0\u202f\u2009'’":
        s = s.replace(space, "")
    has_comma, has_point = "," in s, "." in s
    if has_comma and has_point:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
    elif has_comma or has_point:
        mark = "," if has_comma else "."
        parts = s.split(mark)
        if len(parts) > 2 or (len(parts[-1]) == 3 and decimal != mark):
            dec = "," if mark == "." else "."  # grouping only
        else:
            dec = mark
    else:
        dec = "."
    group = "," if dec == "." else "."
    s = s.replace(group, "")
    if dec == ",":
        s = s.replace(",", ".")
    shown = len(s.split(".")[1]) if "." in s else 0
    return float(s), shown


# ---------------------------------------------------------------- word lists
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6}
_SCALES |= {"billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12}
# "m" and "b" mean million/billion only next to money ("€48m"); elsewhere "m" is metres.
_MONEY_SCALES = {"m": 1e6, "b": 1e9}
_BIG = ("hundred", "thousand", "million", "billion")
_NUMBER_WORDS = word_set(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion trillion"""
)
_FRACTIONS = {
    w: d
    for d, w in enumerate(
        ("half", "third", "quarter", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"),
        start=2,
    )
}
_FRACTIONS |= {w + "s": d for w, d in _FRACTIONS.items()} | {"halves": 2, "fourth": 4}
# Vague amounts as intervals. "several" is read as 2 to 8, "a few" as 2 to 5: so
# "several dozen" is [24, 96] and "a few hundred" [200, 500]. A bare plural ("dozens",
# "hundreds") means at least two of the unit and fewer than the next unit word.
_VAGUE_PLURALS = {
    "dozens": (24.0, 144.0),
    "scores": (40.0, 200.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2_000.0, 9_999.0),
    "millions": (2e6, 999e6),
    "billions": (2e9, 999e9),
}
_VAGUE_UNITS = {"dozen": 12.0, "dozens": 12.0, "hundred": 100.0, "thousand": 1e3}
_VAGUE_UNITS |= {"million": 1e6, "billion": 1e9, "hundreds": 100.0, "thousands": 1e3}
_VAGUE_MULTIPLIERS = {"several": (2.0, 8.0), "few": (2.0, 5.0), "handful": (2.0, 6.0)}

# Qualifiers in front of a figure by the way they shape its interval (see _shape).
_QUALIFIER_SPEC = {
    "approx": """about around approximately approx roughly some circa c ~ an_estimated
        estimated an_approximate in_the_region_of in_the_order_of on_the_order_of
        in_the_realm_of an_average_of on_average""",
    "over": "more_than over above in_excess_of upwards_of exceeding greater_than north_of",
    "atleast": "at_least no_fewer_than no_less_than a_minimum_of not_less_than not_fewer_than",
    "justover": "just_over just_above slightly_more_than a_little_over a_little_more_than",
    "nearly": """nearly almost close_to just_under just_below approaching not_quite
        a_little_under slightly_less_than slightly_fewer_than just_shy_of nearing""",
    "under": "fewer_than less_than under below",
    "upto": "up_to as_many_as at_most no_more_than a_maximum_of not_more_than as_much_as",
    "exactly": "exactly precisely",
}
# Longest phrases first, so "more than" wins over "than".
_QUALIFIERS = sorted(
    ((tuple(p.split("_")), kind) for kind, ps in _QUALIFIER_SPEC.items() for p in ps.split()),
    key=lambda pk: -len(pk[0]),
)
_QUALIFIER_WORDS = frozenset(w for words, _ in _QUALIFIERS for w in words)
_RISE = word_set(
    """rose rise rises risen rising up increased increase increases grew grow grown jumped
    climbed gained soared surged swelled added"""
)
_FALL = word_set(
    """fell fall falls fallen falling down decreased decrease dropped drop declined decline
    slumped shrank shrunk lost plunged slid cut reduced tumbled sank"""
)
# "make up 27 of the 51": not a rise.
_PHRASAL_UP = word_set(
    "make makes made making set sets take takes took add adds added end ends ended"
)
_RISE_NOUNS = word_set("rise increase jump gain hike surge boost")
_FALL_NOUNS = word_set("fall drop decline cut reduction decrease slump")
# Words before a bare number that make it a label, not an amount ("Article 5", "No. 10").
_LABELS = word_set(
    """no nos number page chapter section article paragraph clause rule item flight room
    route line bus platform gate episode season level stage phase grade tier category
    version ward district zone unit block road street highway interstate channel model
    series class division round act step figure table appendix exhibit amendment
    resolution bill case file code"""
)
# Words before a four-digit number that make it a year ("in 2024", "the 2024 budget").
_TEMPORAL = word_set(
    """in since by until till from of during before after to and or early late mid end
    start spring summer autumn fall winter year years fiscal season the between through
    circa around about as than"""
)
_AUX = word_set(
    """had have has been being were was are is be reportedly allegedly all also later
    subsequently"""
)
# Groups a state can apply to: "200 troops were killed" counts the killed, of troops.
_WHO = word_set(
    """troops people civilians children passengers workers students protesters refugees
    prisoners patients voters teachers"""
)
# A noun phrase ends before these ("5,500 higher than", "300 more").
_COMPARATIVES = word_set("higher lower bigger smaller larger greater fewer less more up down")
# Irregular verb forms that end a noun phrase as "-ed" forms do ("48 million euros spent").
_PAST_FORMS = word_set(
    """spent paid sold lost made won cut hit put set built left held sent given taken seen
    went came became brought bought found told said fell rose grew"""
)
_STATE_WORDS = {w: "killed" for w in ("killed", "dead", "died")}
_STATE_WORDS |= {w: "wounded" for w in ("wounded", "injured", "hurt")}
_STATE_WORDS |= {"missing": "missing", "arrested": "arrests", "detained": "arrests"}
_STATE_WORDS |= {"evacuated": "evacuated", "displaced": "displaced"}

# Units of measure: base unit, factor to it, and the ways it is written.
_UNIT_SPEC = """
m 1e3: km kilometre kilometres kilometer kilometers
m 1609.344: mile miles
m 1: m metre metres meter meters
m 0.01: cm centimetre centimetres centimeter centimeters
m 0.001: mm millimetre millimetres millimeter millimeters
m 0.0254: inch inches
m 0.3048: ft feet foot
kg 1: kg kilogram kilograms kilogramme kilogrammes
kg 1e3: t tonne tonnes ton tons
kg 1e-3: g gram grams
m² 1e4: ha hectare hectares
m² 4046.856: acre acres
m² 1e6: km² km2
l 1: l litre litres liter liters
l 3.785: gallon gallons
km/h 1: km/h kmh kph
km/h 1.609344: mph
MW 1: mw megawatt megawatts
MW 1e3: gw gigawatt gigawatts
kWh 1: kwh
kWh 1e3: mwh
kWh 1e6: gwh
°C 1: °c c celsius degrees
h 1: hour hours hrs
h 0.016666666666666666: minute minutes mins
h 24: day days
h 168: week weeks
h 730.5: month months
h 8766: year years
"""
_UNITS: dict[str, tuple[str, float]] = {}
for _line in _UNIT_SPEC.strip().splitlines():
    _head, _written = _line.split(":")
    _base, _factor = _head.split()
    _UNITS |= {w: (_base, float(_factor)) for w in _written.split()}
_TWO_WORD_UNITS = {
    ("square", "kilometres"): ("m²", 1e6),
    ("square", "kilometers"): ("m²", 1e6),
    ("square", "miles"): ("m²", 2.59e6),
    ("sq", "km"): ("m²", 1e6),
    ("degrees", "celsius"): ("°C", 1.0),
    ("per", "cent"): ("%", 1.0),
    ("percentage", "points"): ("pp", 1.0),
    ("percentage", "point"): ("pp", 1.0),
}
# Words that link a figure to a concept named before it.
_LINKS = word_set(
    """at to of was were is are be been being reached reach reaches reaching totalled totaled
    totalling totals numbered numbering stood stands hit topped exceeded surpassed rose fell
    up down by put estimated estimate estimates costing costs cost : as amounted amounting
    climbed jumped dropped grew increased decreased declined soared paid out spent spend
    spending worth budgeted allocated earned raised received fined"""
)
# The unit each measured concept is in.
_MEASURE_UNITS = {"rainfall": "m", "snowfall": "m", "temperature": "°C", "wind": "km/h"}
_MEASURE_UNITS |= {"distance": "m", "area": "m²", "sentence": "h", "delay": "h"}
# One-letter units are read only written as units are: "40C", "5 m", "3 t" (not "3 C").
_CASE_SENSITIVE_UNITS = frozenset({"c", "t", "g", "l", "m"})

# Everyday currency names and symbols, where CLDR's English names are qualified
# ("US dollars") or its English symbol is the code ("UAH").
_COMMON_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
_COMMON_SYMBOLS |= {"₹": "INR", "₩": "KRW", "₺": "TRY", "zł": "PLN", "kr": "SEK"}
_COMMON_NAMES_SPEC = """
USD: dollar dollars
EUR: euro euros
GBP: pound pounds sterling pounds_sterling
JPY: yen
CHF: franc francs swiss_francs
RUB: rouble roubles ruble rubles
UAH: hryvnia hryvnias hryvnya
INR: rupee rupees
CNY: yuan renminbi
KRW: won
PLN: zloty zlotys
SEK: krona kronor
"""


@lru_cache(maxsize=1)
def _currencies() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """Currency symbols -> ISO code, and currency names (as word tuples) -> ISO code."""
    symbols: dict[str, str] = {}
    names: dict[tuple[str, ...], str] = {}
    for code in sorted(list_currencies()):
        symbol = get_currency_symbol(code, "en")
        if symbol != code and not symbol.isalpha():
            symbols.setdefault(symbol, code)
        for count in (1, 2):
            name = get_currency_name(code, count=count, locale="en")
            if "(" not in name:  # historic currencies: "Serbian dinars (2002–2006)"
                names.setdefault(tuple(name.lower().split()), code)
    symbols |= _COMMON_SYMBOLS
    for line in _COMMON_NAMES_SPEC.strip().splitlines():
        code, written = line.split(":")
        names |= {tuple(w.split("_")): code for w in written.split()}
    return symbols, names


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    return frozenset(list_currencies())


# Words a figure can begin with besides digits and number words.
_FIGURE_STARTERS = (
    frozenset(_VAGUE_PLURALS)
    | frozenset(_FRACTIONS)
    | {"a", "an", "one", "several", "tens", "hundreds", "us", "half"}
)


# ---------------------------------------------------------------- dates
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DATES = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|\b\d{1,2}[:h]\d{2}(?::\d{2})?\b"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{4}}\b"
    r"|\b(?:1[89]|20)\d\d[-–/](?:\d\d|(?:1[89]|20)\d\d)\b"
)
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")


# ---------------------------------------------------------------- the scanner
@dataclass(slots=True)
class _Tok:
    kind: str  # "num", "word" or "other"
    start: int
    end: int
    text: str
    low: str


@dataclass(slots=True)
class _Figure:
    """A figure being read: token range and its values before qualifiers apply."""

    i0: int
    i1: int
    low: float
    high: float
    nominal: float
    rounding: float = 0.0  # half the step of the last digit shown, when a scale word follows
    family: str = COUNT
    unit: str = ""
    qualifier: str = ""
    vague: bool = False
    of_total: float | None = None
    noun_from: int = -1  # token index where the counted noun may start
    extras: dict[str, str] = field(default_factory=dict)


class _Scanner:
    def __init__(self, text: str, lo: int, hi: int, decimal: str) -> None:
        self.text = text
        self.decimal = decimal
        masked = [m.span() for m in _DATES.finditer(text, lo, hi)]
        self.toks: list[_Tok] = []
        k = 0  # both are in text order: walk the dates alongside the tokens
        for m in _TOKEN.finditer(text, lo, hi):
            while k < len(masked) and masked[k][1] <= m.start():
                k += 1
            if k < len(masked) and masked[k][0] <= m.start():
                continue
            kind = "word" if m.group("word") else "other" if m.group("other") else "num"
            self.toks.append(_Tok(kind, m.start(), m.end(), m.group(0), m.group(0).lower()))
        self.symbols, self.names = _currencies()

    def may_start_figure(self, i: int) -> bool:
        """A cheap test before :meth:`figure_at`: can a figure begin at token i?"""
        t = self.toks[i]
        if t.kind == "num":
            return True
        if t.kind == "other":
            return t.text in self.symbols
        return (
            t.low in _FIGURE_STARTERS
            or t.low.split("-")[0] in _NUMBER_WORDS
            or (t.text.isupper() and len(t.text) == 3)
            or t.text in self.symbols
        )

    # -- small readers ---------------------------------------------------------
    def low(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < len(self.toks) else ""

    def kind(self, i: int) -> str:
        return self.toks[i].kind if 0 <= i < len(self.toks) else ""

    def adjacent(self, i: int) -> bool:
        """Token i+1 follows token i with no space between."""
        return i + 1 < len(self.toks) and self.toks[i].end == self.toks[i + 1].start

    def currency_at(self, i: int) -> tuple[str, int] | None:
        """A currency symbol or code starting at token i: (ISO code, tokens used)."""
        if i >= len(self.toks):
            return None
        t = self.toks[i]
        # "US$", "A$", "HK$", "CA$"
        if t.kind == "word" and self.adjacent(i) and self.toks[i + 1].text == "$":
            sym = t.text + "$"
            if sym in self.symbols:
                return self.symbols[sym], 2
        if t.text in self.symbols and t.kind == "other":
            return self.symbols[t.text], 1
        if t.kind == "word" and t.text.isupper() and len(t.text) == 3 and t.text in _iso_codes():
            return t.text, 1
        if t.kind == "word" and t.text in self.symbols:  # "zł", "kr"
            return self.symbols[t.text], 1
        return None

    def currency_name_at(self, i: int) -> tuple[str, int] | None:
        for size in (3, 2, 1):
            words = tuple(self.low(j) for j in range(i, i + size))
            if all(words) and words in self.names:
                return self.names[words], size
        return None

    def digits_at(self, i: int) -> tuple[float, int, int] | None:
        """A number at token i, digits or words: (value, digits after the mark, next token)."""
        if i >= len(self.toks):
            return None
        t = self.toks[i]
        if t.kind == "num":
            # "Su-27", "COVID-19": part of a name, not an amount ("Comments0" never tokenises
            # as a number: the pattern needs a non-word character before it).
            joined = i > 1 and self.toks[i - 2].end == self.toks[i - 1].start == t.start - 1
            if joined and self.toks[i - 1].text in "-‐" and self.toks[i - 2].kind == "word":
                return None
            value, shown = parse_number(t.text, self.decimal)
            return value, shown, i + 1
        if t.kind == "word":
            j = i
            parts: list[str] = []
            while j < len(self.toks) and self.toks[j].kind == "word":
                low = self.toks[j].low
                pieces = low.split("-")
                if all(p in _NUMBER_WORDS for p in pieces) or (
                    low == "and"
                    and parts
                    and j + 1 < len(self.toks)
                    and self.low(j + 1).split("-")[0] in _NUMBER_WORDS
                    and parts[-1] in ("hundred", "thousand", "million", "billion")
                ):
                    parts.extend(pieces)
                    j += 1
                else:
                    break
            if not parts:
                # "a hundred", "a million"
                if t.low in ("a", "an") and self.low(i + 1) in ("hundred", "thousand", "million"):
                    return (
                        {"hundred": 100.0, "thousand": 1e3, "million": 1e6}[self.low(i + 1)],
                        0,
                        i + 2,
                    )
                return None
            while parts and parts[-1] == "and":
                parts.pop()
                j -= 1
            if parts == ["one"] and self.low(j) not in COUNT_CONCEPTS:
                # "one official said": a pronoun far more often than a count, unless it
                # counts a known thing ("one man was injured")
                return None
            value = _parse_number_words(" ".join(parts), language="en")
            if value is None:
                return None
            return float(value), 0, j
        return None

    def scale_at(self, i: int, money: bool) -> tuple[float, int]:
        """A scale word at token i: (multiplier, tokens used)."""
        low = self.low(i)
        glued = i > 0 and self.adjacent(i - 1)
        if low in _SCALES and (len(low) > 1 or glued):
            return _SCALES[low], 1
        if money and low in _MONEY_SCALES and glued:
            return _MONEY_SCALES[low], 1
        return 1.0, 0

    # -- one figure ------------------------------------------------------------
    def figure_at(self, i: int) -> _Figure | None:
        """A figure whose first token is i (currency, number or vague amount)."""
        vague = self.vague_at(i)
        if vague:
            return vague
        fraction = self.fraction_at(i)
        if fraction:
            return fraction
        currency: str | None = None
        j = i
        cur = self.currency_at(j)
        if cur:
            currency, used = cur
            j += used
        num = self.digits_at(j)
        if num is None:
            return None
        value, shown, k = num
        tok = self.toks[j]
        # a number glued to letters: a known scale or unit suffix, or not an amount at all
        suffix_ok = True
        if tok.kind == "num" and self.adjacent(j) and self.toks[k].kind == "word":
            suffix = self.toks[k].low
            suffix_ok = (
                suffix in _SCALES
                or (currency is not None and suffix in _MONEY_SCALES)
                or suffix in _UNITS
                or suffix in ("pc", "pp", "bps")
                or (suffix.startswith("k") and suffix in ("km", "kg"))
            )
        if not suffix_ok:
            return None
        compound = self.adjacent(j) and self.low(k) in ("-", "‐") and self.kind(k + 1) == "word"
        if tok.kind == "num" and compound:
            if self.low(k + 1) != "strong":
                return None  # "45-year-old", "7-minute", "24-hour"
            fig = _Figure(i, k + 2, value, value, value)
            fig.noun_from = k + 2  # "a 10,000-strong force"
            return fig
        scale, used = self.scale_at(
            k, currency is not None or self.currency_name_at(k + 1) is not None
        )
        if used == 0 and self.low(k) in _MONEY_SCALES:
            # "48m euros": the scale is read once the currency name is seen
            name = self.currency_name_at(k + 1)
            if name:
                scale, used = _MONEY_SCALES[self.low(k)], 1
        fig = _Figure(i, k + used, value * scale, value * scale, value * scale)
        if used and shown >= 0:
            fig.rounding = 0.5 * scale * 10.0**-shown
        elif shown:
            fig.rounding = 0.5 * 10.0**-shown
        if currency:
            fig.family, fig.unit = MONEY, currency
        if self.low(fig.i1) == "+" and self.adjacent(fig.i1 - 1):
            fig.qualifier = "atleast"
            fig.i1 += 1
        return fig

    def vague_at(self, i: int) -> _Figure | None:
        low = self.low(i)
        # "several dozen", "a few hundred", "a handful of"
        j = i + 1 if low == "a" else i
        mult = _VAGUE_MULTIPLIERS.get(self.low(j))
        if mult and (low != "a" or self.low(j) in ("few", "handful")):
            unit_word = self.low(j + 1)
            if unit_word in _VAGUE_UNITS:
                unit = _VAGUE_UNITS[unit_word]
                k = j + 2
                label = " ".join(t.text for t in self.toks[i:k])
                return _Figure(
                    i,
                    k,
                    mult[0] * unit,
                    mult[1] * unit,
                    (mult[0] + mult[1]) / 2 * unit,
                    qualifier=label,
                    vague=True,
                )
            return None
        # "tens of thousands", "hundreds of thousands"
        if (
            low in ("tens", "hundreds")
            and self.low(i + 1) == "of"
            and self.low(i + 2)
            in (
                "thousands",
                "millions",
            )
        ):
            base = 1e3 if self.low(i + 2) == "thousands" else 1e6
            lo, hi = (20 * base, 99.999 * base) if low == "tens" else (200 * base, 999.999 * base)
            label = " ".join(t.text for t in self.toks[i : i + 3])
            return _Figure(i, i + 3, lo, hi, (lo + hi) / 2, qualifier=label, vague=True)
        if low in _VAGUE_PLURALS:
            # a bare plural is an amount only before "of" or at the end of a clause
            nxt = self.low(i + 1)
            if (
                nxt == "of"
                or nxt in ("", ",", ".", ";", "”", '"', "'", "’", ")")
                or (self.toks[i + 1 : i + 2] and self.toks[i + 1].kind == "other")
            ):
                lo, hi = _VAGUE_PLURALS[low]
                return _Figure(
                    i, i + 1, lo, hi, (lo + hi) / 2, qualifier=self.toks[i].text, vague=True
                )
        # "a dozen", "two dozen"
        if self.low(i + 1) == "dozen" and (
            low in ("a", "one") or low in _NUMBER_WORDS or self.toks[i].kind == "num"
        ):
            n = 1.0 if low in ("a", "one") else None
            if n is None:
                got = self.digits_at(i)
                if not got or got[2] != i + 1:
                    return None
                n = got[0]
            label = " ".join(t.text for t in self.toks[i : i + 2])
            v = 12 * n
            return _Figure(
                i, i + 2, v * (1 - APPROX), v * (1 + APPROX), v, qualifier=label, vague=True
            )
        return None

    def fraction_at(self, i: int) -> _Figure | None:
        """A share written as a fraction: "a third", "two-thirds", "one in five", "9 out of 10"."""
        low = self.low(i)
        parts = low.split("-")
        num: float | None = None
        den: float | None = None
        k = i + 1
        noun_from = -1
        if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _FRACTIONS:
            num = float(_parse_number_words(parts[0], language="en") or 0)
            den = _FRACTIONS[parts[1]]
        elif low in ("a", "one", "an") and self.low(i + 1) in _FRACTIONS:
            num, den, k = 1.0, _FRACTIONS[self.low(i + 1)], i + 2
        elif (
            low in _NUMBER_WORDS
            and self.low(i + 1) in _FRACTIONS
            and low not in ("hundred", "thousand", "million", "billion")
        ):
            got = _parse_number_words(low, language="en")
            if got is None:
                return None
            num, den, k = float(got), _FRACTIONS[self.low(i + 1)], i + 2
        elif low == "half" and self.low(i + 1) in ("of", "the", "a", "an", "their", "its"):
            if self.low(i + 1) in ("a", "an") and self.low(i + 2) in (
                "million",
                "billion",
                "dozen",
            ):
                return None  # "half a million": read as a number below
            num, den = 1.0, 2.0
        else:
            got = (1.0, 0, i + 1) if low == "one" else self.digits_at(i)
            if got is None:
                return None
            value, _, j = got
            if self.low(j) == "in" and self.low(j + 1) not in ("", "the"):
                total = self.digits_at(j + 1)
                if total and total[0] > value and self.low(total[2]) not in ("%", "per"):
                    num, den, k = value, total[0], total[2]
            elif self.low(j) == "out" and self.low(j + 1) == "of":
                total = self.digits_at(j + 2)
                if total and total[0] >= value:
                    num, den, k = value, total[0], total[2]
            if num is None:
                return None
            noun_from = k  # "one in five adults": the noun follows directly
        if not num or not den:
            return None
        v = 100.0 * num / den
        # Fractions in words are round by nature ("a third" of voters may be 31-35 %).
        fig = _Figure(i, k, v, v, v, family=SHARE, unit="%", rounding=v * APPROX)
        fig.noun_from = noun_from
        return fig

    # -- what comes around a figure ----------------------------------------------
    def qualifier_before(self, i: int) -> tuple[str, str, int]:
        """The qualifier ending right before token i: (kind, as written, first token)."""
        for words, kind in _QUALIFIERS:
            start = i - len(words)
            if start >= 0 and all(self.low(start + k) == w for k, w in enumerate(words)):
                written = self.text[self.toks[start].start : self.toks[i - 1].end]
                return kind, written, start
        return "", "", i

    def range_after(self, fig: _Figure, between: bool) -> None:
        """Extend ``fig`` to "40 to 50", "40-50", "between 40 and 50", "€40m-€50m"."""
        k = fig.i1
        joiner = self.low(k)
        if joiner not in ("to", "-", "–", "—", "and") or (joiner == "and" and not between):
            return
        j = k + 1
        cur = self.currency_at(j)
        if cur:
            j += cur[1]
        got = self.digits_at(j)
        if got is None:
            return
        value, shown, m = got
        money = fig.family == MONEY or cur is not None
        scale, used = self.scale_at(m, money)
        hi = value * scale
        lo = fig.low
        if used and fig.i1 - fig.i0 == 1 and self.toks[fig.i0].kind == "num":
            lo = fig.low * scale  # "1.2 to 1.5 million": the scale covers both
        if hi <= lo:
            return  # "3-1" is a score, "2020-21" a season: not a range
        fig.low, fig.high, fig.nominal = lo, hi, (lo + hi) / 2
        fig.i1 = m + used
        fig.qualifier = fig.qualifier or ("between" if between else "range")
        if cur and fig.family != MONEY:
            fig.family, fig.unit = MONEY, cur[0]
        if shown and not used:
            fig.rounding = 0.0

    def unit_after(self, fig: _Figure) -> None:
        """Percent signs, units of measure and currencies written after the number."""
        k = fig.i1
        low, nxt = self.low(k), self.low(k + 1)
        cur = self.currency_at(k)
        if cur and self.kind(k) == "other":  # "2,50 €"
            fig.family, fig.unit, fig.i1 = MONEY, cur[0], k + cur[1]
            return
        name = self.currency_name_at(k)
        if name:
            fig.family, fig.unit, fig.i1 = MONEY, name[0], k + name[1]
            return
        if low in ("%", "percent", "pc", "pp"):
            self.apply_unit(fig, "pp" if low == "pp" else "%", 1.0, k + 1)
            if fig.unit == "%" and self.low(fig.i1) in ("points", "point"):
                fig.unit, fig.i1 = "pp", fig.i1 + 1
            return
        if (low, nxt) in _TWO_WORD_UNITS:
            base, factor = _TWO_WORD_UNITS[low, nxt]
            self.apply_unit(fig, base, factor, k + 2)
            if fig.unit == "%" and self.low(fig.i1) in ("points", "point"):
                fig.unit, fig.i1 = "pp", fig.i1 + 1
            return
        per_hour = nxt in ("/", "per") and self.low(k + 2) in ("h", "hour")
        if per_hour and low in ("km", "kilometres", "kilometers", "miles"):
            self.apply_unit(fig, *_UNITS["mph" if low == "miles" else "km/h"], k + 3)
            return
        glued_f = self.kind(k) == "word" and self.toks[k].text == "F" and self.adjacent(k - 1)
        fahrenheit = glued_f or (low, nxt) in (("°", "f"), ("degrees", "fahrenheit"))
        if fahrenheit:
            if not fig.rounding and fig.low == fig.high and fig.low.is_integer():
                fig.rounding = 0.5
            lo, hi = (fig.low - 32) / 1.8, (fig.high - 32) / 1.8
            fig.low, fig.high, fig.nominal, fig.rounding = lo, hi, (lo + hi) / 2, fig.rounding / 1.8
            fig.family, fig.unit, fig.i1 = MEASURE, "°C", k + (1 if low == "f" else 2)
            return
        if low == "°" and nxt == "c":
            self.apply_unit(fig, "°C", 1.0, k + 2)
            return
        if low not in _UNITS:
            return
        written = self.toks[k].text
        if low in _CASE_SENSITIVE_UNITS:
            # "40C" and "5 m" are units; "3 C" (a grade) or "2 l" in running text are not.
            as_unit = written.isupper() if low == "c" else written.islower()
            if not as_unit or (low != "m" and not self.adjacent(k - 1)):
                return
        self.apply_unit(fig, *_UNITS[low], k + 1)

    @staticmethod
    def apply_unit(fig: _Figure, base: str, factor: float, end: int) -> None:
        if base in ("%", "pp"):
            fig.family, fig.unit, fig.i1 = SHARE, base, end
            if not fig.rounding:
                fig.rounding = 0.5
            return
        if not fig.rounding and fig.low == fig.high and fig.low.is_integer():
            fig.rounding = 0.5  # a measurement is rounded: "81mph" is 80.5 to 81.5 mph
        fig.low *= factor
        fig.high *= factor
        fig.nominal *= factor
        fig.rounding *= factor
        fig.family, fig.unit, fig.i1 = MEASURE, base, end

    def of_total_after(self, fig: _Figure) -> None:
        """The total in "nine of the 22 cables" or "9 out of 22", and where the noun starts."""
        k = fig.i1
        if self.low(k) == "of":
            j = k + 1
            if self.low(j) in ("the", "its", "their", "all"):
                j += 1
            if self.low(j).endswith(("'s", "’s")):
                j += 1  # "three of the city's nine libraries"
            got = self.digits_at(j)
            if got and got[0] > fig.high:
                fig.of_total = got[0]
                fig.i1 = fig.noun_from = got[2]
                return
        if self.low(k) == "out" and self.low(k + 1) == "of":
            got = self.digits_at(k + 2)
            if got and got[0] > fig.high:
                fig.of_total = got[0]
                fig.i1 = fig.noun_from = got[2]

    def noun_after(
        self, start: int, table: dict[str, str]
    ) -> tuple[str, str, int, int, int] | None:
        """The counted noun phrase from token ``start``: (concept, written, first, last, next)."""
        k = start
        if self.low(k) == "of":
            k += 1
            if self.low(k) in ("the", "these", "those", "its", "their", "his", "her", "our", "all"):
                k += 1
        first = k
        head: tuple[str, int] | None = None
        j = k
        while j < len(self.toks) and j < first + 5:
            t = self.toks[j]
            if t.kind != "word":
                break
            for size in (3, 2, 1):
                words = tuple(self.low(x) for x in range(j, j + size))
                if size > 1 and (
                    not all(words) or any(self.toks[x].kind != "word" for x in range(j, j + size))
                ):
                    continue
                concept = concept_of(words, table)
                if concept:
                    return (
                        concept,
                        self.text[self.toks[first].start : self.toks[j + size - 1].end],
                        first,
                        j + size - 1,
                        j + size,
                    )
            if t.low in STOP_WORDS:
                break
            if (t.low.endswith(("ed", "ing")) and len(t.low) > 4) or t.low in _RISE | _FALL:
                break
            if t.low in _SCALES or t.low in _UNITS or t.low in _COMPARATIVES | _PAST_FORMS:
                break
            head = (t.low, j)
            j += 1
        if head is None:
            return None
        word, at = head
        if not self.toks[at].text[0].islower():
            return None  # a name ("200 North Korean"): the counted thing is elsewhere
        return (
            singular(word),
            self.text[self.toks[first].start : self.toks[at].end],
            first,
            at,
            at + 1,
        )

    def concept_before(self, i: int, lo_tok: int, table: dict[str, str]) -> tuple[str, int] | None:
        """The nearest concept word of ``table`` ending before token i (down to ``lo_tok``)."""
        j = i - 1
        seen = 0
        while j >= lo_tok and seen < 30:
            if self.toks[j].kind == "word":
                seen += 1
                for size in (3, 2, 1):
                    a = j - size + 1
                    if a < lo_tok:
                        continue
                    if size > 1 and any(self.toks[x].kind != "word" for x in range(a, j + 1)):
                        continue
                    words = tuple(self.low(x) for x in range(a, j + 1))
                    concept = concept_of(words, table)
                    if concept:
                        return concept, a
            j -= 1
        return None

    def state_after(self, k: int) -> tuple[str, int] | None:
        """The state a counted group is in: "... had been killed", "were injured", "died"."""
        j = k
        if self.low(j) in ("in", "from", "aged", "on", "at") and self.kind(j + 1) == "word":
            # a short phrase about the group: "one man in his 60s was injured"
            end = j + 4
            while j < end and self.kind(j) in ("word", "num") and self.low(j) not in _AUX:
                j += 1
        steps = 0
        while self.low(j) in _AUX and steps < 3:
            j += 1
            steps += 1
        state = _STATE_WORDS.get(self.low(j))
        if state and (
            steps or self.low(j) in ("died", "killed", "dead", "wounded", "injured", "missing")
        ):
            return state, j
        if self.low(j) == "lost" and self.low(j + 1) == "their" and self.low(j + 2) == "lives":
            return "killed", j + 2
        return None

    def change_around(self, q_start: int, end: int) -> int:
        """+1 for a rise ("up 4%", "rose by 4%", "a 4% rise"), -1 for a fall, 0 for a level.

        "rose to 5%" and "fell below 2,500" state levels, as does "make up 27".
        """
        if self.low(q_start) in ("below", "above", "under", "over"):
            return 0
        j = q_start - 1
        if self.low(j) == "by":
            j -= 1
        word = self.low(j)
        if word == "up" and self.low(j - 1) in _PHRASAL_UP:
            return 0
        if word in _RISE:
            return 1
        if word in _FALL:
            return -1
        after = self.low(end)
        if after in _RISE_NOUNS:
            return 1
        if after in _FALL_NOUNS:
            return -1
        return 0


def _table_for(family: str) -> dict[str, str]:
    return {
        COUNT: COUNT_CONCEPTS,
        MONEY: MONEY_CONCEPTS,
        SHARE: SHARE_CONCEPTS,
        MEASURE: MEASURE_CONCEPTS,
    }[family]


def _shape(fig: _Figure, kind: str) -> Interval:
    """Apply a qualifier to a figure's stated values."""
    lo, hi, r = fig.low, fig.high, fig.rounding
    cap = 100.0 if fig.family == SHARE and fig.unit == "%" else math.inf
    if kind == "approx":
        return Interval(min(lo - r, lo * (1 - APPROX)), max(hi + r, hi * (1 + APPROX)))
    if kind == "over":
        return Interval(hi, min(cap, hi * OPEN_FACTOR), low_open=True)
    if kind == "atleast":
        return Interval(lo, min(cap, lo * OPEN_FACTOR))
    if kind == "justover":
        return Interval(hi, min(cap, hi * (1 + NEAR)), low_open=True)
    if kind == "nearly":
        return Interval(lo * (1 - NEAR), lo, high_open=True)
    if kind == "under":
        return Interval(lo / OPEN_FACTOR, lo, high_open=True)
    if kind == "upto":
        return Interval(hi / OPEN_FACTOR, hi)
    return Interval(lo - r, hi + r)


def extract_quantities(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    decimal: str | None = None,
    sentences: Sequence[Span] | None = None,
) -> list[Quantity]:
    """The figures in ``text[start:end]`` with what they count (code-point offsets into ``text``).

    The counted thing may be named earlier in the sentence ("the DIU estimated that
    fatalities ... had reached approximately 200") or, for a figure with no noun, in the
    two sentences before it in the same paragraph; so context before ``start`` is read too.
    ``decimal`` is the article's decimal mark ("." or ","); by default it is guessed from
    the whole text (see :func:`guess_decimal_mark`).
    """
    hi = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, hi))
    mark = decimal or guess_decimal_mark(text)
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", hi)
    para_end = len(text) if para_end < 0 else para_end
    sents = (
        list(sentences) if sentences is not None else split_sentences(text, para_start, para_end)
    )
    # context: up to two sentences before the passage, within its paragraph
    before = [s for s in sents if s.end <= start and s.start >= para_start]
    ctx_start = before[-2].start if len(before) >= 2 else before[0].start if before else para_start
    ctx_start = min(ctx_start, start)
    sc = _Scanner(text, ctx_start, para_end, mark)
    toks = sc.toks
    sent_starts = [s.start for s in sents if s.start >= ctx_start]
    out: list[Quantity] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.start >= hi:
            break
        fig = sc.figure_at(i) if sc.may_start_figure(i) else None
        if fig is None or (t.kind == "other" and not sc.currency_at(i)):
            i += 1
            continue
        if fig.i1 <= fig.i0 or toks[fig.i0].start < start:
            i = max(i + 1, fig.i1) if toks[fig.i0].start < start and fig.i1 > i else i + 1
            continue
        q = _finish(sc, fig, text, sent_starts)
        i = max(fig.i1, i + 1)
        if q is not None:
            out.append(q)
    return out


def _finish(sc: _Scanner, fig: _Figure, text: str, sent_starts: list[int]) -> Quantity | None:
    toks = sc.toks
    first = toks[fig.i0]
    # labels and years are not amounts
    if first.kind == "num" and fig.i1 - fig.i0 == 1 and not fig.vague:
        prev = sc.low(fig.i0 - 1)
        prev_tok = toks[fig.i0 - 1] if fig.i0 > 0 else None
        if prev in _LABELS or prev in ("#", "№") or (prev == "." and sc.low(fig.i0 - 2) in _LABELS):
            return None
        if prev_tok is not None and prev_tok.kind == "word" and prev_tok.text[:1].isupper():
            sentence_initial = any(prev_tok.start == s for s in sent_starts)
            if not sentence_initial and prev not in _QUALIFIER_WORDS and prev not in STOP_WORDS:
                return None  # "Route 66", "Kursk 2"
        if _YEAR.match(first.text):
            nxt = toks[fig.i1] if fig.i1 < len(toks) else None
            if prev in _TEMPORAL or nxt is None or nxt.kind != "word" or nxt.low in STOP_WORDS:
                return None
            if nxt.low in ("s",) or sc.low(fig.i1) in ("budget", "election", "season", "census"):
                return None
    kind, written, q0 = sc.qualifier_before(fig.i0)
    # "between 40 and 50"
    between = sc.low(fig.i0 - 1) == "between"
    if between:
        q0 = fig.i0 - 1
    if sc.low(fig.i0 - 1) != "from":  # "rose from 3,000 to 5,000" is two levels, not a range
        sc.range_after(fig, between)
    if fig.family == COUNT:
        sc.unit_after(fig)
    elif fig.family == MONEY:
        # "€48 million euros" is rare, but "$3.4bn (€3.1bn)" is not: keep the first currency
        pass
    if fig.family == COUNT:
        sc.of_total_after(fig)
    if fig.qualifier in ("atleast",) and not kind:
        kind = "atleast"
    if fig.vague:
        # a vague amount is already an interval; "about" adds nothing, "more than" does
        interval = (
            _shape(fig, kind)
            if kind not in ("", "approx", "exactly")
            else Interval(fig.low, fig.high)
        )
        qualifier = f"{written} {fig.qualifier}".strip().lower()
    else:
        interval = _shape(fig, kind)
        qualifier = written.lower() or (
            fig.qualifier if fig.qualifier in ("between", "range") else ""
        )
    # what is counted
    table = _table_for(fig.family)
    concept = ""
    noun = ""
    noun_span: tuple[int, int] | None = None
    subject = ""
    after = fig.noun_from if fig.noun_from >= 0 else fig.i1
    if fig.family == SHARE and sc.low(after) != "of" and fig.noun_from < 0:
        found = None
    else:
        found = sc.noun_after(after, COUNT_CONCEPTS if fig.family == SHARE else table)
    next_tok = after
    if found:
        concept, noun, a, b, next_tok = found
        noun_span = (toks[a].start, toks[b].end)
        if fig.family == SHARE:
            concept = "share of " + concept
        elif fig.family == MEASURE:
            concept = MEASURE_CONCEPTS.get(
                concept, MEASURE_CONCEPTS.get(singular(concept), concept)
            )
    if fig.family == COUNT:
        state = sc.state_after(next_tok)
        if state and (not concept or concept in _WHO):
            subject, concept = concept, state[0]
        elif not concept or concept in _WHO:
            verb = _STATE_WORDS.get(sc.low(q0 - 1))
            if verb and sc.low(q0 - 1) not in ("dead", "missing"):
                subject, concept = concept, verb
    if not concept:
        lo_tok = 0
        own_sentence = max((s for s in sent_starts if s <= first.start), default=toks[0].start)
        for x in range(q0 - 1, -1, -1):
            if toks[x].start < own_sentence:
                lo_tok = x + 1
                break
        found_before = None
        before = q0 - 1
        while sc.low(before) in ("“", '"', "‘", "'"):
            before -= 1
        # a bare figure takes a concept named earlier only through a link ("turnout was 61%",
        # "the cost at €48m", "reached 200"); "day three" of a "cable outage" counts no cables
        linked = (
            fig.vague
            or kind
            or sc.low(before) in _LINKS
            or (concept_of((sc.low(before),), table) is not None)
        )
        tables = (table, MONEY_CONCEPTS, COUNT_CONCEPTS) if fig.family == SHARE else (table,)
        for tab in tables if linked else ():
            found_before = found_before or sc.concept_before(q0, lo_tok, tab)
        if found_before is None and fig.family in (COUNT,) and (fig.vague or kind):
            found_before = sc.concept_before(lo_tok, 0, table)
        if found_before:
            concept = found_before[0]
            if fig.family == SHARE:
                concept = concept if concept in SHARE_CONCEPTS.values() else "share of " + concept
    if fig.family == MEASURE and _MEASURE_UNITS.get(concept, fig.unit) != fig.unit:
        concept = ""  # "80 mm of rain in 24 hours": the hours are not the rainfall
    change = sc.change_around(q0, fig.i1)
    if change and fig.family in (SHARE, MONEY, COUNT):
        interval = (
            interval
            if change > 0
            else Interval(-interval.high, -interval.low, interval.high_open, interval.low_open)
        )
    s0 = toks[q0].start
    s1 = toks[fig.i1 - 1].end
    return Quantity(
        start=s0,
        end=s1,
        text=text[s0:s1],
        interval=interval,
        nominal=fig.nominal,
        family=fig.family,
        unit=fig.unit,
        concept=concept,
        noun=noun,
        noun_span=noun_span,
        subject=subject,
        qualifier=qualifier,
        change=change,
        of_total=fig.of_total,
    )


def compare(a: Quantity, b: Quantity) -> Verdict | None:
    """How two figures compare, or None when they are not about the same thing.

    Same thing: same family and unit (currencies are not converted), both levels or both
    changes, and the same concept — or one a part of the other ("killed" is part of
    "casualties": fewer casualties than killed is a conflict, more is not).
    """
    if not (a.concept and b.concept) or a.family != b.family or a.unit != b.unit:
        return None
    if bool(a.change) != bool(b.change):
        return None
    if a.subject and b.subject and a.subject != b.subject:
        return None
    what = a.noun or a.concept
    if a.concept == b.concept:
        if a.interval.overlaps(b.interval):
            return Verdict(False, f"{a.text} and {b.text} {what} agree")
        return Verdict(
            True, f"{a.text} vs {b.text} {what}: {a.interval} and {b.interval} do not overlap"
        )
    for part, whole in ((a, b), (b, a)):
        if (part.concept, whole.concept) in PARTS:
            if whole.interval.entirely_below(part.interval):
                return Verdict(
                    True,
                    f"{whole.text} {whole.concept} is fewer than {part.text} {part.concept}, "
                    f"which are part of them",
                )
            return Verdict(
                False, f"{part.text} {part.concept} fits within {whole.text} {whole.concept}"
            )
    return None


def comparisons(
    a: Sequence[Quantity], b: Sequence[Quantity]
) -> list[tuple[Quantity, Quantity, Verdict]]:
    """Every pair of figures, one from each side, about the same thing, with its verdict."""
    out = []
    for x in a:
        for y in b:
            v = compare(x, y)
            if v is not None:
                out.append((x, y, v))
    return out


def conflicts(
    a: Sequence[Quantity], b: Sequence[Quantity]
) -> list[tuple[Quantity, Quantity, Verdict]]:
    """The pairs of :func:`comparisons` that disagree."""
    return [(x, y, v) for x, y, v in comparisons(a, b) if v.conflict]
