"""Figures: recognition, normalisation to intervals, counted concepts, and conflicts."""

from __future__ import annotations

import math

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from fact_gui.domain.quantities import (
    COUNT,
    MEASURE,
    MONEY,
    SHARE,
    Interval,
    compare,
    conflicts,
    decimal_mark,
    extract_quantities,
    guess_decimal_mark,
    parse_number,
)


def one(text: str, **kw):
    qs = extract_quantities(text, **kw)
    assert len(qs) == 1, [q.describe() for q in qs]
    q = qs[0]
    assert text[q.start : q.end] == q.text
    return q


@pytest.mark.parametrize(
    ("text", "written", "low", "high", "family", "unit", "concept"),
    [
        (
            "North Korea deployed around 10,000 troops.",
            "around 10,000",
            9_500,
            10_500,
            COUNT,
            "",
            "troops",
        ),
        (
            "It sent approximately 12,000 troops to Russia.",
            "approximately 12,000",
            11_400,
            12_600,
            COUNT,
            "",
            "troops",
        ),
        (
            "Kirby estimated the casualties to be “several dozen,” he said.",
            "several dozen",
            24,
            96,
            COUNT,
            "",
            "casualties",
        ),
        (
            "The ministry put the cost at €48 million.",
            "€48 million",
            47.5e6,
            48.5e6,
            MONEY,
            "EUR",
            "cost",
        ),
        (
            "The repairs will cost 48 million euros.",
            "48 million euros",
            47.5e6,
            48.5e6,
            MONEY,
            "EUR",
            "cost",
        ),
        ("The bridge cost €48m in the end.", "€48m", 47.5e6, 48.5e6, MONEY, "EUR", "cost"),
        (
            "Fewer than 2 500 homes were flooded.",
            "Fewer than 2 500",
            1_250,
            2_500,
            COUNT,
            "",
            "homes",
        ),
        (
            "Fewer than 2\u202f500 homes were flooded.",
            "Fewer than 2\u202f500",
            1_250,
            2_500,
            COUNT,
            "",
            "homes",
        ),
        (
            "The deal is worth $1.2bn, officials said.",
            "$1.2bn",
            1.15e9,
            1.25e9,
            MONEY,
            "USD",
            "value",
        ),
        ("Inflation reached 3,5 % in May.", "3,5 %", 3.45, 3.55, SHARE, "%", "inflation"),
        (
            "Between 40 and 50 homes were destroyed.",
            "Between 40 and 50",
            40,
            50,
            COUNT,
            "",
            "homes",
        ),
        ("Some 40 to 50 homes were destroyed.", "Some 40 to 50", 38, 52.5, COUNT, "", "homes"),
        (
            "A third of voters backed the plan.",
            "A third",
            31.667,
            35.0,
            SHARE,
            "%",
            "share of voters",
        ),
        (
            "More than half of the patients recovered.",
            "More than half",
            50,
            100,
            SHARE,
            "%",
            "share of patients",
        ),
        (
            "Twelve thousand troops crossed the border.",
            "Twelve thousand",
            12_000,
            12_000,
            COUNT,
            "",
            "troops",
        ),
        (
            "The line carried 1.2 million passengers last year.",
            "1.2 million",
            1.15e6,
            1.25e6,
            COUNT,
            "",
            "passengers",
        ),
        (
            "The line carried 1,200,000 passengers last year.",
            "1,200,000",
            1.2e6,
            1.2e6,
            COUNT,
            "",
            "passengers",
        ),
        (
            "Nearly 5,000 homes lost power overnight.",
            "Nearly 5,000",
            4_500,
            5_000,
            COUNT,
            "",
            "homes",
        ),
        ("The storm killed at least 12 people.", "at least 12", 12, 24, COUNT, "", "killed"),
        ("Some 40mm of rain fell in an hour.", "Some 40mm", 0.038, 0.042, MEASURE, "m", "rainfall"),
        ("Temperatures reached 40C on Sunday.", "40C", 39.5, 40.5, MEASURE, "°C", "temperature"),
        (
            "Temperatures reached 104°F on Sunday.",
            "104°F",
            39.722,
            40.278,
            MEASURE,
            "°C",
            "temperature",
        ),
        (
            "Gusts of up to 120 km/h were recorded.",
            "up to 120 km/h",
            60,
            120,
            MEASURE,
            "km/h",
            "wind",
        ),
        (
            "Tens of thousands of people marched.",
            "Tens of thousands",
            20_000,
            99_999,
            COUNT,
            "",
            "people",
        ),
        (
            "A 10,000-strong force crossed the river.",
            "10,000-strong",
            10_000,
            10_000,
            COUNT,
            "",
            "troops",
        ),
        ("Hundreds of people were evacuated.", "Hundreds", 200, 999, COUNT, "", "evacuated"),
        ("One in five adults still smokes.", "One in five", 19, 21, SHARE, "%", "share of people"),
        (
            "The council set a budget of £1.2bn for 2025-26.",
            "£1.2bn",
            1.15e9,
            1.25e9,
            MONEY,
            "GBP",
            "budget",
        ),
        ("Turnout was 61.5 per cent.", "61.5 per cent", 61.45, 61.55, SHARE, "%", "turnout"),
        (
            "Divers found that nine of the 22 cables were cut.",
            "nine of the 22",
            9,
            9,
            COUNT,
            "",
            "cables",
        ),
        ("Police detained a dozen protesters.", "a dozen", 11.4, 12.6, COUNT, "", "arrests"),
        ("Over 300 flights were cancelled.", "Over 300", 300, 600, COUNT, "", "flights"),
        (
            "The fund paid out CHF 1'000 to each family.",
            "CHF 1'000",
            1000,
            1000,
            MONEY,
            "CHF",
            "funding",
        ),
        ("Fares rose to 2,50 € per trip.", "2,50 €", 2.495, 2.505, MONEY, "EUR", "fee"),
    ],
)
def test_figures_are_read_with_their_interval_and_concept(
    text, written, low, high, family, unit, concept
) -> None:
    q = one(text)
    assert q.text == written
    assert q.family == family and q.unit == unit
    assert q.concept == concept
    assert q.interval.low == pytest.approx(low, rel=1e-3)
    assert q.interval.high == pytest.approx(high, rel=1e-3)


