"""Source registry matching, independence counting and the suggested tag."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fact_gui.domain.sources import (
    Evidence,
    Independence,
    Registry,
    Source,
    Stance,
    merged,
    normalise_name,
    suggest_tag,
)
from fact_gui.domain.tags import Tag

US = "US government"
RYDER = Source(1, "Pat Ryder", ("Pentagon press secretary", "Patrick S. Ryder"), US, "person")
KIRBY = Source(2, "John Kirby", ("NSC coordinator for strategic communications",), US, "person")
MILLER = Source(3, "Matthew Miller", ("State Department spokesperson",), US, "person")
DIU = Source(
    4,
    "Defence Intelligence of Ukraine",
    ("DIU", "Military Intelligence Directorate"),
    "Ukrainian government",
    "body",
)
KREMLIN = Source(5, "Kremlin", ("Dmitry Peskov",), "Russian government", "body")
PENTAGON = Source(6, "Pentagon", ("US Department of Defense",), US, "body")
RYDER_B = Source(7, "Paul Ryder", (), "Ryder & Co", "person")
REGISTRY = Registry([RYDER, KIRBY, MILLER, DIU, KREMLIN, PENTAGON])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ryder", RYDER),
        ("Pat Ryder", RYDER),
        ("Maj. Gen. Pat Ryder", RYDER),
        ("Pentagon Press Secretary Pat Ryder", RYDER),
        ("Pentagon press secretary", RYDER),
        ("pat ryder", RYDER),
        ("Pat Rider", RYDER),  # a typo
        ("National Security Communications Adviser John Kirby", KIRBY),
        ("Kirby", KIRBY),
        ("Department of State spokesperson Matthew Miller", MILLER),
        ("DIU", DIU),
        ("the DIU", DIU),
        ("Ukraine’s Military Intelligence Directorate (DIU)", DIU),
        ("Defence Intelligence of Ukraine", DIU),
        ("the Kremlin", KREMLIN),
        ("Dmitry Peskov", KREMLIN),
        ("Déf\u0065nce Intelligence of Ukraine", DIU),
    ],
)
def test_registry_matches_names_aliases_titles_and_typos(typed: str, expected: Source) -> None:
    m = REGISTRY.best(typed)
    assert m is not None and m.source == expected, REGISTRY.match(typed)
    assert m.why


@pytest.mark.parametrize("typed", ["Boris Johnson", "the weather service", "", "   ", "Mr.", "x"])
def test_unknown_names_are_not_forced_onto_an_entry(typed: str) -> None:
    assert REGISTRY.best(typed) is None


def test_a_shared_surname_is_ambiguous_but_both_are_offered() -> None:
    reg = Registry([RYDER, RYDER_B])
    assert reg.best("Ryder") is None
    assert {m.source.id for m in reg.match("Ryder")} == {1, 7}
    best = reg.best("Paul Ryder")
    assert best is not None and best.source == RYDER_B


def test_offers_are_ranked_best_first_one_per_source() -> None:
    offers = REGISTRY.match("Pentagon")
    assert offers[0].source == PENTAGON
    assert len({m.source.id for m in offers}) == len(offers)
    assert all(a.score >= b.score for a, b in pairwise(offers))


def test_merge_keeps_every_name() -> None:
    m = merged(
        RYDER, Source(9, "Patrick Ryder", ("Pentagon press secretary", "Gen. Ryder"), "", "person")
    )
    assert m.id == RYDER.id and m.affiliation == US
    assert "Patrick Ryder" in m.aliases and "Gen. Ryder" in m.aliases
    assert (
        sum(normalise_name(n) == normalise_name("Pentagon Press Secretary") for n in m.names) == 1
    )


def ev(source, stance=Stance.SUPPORTS, outlet="", credible=True):
    return Evidence(source, stance, outlet, credible)


def test_two_us_officials_are_one_source_by_affiliation() -> None:
    s = suggest_tag([ev(RYDER), ev(KIRBY)])
    assert s.tag is Tag.SINGLE_SOURCE
    assert s.reason.startswith("two supporting statements, both US government")
    assert s.disagrees(Tag.CONFIRMED) and not s.disagrees(Tag.SINGLE_SOURCE)
    assert "evidence suggests Single source" in s.disagreement(Tag.CONFIRMED)
    # ... but two at person level
    p = suggest_tag([ev(RYDER), ev(KIRBY)], Independence.PERSON)
    assert p.tag is Tag.CONFIRMED and "two independent supporting sources" in p.reason


def test_independent_affiliations_confirm() -> None:
    s = suggest_tag([ev(PENTAGON), ev(DIU), ev(RYDER)])
    assert s.tag is Tag.CONFIRMED
    assert "US government (Pat Ryder and Pentagon)" in s.reason
    assert "Defence Intelligence of Ukraine (Ukrainian government)" in s.reason


def test_a_credible_contradiction_disputes() -> None:
    s = suggest_tag([ev(PENTAGON), ev(DIU), ev(KREMLIN, Stance.CONTRADICTS)])
    assert s.tag is Tag.DISPUTED
    assert s.reason.startswith("supported by ")
    assert "contradicted by Kremlin (Russian government)" in s.reason
    not_credible = suggest_tag(
        [ev(PENTAGON), ev(DIU), ev(KREMLIN, Stance.CONTRADICTS, credible=False)]
    )
    assert not_credible.tag is Tag.CONFIRMED


def test_outlets_relaying_one_briefing_are_one_source() -> None:
    items = [ev(RYDER, outlet=o) for o in ("Reuters", "AP", "Ukrainska Pravda")]
    s = suggest_tag(items, Independence.PERSON)
    assert s.tag is Tag.SINGLE_SOURCE
    assert "three outlets relaying Pat Ryder count once" in s.reason


def test_context_and_unnamed_items_do_not_count() -> None:
    s = suggest_tag([ev(None), ev(KREMLIN, Stance.CONTEXT)])
    assert s.tag is None and not s.disagrees(Tag.CONFIRMED)
    assert "one item with no originating source not counted" in s.reason
    assert suggest_tag([]).tag is None


def test_a_source_without_affiliation_stands_alone() -> None:
    a = Source(20, "Jane Roe", (), "", "person")
    b = Source(21, "John Doe", (), "", "person")
    s = suggest_tag([ev(a), ev(b)])
    assert s.tag is Tag.CONFIRMED


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_matching_never_fails_on_arbitrary_text(text: str) -> None:
    for m in REGISTRY.match(text):
        assert 0 <= m.score <= 100


@settings(max_examples=100, deadline=None)
@given(st.permutations([ev(RYDER), ev(KIRBY), ev(DIU), ev(KREMLIN, Stance.CONTRADICTS), ev(None)]))
def test_suggestion_does_not_depend_on_order(items) -> None:
    s = suggest_tag(items)
    assert s.tag is Tag.DISPUTED
    assert s == suggest_tag(
        [ev(RYDER), ev(KIRBY), ev(DIU), ev(KREMLIN, Stance.CONTRADICTS), ev(None)]
    )
