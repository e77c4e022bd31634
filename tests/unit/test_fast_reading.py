"""The shortcuts of the story finder and the readability check never decide otherwise.

``pasted._surely_prose`` and ``readable._surely_readable`` prove cheaply what the full
reading would say of most lines and texts; whenever they say yes, the full reading must say
the same. Checked here on generated lines of every make (capitals, other scripts, the four
letters IGNORECASE folds to ASCII ones, separators, list marks, invisible and control
characters), beside the recorded corpus of ``test_reading_unchanged``.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fact_gui.domain import pasted, readable
from fact_gui.domain.pasted import is_furniture, is_prose
from fact_gui.domain.text import normalise

PLAIN = ["the", "ministry", "said", "troops", "border", "on", "a", "had", "been", "moved", "to",
         "figure", "that", "officials", "disputed", "in", "capital", "reporters", "analysts"]  # fmt: skip
SPICE = [
    "U.S.", "e-mail", "it’s", "NATO", "Kyiv", "DIU", "(DIU)", "Zoë", "Müller", "Émile", "ÉTAT",
    "Жертвы", "войск", "Σ", "中国", "ſkip", "İstanbul", "ıl", "Kelvin", "12,000", "3.5", "—",
    "–", "“We", "said.”", "🙂", "📍", "iPhone", "camelCase", "aBcDeF", "©", "(c)", "2024",
    "views", "Shares", "likes", "privacy", "policy", "cookie", "settings", "skip", "content",
    "Sign", "up", "for", "our", "ALL", "RIGHTS", "RESERVED", "\u200b", "\ufffd", "\ufffc",
    "\x07", "_", "x_y", "²", "Ⅻ", "٣", "ﬁ", "ß", "The", "Pentagon", "Monday", "•", "|",
]  # fmt: skip
SEPARATORS = [" "] * 12 + ["  ", "\t", "\u00a0", ", ", " — ", " | ", " • ", " · ", " » ", "\u3000"]
LEADS = [""] * 8 + ["• ", "- ", "* ", "1. ", "[1] ", "  ", "\u00a0"]

# Word counts on and around every threshold, and paragraphs longer than the head read.
COUNTS = (1, 3, 7, 8, 9, 25, 26, 27, 39, 40, 41, 45, 50, 60, 61, 70, 90, 120)


@st.composite
def lines(draw: st.DrawFn, clean: bool = False) -> str:
    """A line of mostly plain lower-case words, spiced with anything at all.

    Long lines of plain words are proved prose; the spice and random characters in
    between meet everything that should stop the proof.
    """
    # Hypothesis's own randoms lean to the first choices; a seeded Random spreads evenly.
    rnd = random.Random(draw(st.integers(0, 2**32)))
    spice = 0.0 if clean else rnd.choice((0.0, 0.0, 0.0, 0.02, 0.1, 0.3))
    spaced = clean or rnd.random() < 0.7  # only spaces between words, or any separator
    # Capitalised words, and case flips and run-together words, around where they count.
    capitals = rnd.choice((0.0, 0.1, 0.3, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 1.0))
    flips = rnd.choice((0.0, 0.0, 0.0, 0.0, 0.05, 0.3))
    joined = rnd.choice((0.0, 0.0, 0.0, 0.2, 0.8))
    out = rnd.choice(LEADS)
    for _ in range(rnd.choice(COUNTS)):
        r = rnd.random()
        if r < spice / 4:
            out += "".join(chr(rnd.randrange(0x110000)) for _ in range(rnd.randint(1, 4)))
        elif r < spice:
            out += rnd.choice(SPICE)
        else:
            w = rnd.choice(PLAIN)
            w = w.capitalize() if rnd.random() < capitals else w
            out += "".join(ch.upper() if rnd.random() < flips else ch for ch in w) if flips else w
        out += "" if rnd.random() < joined else " " if spaced else rnd.choice(SEPARATORS)
    return out.strip() or "x"


@st.composite
def texts(draw: st.DrawFn) -> str:
    clean = draw(st.booleans())
    return "\n".join(draw(st.lists(lines(clean), max_size=12)))


@settings(max_examples=1000, deadline=None)
@given(lines())
def test_a_line_proved_prose_is_prose_word_by_word(line: str) -> None:
    if pasted._surely_prose(line):
        assert pasted._read_kind(line) == "prose"


@settings(max_examples=400, deadline=None)
@given(texts())
def test_a_text_proved_readable_is_readable_character_by_character(text: str) -> None:
    sample = readable._sample(text)
    if readable._surely_readable(sample):
        assert readable._judge(text, sample) is None


@settings(max_examples=1000, deadline=None)
@given(lines())
def test_the_furniture_phrases_are_found_as_the_regex_finds_them(line: str) -> None:
    whole = re.compile(f"{pasted._FURNITURE_IN.pattern}|{pasted._COUNTER_END.pattern}", re.I)
    assert pasted._furniture_phrase(line) == (whole.search(line) is not None)


@pytest.mark.parametrize(
    "line",
    ["ſkip to content", "PRİVACY POLİCY", "prıvacy polıcy · Terms of use", "Accept all cooKies",
     "Cookie ſettings", "Sign up for our briefing", "© 2025 Example Media", "(C) 2024 Baltic Wire",
     "1.2k VİEWS", "ALL RIGHTS RESERVED"],
)  # fmt: skip
def test_furniture_phrases_in_any_case_the_regex_matches(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        # Long paragraphs: the head decides, or the whole line does.
        "The ministry said on Monday that " * 12,
        "Министерство обороны сообщило о потерях в Курской области, " * 6,
        "“We have seen no evidence of that,” Kirby said. " * 9,
        # Capitals everywhere are not prose, however long.
        "North Korean Troops Suffer Losses In Kursk As Pentagon Confirms Figures " * 5,
        # A list item, a menu.
        "• The ministry said on Monday that the troops had crossed the border at dawn, "
        "and that the figures given by the regional governor could not be verified.",
        "Home | World | Politics | Sport | Culture | Opinion | Business | Science | Video",
        # On the edges: 8 words that are furniture as a whole line...
        "Read more about the troops near the border",
        "Share this story with your friends and family",
        # ... 25 words (the first token holds none) ending in a legal phrase...
        "12,000 " + " ".join(PLAIN[:19] + PLAIN[:3]) + " all rights reserved",
        # ... and 25 of the first 40 words capitalised, in a paragraph longer than the head.
        " ".join([w.capitalize() for w in PLAIN] + PLAIN[:15] + [w.capitalize() for w in PLAIN[:6]]
                 + PLAIN * 2),
    ],
)  # fmt: skip
def test_lines_on_the_edges_are_read_as_before(line: str) -> None:
    assert is_prose(line) == (pasted._read_kind(line) == "prose")
    assert pasted._kind(line) == pasted._read_kind(line)


def test_every_invisible_or_control_character_but_two_is_unprintable() -> None:
    # _surely_readable trusts str.isprintable() to rule out what _CONTROL and _INVISIBLE
    # count; a Unicode update that made one of them printable would break that.
    every = "".join(map(chr, range(0x110000)))
    for pattern in (readable._CONTROL, readable._INVISIBLE):
        counted = pattern.findall(every)
        assert len(counted) > 30
        printable = [hex(ord(ch)) for ch in counted if ch.isprintable()]
        assert printable == [hex(ord(ch)) for ch in readable._PRINTABLE_INVISIBLE
                             if pattern.match(ch)]  # fmt: skip


@pytest.mark.parametrize("br", ["\r\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"])
def test_each_line_break_alone_is_normalised(br: str) -> None:
    # normalise looks for these before substituting: each one alone must be found.
    assert normalise(f"one{br}two{br}") == "one\ntwo\n"


def test_reading_long_lines_keeps_nothing_of_them() -> None:
    # A batch reads thousands of texts in one process: a cache keyed by their lines kept
    # every megabyte-long paragraph alive (the main process grew by 250 MB in the fuzz run).
    import gc
    import tracemalloc

    from fact_gui.domain.pasted import read_plain

    read_plain("warm up\n" + "word " * 100)
    tracemalloc.start()
    try:
        for n in range(20):
            read_plain(f"Headline {n}\n" + f"The ministry said {n} troops moved. " * 30_000)
        gc.collect()
        kept, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 2 * 2**20, f"{kept / 2**20:.1f} MB kept after reading 20 texts of 1 MB"
