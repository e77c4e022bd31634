"""A hunk read as pieces (context, removed, added, spacing): what the window's diff draws."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fact_gui.domain.diff import Hunk, Piece, diff, figures_changed, hunks, pieces, tokens

OLD = (
    "The ministry said about 12,000 soldiers had moved to the border.\n\n"
    "Officials disputed the figure, and the analysts agreed.\n\n"
    "A spokesperson said the deployment was defensive."
)


def read(old: str, new: str, context: int = 3) -> list[list[Piece]]:
    return [pieces(h, old, new) for h in hunks(diff(old, new), old, new, context)]


def test_a_changed_figure_is_removed_then_added_with_its_figures_marked() -> None:
    new = OLD.replace("about 12,000", "about 11,000")
    (hunk,) = read(OLD, new)
    kinds = [p.kind for p in hunk]
    assert kinds == ["cut", "context", "space", "removed", "added", "space", "context", "cut"]
    removed = next(p for p in hunk if p.kind == "removed")
    added = next(p for p in hunk if p.kind == "added")
    assert (removed.text, added.text) == ("12,000", "11,000")
    assert [OLD[s:e] for s, e in removed.figures] == ["12,000"]
    assert [new[s:e] for s, e in added.figures] == ["11,000"]
    assert OLD[removed.start : removed.end] == "12,000" and new[added.start : added.end] == "11,000"
    (h,) = hunks(diff(OLD, new), OLD, new, 3)
    (op,) = [op for op in h.ops if op.changed]
    assert figures_changed(op, OLD, new) == "12,000 → 11,000"


def test_words_only_added_or_only_removed() -> None:
    added = OLD.replace("analysts agreed", "independent analysts agreed")
    (hunk,) = read(OLD, added)
    assert [p.text for p in hunk if p.kind in ("removed", "added")] == ["independent"]
    assert next(p for p in hunk if p.kind == "added").figures == ()
    cut = OLD.replace(", and the analysts agreed", "")
    (hunk,) = read(OLD, cut)
    # The removed words sit straight against their neighbours, as in the old text.
    assert [(p.kind, p.text) for p in hunk] == [
        ("cut", "…"), ("context", "disputed the figure"),
        ("removed", ", and the analysts agreed"), ("context", ".\n\nA spokesperson"), ("cut", "…"),
    ]  # fmt: skip


def test_a_figure_removed_or_added_is_named_so() -> None:
    gone = OLD.replace("about 12,000 soldiers", "soldiers")
    (h,) = hunks(diff(OLD, gone), OLD, gone, 3)
    (op,) = [op for op in h.ops if op.changed]
    assert figures_changed(op, OLD, gone) == "12,000 (removed)"
    (h,) = hunks(diff(gone, OLD), gone, OLD, 3)
    (op,) = [op for op in h.ops if op.changed]
    assert figures_changed(op, gone, OLD) == "12,000 (added)"


def test_the_start_and_end_of_a_text_are_not_cut() -> None:
    new = OLD.replace("The ministry", "The defence ministry").replace(
        "was defensive.", "was defensive, he said."
    )
    first, last = read(OLD, new)
    assert first[0].kind != "cut" and first[-1].kind == "cut"
    assert last[0].kind == "cut" and last[-1].kind != "cut"


def test_a_paragraph_break_stays_in_the_context_it_belongs_to() -> None:
    new = OLD.replace("border.\n\nOfficials", "border, officials said.\n\nOfficials")
    (hunk,) = read(OLD, new, context=8)
    assert [(p.kind, p.text) for p in hunk][1:4] == [
        ("context", "about 12,000 soldiers had moved to the border"),
        ("added", ", officials said"),
        ("context", ".\n\nOfficials disputed the figure, and the"),
    ]
    # An unchanged figure is context, not a changed figure.
    assert all(p.figures == () for p in hunk)


WORDS = st.sampled_from(
    [
        "the",
        "ministry",
        "said",
        "12,000",
        "troops",
        "11,000",
        "moved",
        "$5",
        "7%",
        "border",
        "analysts",
        "disputed",
        "it",
        ",",
        ".",
        "“quote”",
        "ten",
        "Monday",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(WORDS, min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 59), st.integers(0, 3), st.lists(WORDS, max_size=4))),
    st.integers(0, 5),
)
def test_pieces_read_back_as_both_texts(
    base: list[str], edits: list[tuple[int, int, list[str]]], context: int
) -> None:
    words = list(base)
    for at, drop, insert in edits:
        at = min(at, len(words))
        words[at : at + drop] = insert
    old, new = " ".join(base), " ".join(words)
    d = diff(old, new)
    for h in hunks(d, old, new, context):
        got = pieces(h, old, new)
        assert any(p.kind in ("removed", "added") for p in got)
        for p in got:
            if p.kind in ("context", "added"):
                assert new[p.start : p.end] == p.text
            elif p.kind == "removed":
                assert old[p.start : p.end] == p.text
            for s, e in p.figures:
                assert p.start <= s < e <= p.end
        assert _side(got, "added") == _words(new, h, new_side=True)
        assert _side(got, "removed") == _words(old, h, new_side=False)


def _side(got: list[Piece], kind: str) -> list[str]:
    """The words one text shows in the hunk: its context and its changed words."""
    return [t.text for p in got if p.kind in ("context", kind) for t in tokens(p.text)]


def _words(text: str, h: Hunk, new_side: bool) -> list[str]:
    first, last = h.ops[0], h.ops[-1]
    s, e = (first.new_start, last.new_end) if new_side else (first.old_start, last.old_end)
    return [t.text for t in tokens(text[s:e])]
