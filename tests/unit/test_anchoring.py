"""Relocating claims in a new version of an article: exact, by context, by words, fuzzy, or not."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fact_gui.domain.anchoring import (
    Anchor,
    Finder,
    Method,
    Placed,
    Unplaced,
    place,
    relocate,
    selector,
)
from fact_gui.domain.text import normalise, snap_span
from tests.conftest import SEEDS

SEED = normalise(SEEDS[1].read_text(encoding="utf-8"))
RYDER = "Ryder estimated that North Korea had sent approximately 12,000 troops to Russia"
KIRBY = "“We do believe that they have suffered some significant losses, killed and wounded,”"


def span_of(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    s = starts[occurrence]
    return s, s + len(quote)


def carry(old: str, new: str, quote: str, occurrence: int = 0) -> Placed | Unplaced:
    return relocate(old, new, [span_of(old, quote, occurrence)])[0]


def placed(result: Placed | Unplaced) -> Placed:
    assert isinstance(result, Placed), result
    return result


def unplaced(result: Placed | Unplaced) -> Unplaced:
    assert isinstance(result, Unplaced), result
    return result


def test_selector_holds_quote_context_and_position() -> None:
    a = selector("abc The quote here. xyz", 4, 19, context=3)
    assert a == Anchor("The quote here.", "bc ", " xy", 4)


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda t: "UPDATE: a correction was made.\n" + t, "before"),
        (lambda t: t + "\nThis story has been updated.\n", "after"),
        (lambda t: t.replace("Kirby added.", "Kirby added on Tuesday."), "after, nearby"),
        (
            lambda t: t.replace("The United States confirmed", "Washington confirmed"),
            "before, nearby",
        ),
        (lambda t: t.replace("12,000", "12,000"), "nothing"),
    ],
)
def test_unchanged_quote_is_found_exactly_whatever_changed_around_it(edit, where) -> None:
    new = edit(SEED)
    for quote in (RYDER, KIRBY, "several dozens", "Miller said"):
        p = placed(carry(SEED, new, quote))
        assert new[p.start : p.end] == quote == p.quote, where
        assert p.method is Method.EXACT


def test_moved_paragraph_is_followed() -> None:
    paras = SEED.split("\n")
    moved = paras[:4] + paras[5:] + [paras[4]]  # "Kirby's remarks follow…" to the end
    new = "\n".join(moved)
    quote = "around 200 North Korean troops had been killed"
    p = placed(carry(SEED, new, quote))
    assert new[p.start : p.end] == quote
    assert p.start > len(new) - len(paras[4])


def test_repeated_phrase_is_told_apart_by_context() -> None:
    old = (
        "The ministry said troops had arrived. Officials denied it.\n"
        "Later the ministry said troops had arrived. Nobody confirmed it.\n"
    )
    new = (
        "Breaking: a new first paragraph.\n"
        "The ministry said troops had arrived. Officials denied it.\n"
        "Later the ministry said troops had arrived. Nobody confirmed it.\n"
    )
    for occurrence in (0, 1):
        s, e = span_of(old, "said troops had arrived", occurrence)
        want = span_of(new, "said troops had arrived", occurrence)
        # With the word diff's hint it is where the diff maps it.
        p = placed(relocate(old, new, [(s, e)])[0])
        assert (p.start, p.end) == want and p.method is Method.EXACT
        # Without it (the old offset points elsewhere now), context tells them apart.
        p = placed(place(selector(old, s, e), new))
        assert (p.start, p.end) == want and p.method is Method.CONTEXT


def test_identical_repeats_go_to_the_nearest_to_the_old_place() -> None:
    old = "Yes. " * 40
    new = "Intro. " + old
    for k in (0, 7, 39):
        s = 5 * k
        p = placed(relocate(old, new, [(s, s + 3)])[0])
        assert p.start == s + 7, k


def test_same_words_with_different_spacing_case_and_quote_marks() -> None:
    old = 'He said "we do believe they suffered losses" on Monday.\n'
    new = "He said “We do  believe\nthey suffered losses” on Monday.\n"
    p = placed(carry(old, new, '"we do believe they suffered losses"'))
    assert p.method is Method.WORDS
    assert p.quote == "“We do  believe\nthey suffered losses”"
    assert new[p.start : p.end] == p.quote


def test_crlf_in_the_new_text_does_not_lose_a_quote_across_lines() -> None:
    old = "First line of the story\nsecond line goes on.\n"
    new = "First line of the story\r\nsecond line goes on.\r\n"
    p = placed(carry(old, new, "the story\nsecond line"))
    assert p.quote == "the story\r\nsecond line" and p.method is Method.WORDS


def test_emoji_and_astral_characters_keep_offsets_in_code_points() -> None:
    old = "Crowds 🎉🎉 cheered the 𝒳 result 👍🏽 today.\nOfficials 😐 said 12 were hurt.\n"
    new = "🚨 UPDATE 🚨\n" + old.replace("cheered", "loudly cheered")
    for quote in ("Officials 😐 said 12 were hurt.", "the 𝒳 result 👍🏽", "🎉🎉"):
        p = placed(carry(old, new, quote))
        assert new[p.start : p.end] == quote


@pytest.mark.parametrize(
    ("old_quote", "new_quote"),
    [
        ("approximately 12,000 troops", "approximately 11,000 troops"),
        ("approximately 12,000 troops", "approximately 12,500 troops"),
        ("around 200 North Korean troops", "around 300 North Korean troops"),
        ("in the realm of dozens, several dozens", "in the realm of hundreds, several hundreds"),
        ("17 Dec. 2024", "18 Dec. 2024"),
    ],
)
def test_a_changed_figure_is_never_carried_silently(old_quote: str, new_quote: str) -> None:
    assert old_quote in SEED
    new = SEED.replace(old_quote, new_quote)
    u = unplaced(carry(SEED, new, old_quote))
    assert u.figure_changed and u.reason.startswith("a figure changed")
    assert u.candidate is not None and new[u.candidate[0] : u.candidate[1]] == u.candidate_quote
    assert new_quote in u.candidate_quote or u.candidate_quote in new_quote


def test_corrected_figure_inside_a_long_quote_is_reported_with_both_numbers() -> None:
    new = SEED.replace("approximately 12,000 troops", "approximately 11,000 troops")
    u = unplaced(carry(SEED, new, RYDER))
    assert "“12,000” → “11,000”" in u.reason
    assert u.candidate_quote == RYDER.replace("12,000", "11,000")


def test_a_figure_added_or_removed_inside_the_quote_is_named() -> None:
    old = "Officials said troops were sent to the border on Monday.\n"
    new = "Officials said 2,000 troops were sent to the border on Monday.\n"
    u = unplaced(carry(old, new, "said troops were sent to the border"))
    assert u.reason == "a figure changed: nothing → “2,000”" and u.figure_changed
    u = unplaced(carry(new, old, "said 2,000 troops were sent to the border"))
    assert u.reason == "a figure changed: “2,000” → nothing"


def test_figure_elsewhere_does_not_capture_the_claim() -> None:
    # The old sentence now says 11,000; the old figure survives in another sentence.
    old = "Officials said about 10,000 troops were sent.\nOther news follows here.\n"
    new = (
        "Officials said about 11,000 troops were sent.\nOther news follows here.\n"
        "Earlier reports said about 10,000 troops were sent.\n"
    )
    u = unplaced(carry(old, new, "about 10,000 troops were sent"))
    assert u.figure_changed and u.candidate == span_of(new, "about 11,000 troops were sent")


@pytest.mark.parametrize(
    ("old_quote", "new_quote", "reason"),
    [
        (
            "Kirby said at a press briefing",
            "Kirby did not say at a press briefing",
            "“did not say”",
        ),
        (
            "Kirby said at a press briefing",
            "Kirby said at a secret press briefing",
            "words added “secret”",
        ),
        ("Miller echoed the confirmation", "Miller echoed the denial", "reworded"),
        (
            "North Korean troops were reportedly deployed",
            "North Korean troops were deployed",
            "words removed “reportedly”",
        ),
    ],
)
def test_changed_wording_is_listed_not_carried(old_quote: str, new_quote: str, reason: str) -> None:
    assert old_quote in SEED
    new = SEED.replace(old_quote, new_quote)
    u = unplaced(carry(SEED, new, old_quote))
    assert reason in u.reason and not u.figure_changed
    assert u.candidate_quote == new_quote


@pytest.mark.parametrize(
    ("old_word", "new_word"),
    [("confirmed", "unconfirmed"), ("could", "couldn't"), ("legal", "illegal"),
     ("possible", "impossible"), ("responsible", "irresponsible"), ("troop", "troops")],
)  # fmt: skip
def test_a_word_that_gained_a_prefix_or_ending_is_not_a_spelling_fix(
    old_word: str, new_word: str
) -> None:
    old = f"Officials said the strike was {old_word} by two independent sources on Monday.\n"
    new = old.replace(f" {old_word} ", f" {new_word} ")
    u = unplaced(carry(old, new, f"the strike was {old_word} by two independent sources"))
    assert f"reworded “{old_word}” → “{new_word}”" in u.reason


def test_a_spelling_correction_carries_with_the_new_quote() -> None:
    old = "The goverment said the soldiers were killed in action on the battlefeild.\n"
    new = "The government said the soldiers were killed in action on the battlefield.\n"
    quote = "goverment said the soldiers were killed in action on the battlefeild"
    p = placed(carry(old, new, quote))
    assert p.method is Method.FUZZY
    assert p.quote == "government said the soldiers were killed in action on the battlefield"
    assert new[p.start : p.end] == p.quote and p.score > 90


def test_removed_sentence_is_unplaced() -> None:
    new = SEED.replace(
        "“In our view, the North Korean soldiers deployed to Kursk are already legitimate targets,” Miller said.\n",
        "",
    )
    u = unplaced(
        carry(
            SEED, new, "the North Korean soldiers deployed to Kursk are already legitimate targets"
        )
    )
    assert u.reason == "the quoted text is no longer in this version"
    assert u.candidate is None and not u.figure_changed


def test_a_quote_of_only_emoji_is_found_as_itself_or_not_at_all() -> None:
    old = "Crowds cheered 🎉🎉 in the square.\n"
    assert placed(carry(old, "Intro.\n" + old, "🎉🎉")).quote == "🎉🎉"
    u = unplaced(carry(old, "Crowds cheered 🎉 in the square.\n", "🎉🎉"))
    assert u.reason == "the quoted text is no longer in this version"


def test_nothing_like_it_anywhere() -> None:
    u = unplaced(place(Anchor("zebra crossings painted purple", "", "", 10), SEED))
    assert u.reason == "the quoted text is no longer in this version" and u.candidate is None


def test_quote_must_not_land_inside_a_longer_word() -> None:
    old = "The troops left. Troopships followed.\n"
    new = "Troopships followed. The soldiers left.\n"
    result = carry(old, new, "troops")
    assert not (isinstance(result, Placed) and new[result.start : result.end + 1] == "troopships")
    assert isinstance(result, Unplaced) or new[result.start - 1 : result.end + 1] != "Troopships"


def test_a_quote_that_cut_a_word_may_still_be_found_cut() -> None:
    old = "Unbelievable numbers.\n"
    new = "Truly unbelievable numbers.\n"
    p = placed(carry(old, new, "believable"))
    assert p.quote == "believable"


def test_results_are_snapped_to_whole_words() -> None:
    old = "Officials estimated casualties at several dozen last week.\n"
    new = "Officials estimated the casualties at several dozens last week.\n"
    r = carry(old, new, "estimated casualties at several dozen")
    span = (r.start, r.end) if isinstance(r, Placed) else r.candidate
    assert span is not None and snap_span(new, *span) == span


def test_whole_text_search_has_a_budget() -> None:
    filler = "Lorem ipsum dolor sit amet consectetur. " * 2000
    old = "The minister resigned on Friday afternoon.\n" + filler
    new = filler + "\nThe minister resigned on Friday evening, aides said.\n"
    anchor = selector(old, 0, len("The minister resigned on Friday afternoon."))
    found = Finder(new).place(anchor, 0)
    assert isinstance(found, Unplaced) and found.candidate is not None  # "evening" reworded
    broke = Finder(new, budget=0).place(anchor, 0)
    assert isinstance(broke, Unplaced) and broke.candidate is None


def test_blank_anchor_is_unplaced() -> None:
    assert isinstance(place(Anchor("   ", "", "", 0), "text"), Unplaced)


def test_many_claims_in_one_pass_match_one_by_one() -> None:
    new = SEED.replace("12,000", "11,000").replace("Miller said.", "Miller told reporters.")
    quotes = [RYDER, KIRBY, "Miller said.", "several dozens", "Pentagon Press Secretary"]
    spans = [span_of(SEED, q) for q in quotes]
    together = relocate(SEED, new, spans)
    alone = [relocate(SEED, new, [s])[0] for s in spans]
    assert together == alone
    assert [isinstance(r, Placed) for r in together] == [False, True, False, True, True]


VOCABULARY = "the troops ministry said 12,000 about “quoted” Kursk 🎉 𝒳 café, officials. and a — of 200 dozen"
WORDS = st.sampled_from(VOCABULARY.split())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(WORDS, min_size=1, max_size=60),
    seps=st.lists(st.sampled_from([" ", " ", "\n", "  ", "\n\n"]), min_size=60, max_size=60),
    data=st.data(),
)
def test_property_quote_in_unchanged_text_is_found_at_its_exact_place(words, seps, data) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    span = snap_span(text, a, b)
    if span is None:
        return
    p = relocate(text, text, [span])[0]
    assert isinstance(p, Placed) and (p.start, p.end) == span and p.quote == text[span[0] : span[1]]


@settings(max_examples=100, deadline=None)
@given(
    head=st.text(min_size=0, max_size=40),
    tail=st.text(min_size=0, max_size=40),
    quote_words=st.lists(
        st.sampled_from(["alpha", "beta", "gamma", "delta", "7", "🎉"]), min_size=2, max_size=6
    ),
)
def test_property_unchanged_quote_survives_edits_outside_it(head, tail, quote_words) -> None:
    quote = " ".join(quote_words)
    old = f"Start here. {quote} end here.\n"
    new = f"{normalise(head)}\nStart here. {quote} end here.\n{normalise(tail)}"
    s = old.index(quote)
    p = relocate(old, new, [(s, s + len(quote))])[0]
    assert isinstance(p, Placed) and p.quote == quote and new[p.start : p.end] == quote


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=st.text(min_size=1, max_size=200), new=st.text(max_size=200), data=st.data())
def test_property_any_texts_give_consistent_placements(old: str, new: str, data) -> None:
    """Any Unicode, control characters included: no exception, answers point at real text."""
    a = data.draw(st.integers(0, len(old) - 1))
    b = data.draw(st.integers(a + 1, len(old)))
    (result,) = relocate(old, new, [(a, b)])
    if isinstance(result, Placed):
        assert 0 <= result.start < result.end <= len(new)
        assert result.quote == new[result.start : result.end]
    else:
        assert result.reason
        if result.candidate is not None:
            s, e = result.candidate
            assert 0 <= s <= e <= len(new) and new[s:e] == result.candidate_quote
