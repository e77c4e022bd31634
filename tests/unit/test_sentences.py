"""Sentence splitting: abbreviations, initials, decimals, quotations and line breaks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fact_gui.domain.sentences import containing, split_sentences, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Maj. Gen. Pat Ryder said the U.S. had sent 1.5 bn dollars. Dr. Smith disagreed.",
            ["Maj. Gen. Pat Ryder said the U.S. had sent 1.5 bn dollars.", "Dr. Smith disagreed."],
        ),
        ('He said "No." Then he left.', ['He said "No."', "Then he left."]),
        ("Wait... no. John F. Kennedy was there.", ["Wait... no.", "John F. Kennedy was there."]),
        ("It was 9 a.m. The bus left.", ["It was 9 a.m.", "The bus left."]),
        (
            "Inflation was 3.5 per cent in Jan. 2024 vs. last year. It fell.",
            ["Inflation was 3.5 per cent in Jan. 2024 vs. last year.", "It fell."],
        ),
        (
            "“Is it over?” he asked. “Yes,” she said.",
            ["“Is it over?” he asked.", "“Yes,” she said."],
        ),
        (
            "Ask for No. 10 Downing St. staff. Plan B. The end.",
            ["Ask for No. 10 Downing St. staff.", "Plan B.", "The end."],
        ),
        (
            "Headline without a stop\nFirst sentence. Second one!",
            ["Headline without a stop", "First sentence.", "Second one!"],
        ),
        ("The U.S. Army said so.", ["The U.S. Army said so."]),
        ("Published: 17 Dec. 2024, 10:23", ["Published: 17 Dec. 2024, 10:23"]),
        ("  \n\n  ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [s.text for s in spans] == expected
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_range_and_lookup() -> None:
    text = "One. Two two. Three."
    spans = split_sentences(text, 5)
    assert [s.text for s in spans] == ["Two two.", "Three."]
    i = containing(spans, text.index("Three"))
    assert i == 1
    assert containing(spans, 0) is None
    assert [w.text for w in words("It’s 3.5 km, Ryder’s plan")] == [
        "It’s",
        "3.5",
        "km",
        "Ryder’s",
        "plan",
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_sentences_are_ordered_trimmed_and_cover_all_words(text: str) -> None:
    spans = split_sentences(text)
    prev_end = 0
    for s in spans:
        assert s.start >= prev_end and s.text == text[s.start : s.end]
        assert s.text == s.text.strip() and s.text
        prev_end = s.end
    covered = "".join(s.text for s in spans)
    assert "".join(text.split()) == "".join(covered.split())
