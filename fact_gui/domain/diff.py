"""Word-level differences between two texts of an article, with changed figures flagged."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from itertools import islice
from typing import Literal, NamedTuple

from fact_gui.domain.pasted import Line, lines

OpKind = Literal["equal", "insert", "delete", "replace"]

# A word keeps its inner joiners ("10,000", "1.5", "2024-12-17", "10:23", "don't",
# "North-Korean") and an attached currency sign or percent, so a figure is one token.
# Any other non-space character is a token of its own (punctuation, emoji).
_TOKEN = re.compile(r"[$€£¥]?\w+(?:[.,'’:/\-]\w+)*[%‰]?|[^\w\s]")
# Beyond this many token comparisons, a block is diffed with difflib's junk
# heuristic (popular words ignored as anchors): coarser, but bounded in time.
_EXACT_LIMIT = 4_000_000

# Number words that are nearly always figures ("one", "half", "third" mostly are not:
# "one analyst", "no one", "a third party").
_NUMBER_WORDS = (
    "zero two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred hundreds thousand thousands million millions billion billions "
    "trillion trillions dozen dozens percent"
)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
NUMBER_WORDS = frozenset(_NUMBER_WORDS.split())
MONTHS = frozenset(_MONTHS.split())


class Token(NamedTuple):
    """One word or punctuation mark: its code-point span and its text."""

    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    """The words and punctuation marks of ``text`` in order (whitespace is not a token)."""
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def is_word(token: str) -> bool:
    """A token that counts as a word (has a letter or a digit), not punctuation."""
    return any(ch.isalnum() for ch in token)


def is_figure(token: str) -> bool:
    """A number, percentage, amount or number word: what a correction most often changes."""
    return any(ch.isdigit() for ch in token) or token.casefold().rstrip(".") in NUMBER_WORDS


def _figures(toks: Sequence[Token], lo: int, hi: int) -> tuple[tuple[int, int], ...]:
    """Spans of the figures among ``toks[lo:hi]``; a month counts next to a number (a date)."""
    out = []
    for i in range(lo, hi):
        t = toks[i].text
        if is_figure(t):
            out.append((toks[i].start, toks[i].end))
        elif t[:1].isupper() and t.casefold().rstrip(".") in MONTHS:
            near = [toks[j].text for j in (i - 1, i + 1) if 0 <= j < len(toks)]
            if any(n[:1].isdigit() for n in near):
                out.append((toks[i].start, toks[i].end))
    return tuple(out)


class Op(NamedTuple):
    """One step from the old text to the new: spans in code points of each text.

    An insert has an empty old span (where it goes in the old text), a delete an
    empty new span. Figures are listed for changed steps only.
    """

    kind: OpKind
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_figures: tuple[tuple[int, int], ...] = ()
    new_figures: tuple[tuple[int, int], ...] = ()
    removed_words: int = 0
    added_words: int = 0

    @property
    def changed(self) -> bool:
        return self.kind != "equal"

    @property
    def figure_changed(self) -> bool:
        return bool(self.old_figures or self.new_figures)


def figures_changed(op: Op, old: str, new: str) -> str:
    """The figures a change touches, as read: ``12,000 → 11,000``, ``200 (removed)``."""
    was = " ".join(old[s:e] for s, e in op.old_figures)
    now = " ".join(new[s:e] for s, e in op.new_figures)
    if was and now:
        return f"{was} → {now}"
    return f"{was} (removed)" if was else f"{now} (added)"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Diff:
    """The word-level differences between two texts, in text order."""

    ops: tuple[Op, ...]

    @property
    def changes(self) -> tuple[Op, ...]:
        return tuple(op for op in self.ops if op.changed)

    @property
    def removed(self) -> int:
        """Words removed (deleted or replaced)."""
        return sum(op.removed_words for op in self.ops)

    @property
    def added(self) -> int:
        return sum(op.added_words for op in self.ops)

    @property
    def figures(self) -> int:
        """Figures changed: a replaced figure counts once, an added or removed one too."""
        return sum(max(len(op.old_figures), len(op.new_figures)) for op in self.ops)

    def summary(self) -> str:
        """``3 words removed, 5 added, 1 figure changed``."""
        if not self.changes:
            return "no words changed"
        return (
            f"{_plural(self.removed, 'word')} removed, {self.added} added, "
            f"{_plural(self.figures, 'figure')} changed"
        )

    @cached_property
    def _old_starts(self) -> list[int]:
        return [op.old_start for op in self.ops]

    def map_offset(self, old: int) -> int:
        """Where an offset of the old text lies in the new one (for changed words: their place)."""
        i = bisect_right(self._old_starts, old) - 1
        if i < 0:
            first = self.ops[0] if self.ops else None
            return 0 if first is None else max(0, old - first.old_start + first.new_start)
        op = self.ops[i]
        if op.kind == "equal" and old < op.old_end:
            return min(op.new_start + (old - op.old_start), op.new_end)
        if old < op.old_end or op.kind == "insert":
            return op.new_start
        # In the whitespace after an op: the same distance after its new end.
        nxt = self.ops[i + 1].new_start if i + 1 < len(self.ops) else None
        pos = op.new_end + (old - op.old_end)
        return pos if nxt is None else min(pos, nxt)


Code = tuple[str, int, int, int, int]


class _Block:
    """Lines ``table[lo:hi]`` of one text that changed, tokenised (only these are)."""

    def __init__(self, text: str, table: Sequence[Line], lo: int, hi: int) -> None:
        # Where an empty range of this block sits: before the next line, or at the end.
        self.after = table[hi].start if hi < len(table) else len(text)
        self.tokens = [
            Token(m.start(), m.end(), m.group())
            for line in table[lo:hi]
            for m in _TOKEN.finditer(text, line.start, line.end)
        ]

    def span(self, lo: int, hi: int) -> tuple[int, int]:
        """The code-point span of tokens ``lo:hi``; an empty range sits before token ``lo``."""
        t = self.tokens
        if hi > lo:
            return t[lo].start, t[hi - 1].end
        pos = t[lo].start if lo < len(t) else self.after
        return pos, pos


def _opcodes(ba: _Block, bb: _Block) -> list[Code]:
    """Word-level steps between two blocks (token indices), cleaned up for reading."""
    a, b = [t.text for t in ba.tokens], [t.text for t in bb.tokens]
    # Past this size difflib's junk heuristic (popular words are not anchors) bounds the time.
    sm = SequenceMatcher(None, a, b, autojunk=len(a) * len(b) > _EXACT_LIMIT)
    return _merge(list(sm.get_opcodes()), ba, bb)


def _merge(codes: list[Code], ba: _Block, bb: _Block) -> list[Code]:
    """Join neighbouring steps of one kind; adjacent changes become one replacement.

    Then, as diff-match-patch's semantic clean-up does, unchanged text shorter
    (in characters) than the changes on both sides of it ("the" between two
    rewritten clauses) is folded into one replacement: easier to read than a
    word salad, and no figure is hidden by it.
    """

    def size(block: _Block, lo: int, hi: int) -> int:
        s, e = block.span(lo, hi)
        return e - s

    def changed(op: Code) -> int:
        return max(size(ba, op[1], op[2]), size(bb, op[3], op[4]))

    out = _join(codes)
    k = 1
    while k < len(out) - 1:
        tag, i1, i2, _j1, _j2 = out[k]
        before, after = out[k - 1], out[k + 1]
        if tag == "equal" and size(ba, i1, i2) < min(changed(before), changed(after)):
            out[k - 1 : k + 2] = [("replace", before[1], after[2], before[3], after[4])]
            k = max(1, k - 1)
        else:
            k += 1
    return out


def _join(codes: list[Code]) -> list[Code]:
    out: list[Code] = []
    for tag, i1, i2, j1, j2 in codes:
        if i1 == i2 and j1 == j2:
            continue
        if out:
            ptag, p1, _p2, q1, _q2 = out[-1]
            if ptag == tag == "equal" or (ptag != "equal" and tag != "equal"):
                kind = "equal" if tag == "equal" else None
                if kind is None:
                    a_any, b_any = i2 > p1, j2 > q1
                    kind = "replace" if a_any and b_any else ("delete" if a_any else "insert")
                out[-1] = (kind, p1, i2, q1, j2)
                continue
        out.append((tag, i1, i2, j1, j2))
    return out


def _block_ops(ba: _Block, bb: _Block) -> Iterator[Op]:
    ta, tb = ba.tokens, bb.tokens
    for tag, a1, a2, b1, b2 in _opcodes(ba, bb):
        os_, oe = ba.span(a1, a2)
        ns, ne = bb.span(b1, b2)
        if tag == "equal":
            yield Op("equal", os_, oe, ns, ne)
            continue
        yield Op(
            tag,  # type: ignore[arg-type]
            os_,
            oe,
            ns,
            ne,
            _figures(ta, a1, a2),
            _figures(tb, b1, b2),
            sum(is_word(t.text) for t in ta[a1:a2]),
            sum(is_word(t.text) for t in tb[b1:b2]),
        )


def diff(old: str, new: str) -> Diff:
    """Word-level differences from ``old`` to ``new``; spacing and line breaks are ignored.

    Whole lines (paragraphs) are matched first and only the changed ones are
    tokenised and word-diffed, so a long article with a few corrections costs
    little, and a common word ("the") never ties a paragraph to an unrelated one.
    """
    # Lines compare by their text without outer spacing: equal keys mean equal
    # words, cheaply (the token pattern runs only on the lines that differ).
    la, lb = lines(old), lines(new)
    by_line = SequenceMatcher(None, [x.text for x in la], [x.text for x in lb], autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in by_line.get_opcodes():
        if tag == "equal":
            step = [Op("equal", la[i1].start, la[i2 - 1].end, lb[j1].start, lb[j2 - 1].end)]
        else:
            step = list(_block_ops(_Block(old, la, i1, i2), _Block(new, lb, j1, j2)))
        for op in step:
            if ops and ops[-1].kind == op.kind == "equal":
                ops[-1] = ops[-1]._replace(old_end=op.old_end, new_end=op.new_end)
            else:
                ops.append(op)
    return Diff(tuple(ops))


def same_words(old: str, new: str) -> bool:
    """The texts differ at most in spacing and line breaks."""
    return _TOKEN.findall(old) == _TOKEN.findall(new)


class Hunk(NamedTuple):
    """Changes close together, with a few words of unchanged context around them."""

    paragraph: int  # 1-based, counting the new text's non-empty lines
    ops: tuple[Op, ...]  # equal steps here are context, clipped to the context words

    @property
    def figure_changed(self) -> bool:
        return any(op.figure_changed for op in self.ops)


def _edge(text: str, start: int, end: int, n: int, last: bool) -> int:
    """Where the first ``n`` tokens of ``text[start:end]`` end, or the last ``n`` begin.

    Scans only as much text as needed: an unchanged stretch can be most of a
    megabyte-long article. Returns ``end`` (``start`` for ``last``) when there are
    fewer than ``n`` tokens.
    """
    if n <= 0:
        return end if last else start
    if not last:
        for k, m in enumerate(_TOKEN.finditer(text, start, end), 1):
            if k == n:
                return m.end()
        return end
    window = 64 * n
    while True:
        lo = max(start, end - window)
        found = [m.start() for m in _TOKEN.finditer(text, lo, end)]
        # The window's first token may be the tail of a longer one: never count it.
        usable = found if lo == start else found[1:]
        if len(usable) >= n:
            return usable[-n]
        if lo == start:
            return start
        window *= 4


def _clip(op: Op, old: str, new: str, words: int, keep_end: bool) -> Op:
    """An unchanged step cut to its last (``keep_end``) or first ``words`` tokens."""
    if keep_end:
        return op._replace(
            old_start=_edge(old, op.old_start, op.old_end, words, last=True),
            new_start=_edge(new, op.new_start, op.new_end, words, last=True),
        )
    return op._replace(
        old_end=_edge(old, op.old_start, op.old_end, words, last=False),
        new_end=_edge(new, op.new_start, op.new_end, words, last=False),
    )


def hunks(d: Diff, old: str, new: str, context: int = 8) -> list[Hunk]:
    """The changes grouped for reading: nearby ones share a hunk, each with ``context`` words."""
    out: list[Hunk] = []
    # Where each non-empty line of the new text starts.
    paragraphs = [m.start() for m in re.finditer(r"^[^\n]*\S", new, re.MULTILINE)]
    ops = d.ops
    i = 0
    while i < len(ops):
        if not ops[i].changed:
            i += 1
            continue
        group: list[Op] = []
        if i > 0:
            group.append(_clip(ops[i - 1], old, new, context, keep_end=True))
        j = i
        while j < len(ops):
            if ops[j].changed:
                group.append(ops[j])
                j += 1
                continue
            # An unchanged stretch short enough to read through joins the two changes.
            stretch = _TOKEN.finditer(new, ops[j].new_start, ops[j].new_end)
            short = len(list(islice(stretch, 2 * context + 1))) <= 2 * context
            if j + 1 < len(ops) and short:
                group.append(ops[j])
                j += 1
                continue
            group.append(_clip(ops[j], old, new, context, keep_end=False))
            j += 1
            break
        first = next(op for op in group if op.changed)
        out.append(Hunk(bisect_right(paragraphs, first.new_start), tuple(group)))
        i = j
    return out


PieceKind = Literal["context", "removed", "added", "space", "cut"]


class Piece(NamedTuple):
    """A stretch of a hunk as it is read, in order.

    ``context`` is unchanged text and ``added`` new words (spans in the new text),
    ``removed`` words of the old text (spans in the old one); ``space`` is the
    spacing between two steps (``text`` holds it: a line break shows as ¶);
    ``cut`` marks unchanged text left out before or after the hunk ("…").
    ``figures`` are the changed figures among its words (spans in the same text).
    """

    kind: PieceKind
    text: str
    start: int = 0
    end: int = 0
    figures: tuple[tuple[int, int], ...] = ()


def pieces(h: Hunk, old: str, new: str) -> list[Piece]:
    """A hunk as a reader sees it: context, removed and added words, the spaces between."""
    out: list[Piece] = []
    first, last = h.ops[0], h.ops[-1]
    if first.kind == "equal" and first.new_start > 0:
        out.append(Piece("cut", "…"))
    previous: Op | None = None
    for op in h.ops:
        if previous is not None:
            # Around removed words the old text's spacing is theirs ("troops[-,-] said").
            if "delete" in (op.kind, previous.kind):
                gap = old[previous.old_end : op.old_start]
            else:
                gap = new[previous.new_end : op.new_start]
            if gap:
                out.append(Piece("space", gap))
        if op.kind == "equal":
            out.append(Piece("context", new[op.new_start : op.new_end], op.new_start, op.new_end))
        else:
            if op.old_end > op.old_start:
                s, e = op.old_start, op.old_end
                out.append(Piece("removed", old[s:e], s, e, op.old_figures))
            if op.new_end > op.new_start:
                s, e = op.new_start, op.new_end
                out.append(Piece("added", new[s:e], s, e, op.new_figures))
        previous = op
    if last.kind == "equal" and new[last.new_end :].strip():
        out.append(Piece("cut", "…"))
    return out