def test_open_ends_and_states() -> None:
    q = one("Fewer than 2 500 homes were flooded.")
    assert q.interval.high_open and not q.interval.low_open
    q = one("More than half of the patients recovered.")
    assert q.interval.low_open
    q = one("Kirby said around 200 North Korean troops had been killed.")
    assert (q.concept, q.subject, q.noun) == ("killed", "troops", "North Korean troops")
    q = one("The ministry said 14 people died in the fire.")
    assert (q.concept, q.subject) == ("killed", "people")
    q = one("Divers found that nine of the 22 cables were cut.")
    assert q.of_total == 22


def test_changes_are_signed_and_kept_apart_from_levels() -> None:
    up = one("Sales were up 4% on the year.")
    assert up.change == 1 and up.interval.low > 0
    down = one("Unemployment fell by 0.3 percentage points.")
    assert down.change == -1 and down.unit == "pp" and down.interval.high < 0
    level = one("Unemployment stood at 4.1% in May.")
    assert level.change == 0
    rose_to = one("Unemployment rose to 4.1% in May.")
    assert rose_to.change == 0  # "rose to" states the new level
    assert compare(level, rose_to) is not None
    assert compare(level, down) is None  # a change is not a level


@pytest.mark.parametrize(
    "text",
    [
        "The report was published on 12 March 2024.",
        "Published: 17 Dec. 2024, 10:23",
        "On March 3, 2024 the polls opened at 7 a.m.",
        "In 2024 voters went to the polls.",
        "date 2024-12-17 North Korean forces suffer losses",
        "The 2025-26 budget was approved.",
        "Su-27 and MiG-29 jets, COVID-19 rules and F-16s.",
        "A 45-year-old man and a 7-minute lap on Route 66.",
        "Comments0 and the 13th death anniversary, the 1990s.",
        "He lives at No. 10 and reads Article 5 of the treaty.",
        "one official said the talks would go on.",
    ],
)
def test_dates_labels_and_names_are_not_figures(text: str) -> None:
    assert extract_quantities(text) == []


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("around 10,000 troops were deployed", "approximately 12,000 troops were sent", True),
        ("around 10,000 troops were deployed", "10,000 troops were sent", False),
        ("about 10,000 soldiers were deployed", "10,000 troops were sent", False),
        ("the casualties were “several dozen,” he said", "approximately 200 were killed", True),
        ("about 200 troops had been killed", "approximately 200 fatalities", False),
        ("the cost was €48m", "it will cost 48 million euros", False),
        ("the cost was €48m", "it will cost €60m", True),
        ("the cost was €48m", "it will cost $48m", None),  # no exchange rates: not compared
        ("about 3,000 homes lost power", "nearly 5,000 homes lost power", True),
        ("about 3,000 homes lost power", "nearly 3,100 homes lost power", False),
        ("1.2 million passengers used it", "1,200,000 passengers used it", False),
        ("1.2 million passengers used it", "1.4 million passengers used it", True),
        ("fewer than 2 500 homes were flooded", "2,700 homes were flooded", True),
        ("fewer than 2 500 homes were flooded", "2,400 homes were flooded", False),
        ("fewer than 2 500 homes were flooded", "2,500 homes were flooded", True),
        ("more than 300 flights were cancelled", "320 flights were cancelled", False),
        ("more than 300 flights were cancelled", "1,000 flights were cancelled", True),
        ("at least 12 people were killed", "12 people died", False),
        ("a third of voters backed it", "33% of voters backed it", False),
        ("a third of voters backed it", "45% of voters backed it", True),
        ("several dozen casualties", "about 40 killed", False),  # killed fits inside casualties
        ("200 troops were deployed", "200 civilians were killed", None),
        ("about 200 civilians were killed", "about 50 troops were killed", None),
        ("sales were up 4%", "sales were down 4%", True),
        ("between 40 and 50 homes", "45 homes", False),
        ("between 40 and 50 homes", "60 homes", True),
    ],
)
def test_conflict_between_two_figures(a: str, b: str, conflict: bool | None) -> None:
    (qa,) = extract_quantities(a)
    (qb,) = extract_quantities(b)
    v = compare(qa, qb)
    w = compare(qb, qa)
    if conflict is None:
        assert v is None and w is None
        return
    assert v is not None and w is not None, (qa.describe(), qb.describe())
    assert v.conflict is conflict and w.conflict is conflict, (qa.describe(), qb.describe(), v)
    assert v.reason


