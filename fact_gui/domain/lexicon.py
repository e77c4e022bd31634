"""Word lists shared by the evidence modules: counted things, speech verbs, stop words."""

from __future__ import annotations

import re
from functools import lru_cache


def word_set(spec: str) -> frozenset[str]:
    """The whitespace-separated words of ``spec`` (word lists read better as prose)."""
    return frozenset(spec.split())


# Function words and frequent verbs: they end a noun phrase and are never entities.
STOP_WORDS = word_set(
    """a an the and or but nor so yet of in on at to from for by with without within into onto
    about above after against along among around as before behind below beneath beside between
    beyond during except inside near off out outside over past since than through throughout
    till toward towards under until up upon via per
    i me my we us our you your he him his she her it its they them their this that these those
    who whom whose which what when where why how there here
    is are was were be been being am has have had having do does did done will would shall
    should can could may might must ought not no yes also just only even still already
    last this next each every any some all both either neither few many much more most other
    such own same very too than then now once again ago
    said says say told tell according added adds noted notes"""
)

# What a figure counts, by concept: the first word of each line is the concept's name.
# Casualty words follow military usage: casualties are the killed plus the wounded
# (and missing), so "killed" and "wounded" are parts of "casualties" (see PARTS).
_COUNT_CONCEPTS = """
troops: troop soldier serviceman servicemen servicemember personnel fighter force marine
    paratrooper infantryman conscript
killed: killed dead death fatality died life body toll death_toll lost_their_lives
wounded: wounded injured injury hurt
missing: missing
casualties: casualty loss killed_and_wounded killed_or_wounded dead_and_wounded dead_or_wounded
    dead_and_injured killed_and_injured killed_or_injured dead_or_injured
civilians: civilian noncombatant
people: people person individual resident inhabitant citizen adult man men woman women
children: child kid minor
homes: home house dwelling household property flat apartment
buildings: building structure
passengers: passenger traveller traveler rider journey trip
votes: vote ballot
voters: voter elector
seats: seat
cases: case infection
patients: patient admission hospitalisation hospitalization
jobs: job post position vacancy
workers: worker employee staff staffer
students: student pupil schoolchild
teachers: teacher
doses: dose vaccination jab shot
flights: flight
cars: car vehicle
arrests: arrest arrested detained detention detainee
evacuated: evacuated evacuee
displaced: displaced
refugees: refugee asylum_seeker migrant
prisoners: prisoner captive hostage
protesters: protester protestor demonstrator marcher
trees: tree
cables: cable
"""
_MONEY_CONCEPTS = """
cost: cost costing price bill
budget: budget allocation
deficit: deficit shortfall gap
debt: debt borrowing
revenue: revenue income turnover sales takings
spending: spending expenditure outlay
funding: funding fund grant investment aid subsidy
fine: fine penalty
pay: salary pay wage earnings
fee: fee fare charge ticket
compensation: compensation damages settlement payout
profit: profit
loss: loss
tax: tax levy
value: value valuation worth
contract: contract deal
"""
_SHARE_CONCEPTS = """
turnout: turnout
unemployment: unemployment jobless joblessness
inflation: inflation
growth: growth gdp
interest_rate: interest_rate base_rate
support: support approval backing
vote_share: vote_share share_of_the_vote
"""
_MEASURE_CONCEPTS = """
rainfall: rain rainfall precipitation
snowfall: snow snowfall
temperature: temperature high low
wind: wind gust
distance: distance length
area: area
sentence: sentence jail prison term
delay: delay
"""


def _table(spec: str) -> dict[str, str]:
    out: dict[str, str] = {}
    # a line starting with spaces continues the concept above it
    for line in re.sub(r"\n\s+", " ", spec.strip()).splitlines():
        concept, words = line.split(":")
        for w in words.split():
            out[w.replace("_", " ")] = concept
        out[concept.replace("_", " ")] = concept
    return out


COUNT_CONCEPTS = _table(_COUNT_CONCEPTS)
MONEY_CONCEPTS = _table(_MONEY_CONCEPTS)
SHARE_CONCEPTS = _table(_SHARE_CONCEPTS)
MEASURE_CONCEPTS = _table(_MEASURE_CONCEPTS)
# A figure for a part can never exceed one for its whole: (part, whole).
PARTS = frozenset({("killed", "casualties"), ("wounded", "casualties"), ("missing", "casualties")})
# States a count can be in ("200 troops had been killed"): the state becomes the concept.
STATES = frozenset({"killed", "wounded", "missing", "arrests", "evacuated", "displaced"})

_IRREGULAR = {
    "people": "people",
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "leaves": "leaf",
    "halves": "half",
    "thieves": "thief",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "data": "data",
    "media": "media",
    "news": "news",
    "series": "series",
    "species": "species",
    "personnel": "personnel",
    "staff": "staff",
    "police": "police",
    "aircraft": "aircraft",
    "sheep": "sheep",
    "fish": "fish",
    "deer": "deer",
    "damages": "damages",
    "earnings": "earnings",
    "sales": "sales",
    "takings": "takings",
    "savings": "savings",
    "gas": "gas",
    "bus": "bus",
    "analysis": "analysis",
    "crisis": "crisis",
    "thesis": "thesis",
    "status": "status",
    "census": "census",
    "campus": "campus",
    "virus": "virus",
    "bonus": "bonus",
    "focus": "focus",
    "chorus": "chorus",
    "us": "us",
    "is": "is",
    "was": "was",
    "has": "has",
    "this": "this",
    "its": "its",
    "his": "his",
}
_ES_ENDINGS = re.compile(r"(?:ch|sh|ss|x|z|o)es$")
# "inflect" would do this, but importing it costs 1.8 s (typeguard); counted nouns in
# news need only the regular rules and a short list of exceptions.


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """English singular of a lower-case noun (regular rules and common exceptions)."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ves"):
        return w[:-3] + "f"
    if _ES_ENDINGS.search(w):
        return w[:-2]
    return w[:-1]


def concept_of(words: tuple[str, ...], table: dict[str, str]) -> str | None:
    """The concept a (lower-case) word sequence names in ``table``, trying plural forms too."""
    phrase = " ".join(words)
    if phrase in table:
        return table[phrase]
    single = " ".join((*words[:-1], singular(words[-1])))
    return table.get(single)


# Verbs that introduce reported speech or an estimate, in their reporting forms.
SPEECH_VERBS = word_set(
    """said says say saying told tells tell stated states state declared declares announced
    announces added adds noted notes explained explains estimated estimates estimate put puts
    reported reports confirmed confirms claimed claims claim insisted insists argued argues
    warned warns wrote writes write acknowledged acknowledges admitted admits denied denies
    emphasized emphasised emphasizes emphasises stressed stresses cautioned cautions
    suggested suggests predicted predicts forecast forecasts projected projects calculated
    calculates counted recorded records revealed reveals disclosed discloses
    asserted asserts alleged alleges maintained maintains observed observes
    corroborated corroborates echoed echoes responded responds replied replies
    continued continues concluded concludes told briefed briefs tweeted posted
    testified testifies conceded concedes countered counters contended contends
    assessed assesses believes believed thinks thought described describes called calls
    labelled labeled branded found finds show shows showed suggest suggested"""
)
