"""Benchmark: figures in a 5,000-word article, and ranking 300 candidate passages for a claim."""

from __future__ import annotations

import re
import time

from rapidfuzz import fuzz, process

from fact_gui.domain.candidates import candidates
from fact_gui.domain.quantities import extract_quantities
from fact_gui.domain.related import passages_of, profile, rank
from tests.bench.benchkit import Figures, news_text

REPS = 15
N_CANDIDATES = 300
_WORD = re.compile(r"\w+")


def timed(fn, reps: int = REPS) -> list[float]:
    fn()  # warm caches (regexes, babel's currency names)
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def test_quantities_per_5000_word_article() -> None:
    text = news_text(33_000, seed=5)
    words = len(text.split())
    assert 4_800 <= words <= 5_600
    found = extract_quantities(text)
    assert len(found) > 50
    app = timed(lambda: extract_quantities(text))
    raw = timed(lambda: sum(1 for _ in _WORD.finditer(text)))
    Figures(f"quantities in a {words:,}-word article ({len(found)} figures)", app, raw).report(
        extra="raw = tokenising the same text with re \\w+ (the floor any scanner pays)"
    )


def test_candidates_per_5000_word_article() -> None:
    text = news_text(33_000, seed=6)
    app = timed(lambda: candidates(text), reps=5)
    raw = timed(lambda: sum(1 for _ in _WORD.finditer(text)), reps=5)
    Figures(f"claim candidates in a {len(text.split()):,}-word article", app, raw).report()


def test_rank_300_candidates() -> None:
    text_a = news_text(40_000, seed=7)
    text_b = news_text(40_000, seed=8)
    claims = passages_of(text_a, 1)
    pool_passages = passages_of(text_b, 2)[:N_CANDIDATES]
    assert len(pool_passages) == N_CANDIDATES
    claim = profile(next(p for p in claims if p.quantities))
    t0 = time.perf_counter()
    pool = [profile(p) for p in pool_passages]
    profiling = time.perf_counter() - t0
    found = rank(claim, pool, limit=20)
    assert found
    app = timed(lambda: rank(claim, pool, limit=20))
    texts = [p.text for p in pool_passages]
    raw = timed(
        lambda: process.extract(claim.passage.text, texts, scorer=fuzz.token_set_ratio, limit=20)
    )
    cold = timed(lambda: rank(claim, [profile(p) for p in pool_passages], limit=20), reps=5)
    Figures(f"rank {N_CANDIDATES} profiled candidates for one claim", app, raw).report(
        limit="a few ms for a few hundred pre-filtered candidates",
        extra=(
            f"raw = rapidfuzz token_set_ratio of the claim against the same {N_CANDIDATES} texts; "
            f"profiling the {N_CANDIDATES} passages once (figures already read) took "
            f"{profiling * 1000:.1f} ms; cold rank (profiling included) median "
            f"{sorted(cold)[len(cold) // 2] * 1000:.1f} ms; {len(found)} related, "
            f"{sum(r.conflict for r in found)} with conflicting figures"
        ),
    )