def test_conflicts_pairs_only_disagreeing_figures() -> None:
    a = extract_quantities("About 10,000 troops and several dozen casualties.")
    b = extract_quantities("Some 12,000 troops; about 200 killed; 50 tanks.")
    found = {(x.concept, y.concept) for x, y, _ in conflicts(a, b)}
    assert found == {("troops", "troops"), ("casualties", "killed")}


def test_offsets_are_code_points_of_the_given_text_and_range() -> None:
    text = "😀 Intro. About 200 troops 🇺🇦 left.\nThen 300 more troops came."
    qs = extract_quantities(text)
    assert [text[q.start : q.end] for q in qs] == ["About 200", "300"]
    second_line = text.index("Then")
    only = extract_quantities(text, second_line, len(text))
    assert [q.text for q in only] == ["300"]


def test_counted_thing_found_in_earlier_sentences_of_the_paragraph() -> None:
    text = (
        "“We believe they have suffered significant losses, killed and wounded,” Kirby said. "
        '"It is difficult to put a number on it. I would say several dozen."'
    )
    (q,) = extract_quantities(text, text.index("several"))
    assert q.concept == "casualties"
    # ... but never from another paragraph
    (q,) = extract_quantities("Many losses.\nI would say several dozen.", 13)
    assert q.concept == ""


@pytest.mark.parametrize(
    ("token", "decimal", "value"),
    [
        ("1,000", ".", 1000),
        ("1.000", ",", 1000),
        ("1.000", ".", 1.0),
        ("1 000", ".", 1000),
        ("1\u202f000", ".", 1000),
        ("1'000", ".", 1000),
        ("1’000’000.5", ".", 1_000_000.5),
        ("1.000.000", ".", 1_000_000),
        ("1.000,5", ".", 1000.5),
        ("1,000.5", ",", 1000.5),
        ("3,5", ".", 3.5),
        ("12,34,567", ".", 1_234_567),
        ("0.25", ".", 0.25),
    ],
)
def test_parse_number_locales(token: str, decimal: str, value: float) -> None:
    assert parse_number(token, decimal)[0] == pytest.approx(value)


def test_parse_number_rejects_non_numbers() -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number("twelve")


def test_decimal_mark_from_locale_and_text() -> None:
    assert decimal_mark("de_DE") == "," and decimal_mark("en_GB") == "."
    assert guess_decimal_mark("Die Inflation lag bei 3,5 % und 2,1 %.") == ","
    assert guess_decimal_mark("Inflation was 3.5% and 2.1%.") == "."
    assert guess_decimal_mark("No numbers here.") == "."
    text = "Rund 1.000 Soldaten; die Quote stieg auf 3,5 Prozent."
    (q, _) = extract_quantities(text)
    assert q.interval.low == pytest.approx(1000)


LOCALES = ["en_US", "en_GB", "de_DE", "de_CH", "fr_FR", "fr_CH", "es_ES", "it_IT", "en_IN", "pt_BR"]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=0, max_value=10**12),
        st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    ),
    st.sampled_from(LOCALES),
)
def test_numbers_formatted_by_babel_round_trip(number, locale: str) -> None:
    written = format_decimal(number, locale=locale, decimal_quantization=False)
    value, _ = parse_number(written, decimal_mark(locale))
    assert value == pytest.approx(float(number), rel=1e-12, abs=1e-9), written


@settings(max_examples=300, deadline=None)
@given(
    st.builds(Interval, st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.booleans(), st.booleans()),
    st.builds(Interval, st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.booleans(), st.booleans()),
)
def test_interval_overlap_is_symmetric(a: Interval, b: Interval) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    if a.low <= a.high and not (a.low_open or a.high_open):
        assert a.overlaps(a)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_no_exception_on_arbitrary_unicode(text: str) -> None:
    for q in extract_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert not math.isnan(q.interval.low) and not math.isnan(q.interval.high)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "about",
                "more than",
                "12,000",
                "1.2bn",
                "€",
                "$",
                "troops",
                "of the",
                "nine",
                "dozen",
                "several",
                "between",
                "and",
                "to",
                "-",
                "%",
                "per cent",
                "killed",
                "2024",
                "Dec.",
                "\n",
                ".",
                ",",
                "“",
                "”",
                "hundreds",
                "of",
                "a third",
                "up",
                "fell by",
                "km/h",
                "°",
                "C",
            ]
        ),
        max_size=30,
    )
)
def test_no_exception_on_figure_like_noise(parts: list[str]) -> None:
    text = " ".join(parts)
    for q in extract_quantities(text):
        assert text[q.start : q.end] == q.text
