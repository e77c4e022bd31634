"""Text normalisation, titles, word snapping and code-point/UTF-16 conversion."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fact_gui.domain.text import OffsetMap, first_meaningful_line, normalise, snap_span


def test_normalise_line_ends_bom_and_nfc() -> None:
    assert normalise("\ufeffa\r\nb\rc\u2028d\u2029e\x0bf") == "a\nb\nc\nd\ne\nf"
    assert normalise("Cafe\u0301") == "Café"  # NFD -> NFC
    assert len(normalise("Cafe\u0301")) == 4


def test_first_meaningful_line_skips_blank_and_symbol_lines() -> None:
    assert first_meaningful_line("\n   \n---\n  Hello   world \nnext") == "Hello world"
    assert first_meaningful_line("") == ""
    long = "word " * 100
    title = first_meaningful_line(long)
    assert len(title) <= 201 and title.endswith("…")


def test_snap_extends_to_words_and_trims_spaces() -> None:
    text = "The troops suffered significant losses."
    # "roops suff" -> "troops suffered"
    i = text.index("roops")
    assert snap_span(text, i, i + len("roops suff")) == (4, 19)
    # leading/trailing spaces are trimmed
    j = text.index(" significant")
    assert snap_span(text, j, j + len(" significant ")) == (j + 1, j + 12)
    # punctuation at the edge stays as selected
    k = text.index("losses.")
    assert snap_span(text, k, k + 7) == (k, k + 7)
    assert snap_span(text, 3, 4) is None  # only a space
    # reversed bounds are accepted
    assert snap_span(text, 19, 4) == (4, 19)


def test_offset_map_with_astral_characters() -> None:
    text = "a😀b😀😀c"
    m = OffsetMap(text)
    # code points: a0 😀1 b2 😀3 😀4 c5 ; UTF-16: a0 😀1-2 b3 😀4-5 😀6-7 c8
    assert [m.to_qt(i) for i in range(7)] == [0, 1, 3, 4, 6, 8, 9]
    assert [m.from_qt(q) for q in (0, 1, 3, 4, 6, 8, 9)] == list(range(7))
    assert m.from_qt(2) == 2  # inside a surrogate pair rounds up
    assert OffsetMap("plain ascii").identity


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60))
def test_offset_map_round_trip(text: str) -> None:
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        q = m.to_qt(i)
        assert q == len(text[:i].encode("utf-16-le")) // 2
        assert m.from_qt(q) == i
