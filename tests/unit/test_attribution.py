"""Attribution: who said a claim, from its sentence, quotations and pronouns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fact_gui.domain.attribution import attribute
from fact_gui.domain.sentences import split_sentences


def who(text: str, claim: str | None = None):
    """The finding for the sentence containing ``claim`` (default: the last sentence)."""
    if claim is None:
        s = split_sentences(text)[-1]
        start, end = s.start, s.end
    else:
        start = text.index(claim)
        end = start + len(claim)
    return attribute(text, start, end)


@pytest.mark.parametrize(
    ("text", "claim", "speaker", "name", "kind", "cue"),
    [
        (
            "Ryder said the troops had arrived.",
            "the troops had arrived",
            "Ryder",
            "Ryder",
            "person",
            "said",
        ),
        (
            "Kirby estimated the casualties at several dozen.",
            "several dozen",
            "Kirby",
            "Kirby",
            "person",
            "estimated",
        ),
        (
            "The troops had arrived, according to the DIU.",
            "The troops had arrived",
            "the DIU",
            "DIU",
            "body",
            "according to",
        ),
        (
            "According to Ukraine’s Military Intelligence Directorate (DIU), 200 were killed.",
            "200 were killed",
            "Ukraine’s Military Intelligence Directorate (DIU)",
            "DIU",
            "body",
            "according to",
        ),
        ("The ministry put the cost at €48m.", "€48m", "The ministry", "ministry", "body", "put"),
        (
            "“We have seen them in combat,” said Pentagon press secretary Maj. Gen. Pat Ryder.",
            "seen them in combat",
            "Pentagon press secretary Maj. Gen. Pat Ryder",
            "Pat Ryder",
            "person",
            "said",
        ),
        (
            "The bridge will reopen in May, Transport Minister Ana Costa told reporters.",
            "reopen in May",
            "Transport Minister Ana Costa",
            "Ana Costa",
            "person",
            "told",
        ),
        (
            "The council said in a statement that 300 homes were flooded.",
            "300 homes",
            "The council",
            "council",
            "body",
            "said",
        ),
        (
            "Dr. Amina Yusuf, the hospital's chief executive, said beds were full.",
            "beds were full",
            "Dr. Amina Yusuf",
            "Amina Yusuf",
            "person",
            "said",
        ),
        (
            "Police confirmed that two men had been arrested.",
            "two men",
            "Police",
            "Police",
            "body",
            "confirmed",
        ),
        (
            "The Met Office has warned of 80mm of rain.",
            "80mm of rain",
            "The Met Office",
            "Met Office",
            "body",
            "warned",
        ),
        (
            "Turnout reached 61%, the electoral commission announced.",
            "61%",
            "the electoral commission",
            "electoral commission",
            "body",
            "announced",
        ),
        (
            "Officials said the line would close.",
            "the line would close",
            "Officials",
            "Officials",
            "body",
            "said",
        ),
        (
            "In a statement, the union said members had voted to strike.",
            "members had voted",
            "the union",
            "union",
            "body",
            "said",
        ),
        (
            "A spokeswoman for the hospital said two wards were closed.",
            "two wards",
            "A spokeswoman for the hospital",
            "spokeswoman for the hospital",
            "body",
            "said",
        ),
        (
            "The company denied that the mine was unsafe.",
            "the mine was unsafe",
            "The company",
            "company",
            "body",
            "denied",
        ),
        (
            "The United States confirmed on Monday that forces suffered losses.",
            "forces suffered losses",
            "The United States",
            "United States",
            "body",
            "confirmed",
        ),
    ],
)
def test_speaker_cue_and_kind(text, claim, speaker, name, kind, cue) -> None:
    f = who(text, claim)
    a = f.attribution
    assert a is not None, f.reason
    assert (a.speaker, a.name, a.kind, a.cue) == (speaker, name, kind, cue)
    assert text[a.start : a.end] == speaker
    assert text[a.cue_start : a.cue_end] == cue if cue != "according to" else True
    assert 0 < a.confidence <= 1 and not f.unattributed


def test_unnamed_sources_have_lower_confidence() -> None:
    named = who("Ryder said the line would close.").attribution
    unnamed = who("Officials said the line would close.").attribution
    assert named and unnamed and unnamed.confidence < named.confidence


def test_he_added_refers_back_to_the_last_named_speaker() -> None:
    text = (
        "“In our view, the soldiers are legitimate targets,” Miller said.\n"
        "“They entered a war,” he added. “If they cross the border, that is an escalation.”"
    )
    f = who(text, "They entered a war")
    assert f.attribution and f.attribution.name == "Miller"
    assert f.attribution.how.startswith("pronoun")
    assert text[f.attribution.start : f.attribution.end] == "he"
    # the next sentence continues the quotation: still Miller
    g = who(text, "If they cross the border")
    assert g.attribution and g.attribution.name == "Miller"


@pytest.mark.parametrize(
    ("text", "claim", "name"),
    [
        (
            "John Kirby, the National Security Council coordinator, also discussed troop movements.\n"
            "He confirmed that the forces are suffering casualties.",
            "forces are suffering casualties",
            "John Kirby",
        ),
        (
            # "she" is the woman named earlier, not the trust that spoke in between
            "Health Secretary Mary Byrne visited the ward on Tuesday. The hospital trust said it was coping.\n"
            "She said 40 beds would open next month.",
            "40 beds",
            "Mary Byrne",
        ),
    ],
)
def test_pronoun_refers_to_a_person_introduced_earlier(text: str, claim: str, name: str) -> None:
    f = who(text, claim)
    assert f.attribution and f.attribution.name == name
    assert f.attribution.how.startswith("pronoun")


def test_quotation_running_over_sentences() -> None:
    text = (
        "“We believe they have suffered significant losses,” Kirby said. "
        "“It is difficult to put a number on it. I would say several dozen.”"
    )
    f = who(text, "several dozen")
    assert f.attribution and f.attribution.name == "Kirby"
    assert f.attribution.confidence < 0.9


@pytest.mark.parametrize(
    "text",
    [
        "North Korea has reportedly deployed around 10,000 troops.",
        "It is understood that the minister will resign.",
        "The region is believed to be a focal point for the deployment.",
        "The suspect was said to have fled abroad.",
        "Three people were killed, it was reported.",
        "According to reports, the plant will close.",
        "The plant will close next year.",
        "Prices rose sharply in March.",
    ],
)
def test_no_source_is_unattributed(text: str) -> None:
    f = who(text)
    assert f.attribution is None and f.unattributed
    assert f.reason


def test_the_nearest_cue_wins_and_offsets_are_code_points() -> None:
    text = "😀 Ryder said the talks failed, but Kirby estimated 200 losses."
    f = who(text, "200 losses")
    assert f.attribution and f.attribution.name == "Kirby"
    assert text[f.attribution.start : f.attribution.end] == "Kirby"


def test_quote_marks_inside_words_are_not_quotations() -> None:
    text = "Ukraine’s army said it’s holding the line."
    f = who(text, "holding the line")
    assert f.attribution and f.attribution.speaker == "Ukraine’s army"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=160), st.integers(0, 160), st.integers(0, 160))
def test_no_exception_on_arbitrary_unicode(text: str, a: int, b: int) -> None:
    f = attribute(text, min(a, b), max(a, b))
    if f.attribution:
        assert 0 <= f.attribution.start <= f.attribution.end <= len(text)
