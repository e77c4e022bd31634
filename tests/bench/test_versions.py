"""Benchmark: a corrected 1 MB article with 10,000 claims: word diff, relocation, import with carry."""

from __future__ import annotations

import difflib
import random
import shutil
import time
from pathlib import Path

from tests.bench.benchkit import (
    Figures,
    Words,
    article_text,
    claim_rows,
    claim_word_spans,
    insert_claims,
    news_text,
)

N_CLAIMS = 10_000
REPS = 5


def corrected(text: str, rng: random.Random) -> str:
    """What a newsroom does to a long story: figures corrected, paragraphs added, cut, moved."""
    paras = text.split("\n")
    for _ in range(20):
        i = rng.randrange(1, len(paras))
        paras[i] = (
            paras[i].replace("0 troops", "5 troops", 1).replace(" said ", " told reporters ", 1)
        )
    for _ in range(5):
        paras.insert(rng.randrange(1, len(paras)), "Update: officials revised the figure to 1,234.")
    for _ in range(3):
        del paras[rng.randrange(1, len(paras))]
    for _ in range(2):
        paras.append(paras.pop(rng.randrange(1, len(paras) - 1)))
    return "\n".join(paras)


def test_versions_bench(tmp_path: Path) -> None:
    from fact_gui.domain.anchoring import Placed, relocate
    from fact_gui.domain.diff import diff
    from fact_gui.services import intake
    from fact_gui.services.context import Desk

    rng = random.Random(5)
    db = tmp_path / "v1.db"
    desk = Desk.open(str(db), "bench")
    first = intake.import_bytes(desk, news_text(1_000_000, seed=1).encode(), "big.txt", True)
    desk.close()
    assert first.article_id is not None
    old = article_text(db, first.article_id)
    words = Words.of(old)
    spans = [words.chars(i, j) for i, j in claim_word_spans(words, N_CLAIMS, rng)]
    assert insert_claims(db, claim_rows(first.article_id, old, spans, rng)) == N_CLAIMS
    new = corrected(old, rng)

    # Word diff against a plain line diff (difflib over paragraphs), the stdlib primitive.
    app, raw = [], []
    for _ in range(REPS):
        t = time.perf_counter()
        d = diff(old, new)
        app.append(time.perf_counter() - t)
        t = time.perf_counter()
        difflib.SequenceMatcher(
            None, old.splitlines(), new.splitlines(), autojunk=False
        ).get_opcodes()
        raw.append(time.perf_counter() - t)
    Figures("word diff, 1 MB, ~30 edits vs difflib line diff", app, raw).report(
        extra=f"{d.summary()}; {len(d.changes)} changes"
    )

    # Relocating 10,000 claims against str.find of each quote.
    app, raw = [], []
    for _ in range(REPS):
        t = time.perf_counter()
        placed = relocate(old, new, spans, d)
        app.append(time.perf_counter() - t)
        t = time.perf_counter()
        for s, e in spans:
            new.find(old[s:e])
        raw.append(time.perf_counter() - t)
    carried = sum(isinstance(p, Placed) for p in placed)
    Figures("relocate 10,000 claims vs str.find per quote", app, raw).report(
        extra=f"{carried} placed, {N_CLAIMS - carried} not"
    )

    # The whole import of the corrected text (one transaction, claims and audit events
    # written) against importing the same text as a new article with nothing to carry.
    app, raw = [], []
    for k in range(3):
        copy = tmp_path / f"run{k}.db"
        shutil.copy(db, copy)
        desk = Desk.open(str(copy), "bench")
        t = time.perf_counter()
        out = intake.import_bytes(desk, new.encode(), "big.txt", True)
        app.append(time.perf_counter() - t)
        desk.close()
        assert out.new_version is not None and len(out.new_version.carried) == carried
        fresh = Desk.open(str(tmp_path / f"fresh{k}.db"), "bench")
        t = time.perf_counter()
        intake.import_bytes(fresh, new.encode(), "other.txt", True)
        raw.append(time.perf_counter() - t)
        fresh.close()
    Figures("import new version with 10,000 claims carried vs plain import", app, raw).report(
        unit="s"
    )
