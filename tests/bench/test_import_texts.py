"""Benchmark: 1,000 plain-text articles through import_sources (files per second).

The raw primitive is reading and decoding the same files alone (one process), measured in
the same run. The goal is at least 1,500 files/s on the 2-core reference machine.
"""

from __future__ import annotations

from pathlib import Path

from tests.bench.benchkit import Figures
from tests.bench.test_import_pages import (
    N_TEXTS,
    REPS,
    _import_folder,
    decode_file,
    timed,
    write_texts,
)

GOAL_FILES_S = 1_500


def test_import_texts(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    text_bytes = write_texts(texts, N_TEXTS)
    paths = sorted(str(p) for p in texts.iterdir())
    app_s, raw_s = [], []
    for rep in range(REPS):
        raw_s.append(timed(lambda: [decode_file(p) for p in paths])[0])
        app_s.append(_import_folder(tmp_path, f"texts{rep}", texts, N_TEXTS))
    fig = Figures(
        f"import_texts: {N_TEXTS:,} plain-text articles (~{text_bytes / N_TEXTS / 1000:.1f} KB)"
        ", import_sources, default workers",
        app_s,
        raw_s,
    )
    rate = N_TEXTS / fig.app_median
    fig.report(
        unit="s",
        limit=f"goal >= {GOAL_FILES_S:,} files/s (raw = read + decode alone, 1 process)",
        extra=f"app {rate:,.0f} files/s; read+decode {N_TEXTS / fig.raw_median:,.0f} files/s",
    )
