"""Benchmark: export 1,000,000 claims to CSV against the sqlite3 shell's ``.mode csv``."""

from __future__ import annotations

import csv
import itertools
import random
import shutil
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.bench.benchkit import (
    Figures,
    Words,
    article_text,
    claim_rows,
    claim_word_spans,
    insert_claims,
    news_text,
)

N_ARTICLES = 20
N_CLAIMS = 1_000_000
N_DELETED = 5_000  # removed claims: must not be exported
REPS = 3
LIMIT_RATIO = 2.5

# What fact_gui.services.export writes (reads.export_columns), with the OWASP neutralisation
# fact_gui.services.export.neutralised applies to free-text columns, in plain SQL.
_DANGEROUS = "('=', '+', '-', '@', char(9), char(13), char(10))"


def _safe(col: str, name: str) -> str:
    return (
        f"CASE WHEN substr({col}, 1, 1) IN {_DANGEROUS} THEN '''' || {col} ELSE {col} END AS {name}"
    )


CLI_SQL = f"""
SELECT a.id AS article_id, {_safe("a.title", "article_title")}, {_safe("a.outlet", "outlet")},
       {_safe("a.url", "article_url")}, a.published AS published, c.id AS claim_id,
       c.start_offset AS start, c.end_offset AS "end", {_safe("c.quote", "quote")}, c.tag AS tag,
       {_safe("c.note", "note")}, {_safe("c.analyst", "analyst")},
       c.created_at AS created_at, c.updated_at AS updated_at,
       a.state AS state, c.review AS review_status, {_safe("c.reviewed_by", "reviewed_by")},
       {_safe("s.reviewer", "signed_off_by")}, s.at AS signed_off_at, s.digest AS signoff_digest
FROM claim AS c JOIN article AS a ON c.article_id = a.id
LEFT JOIN signoff AS s ON s.article_id = a.id AND s.invalidated_at IS NULL
WHERE c.deleted_at IS NULL
ORDER BY a.id, c.start_offset, c.end_offset, c.id
"""


def test_export_csv(bench_desk, tmp_path: Path) -> None:
    from fact_gui.services.export import export_csv
    from fact_gui.services.intake import import_bytes
    from fact_gui.store.reads import EXPORT_HEADER

    sqlite3_cli = shutil.which("sqlite3")
    if sqlite3_cli is None:
        pytest.skip("the sqlite3 command-line tool is not installed (apt-get install sqlite3)")

    db = tmp_path / "b.db"
    rng = random.Random(3)
    per_article = N_CLAIMS // N_ARTICLES
    t_build = time.perf_counter()
    for n in range(N_ARTICLES):
        outcome = import_bytes(bench_desk, news_text(120_000, seed=100 + n).encode(), f"a{n}.txt")
        assert outcome.article_id is not None
        text = article_text(db, outcome.article_id)
        words = Words.of(text)
        spans = [
            words.chars(i, j)
            for i, j in claim_word_spans(
                words, per_article + N_DELETED // N_ARTICLES, rng, unique=False
            )
        ]
        # Every 201st claim is removed: N_DELETED of the inserted rows, the rest live.
        rows = claim_rows(
            outcome.article_id, text, spans, rng, first_index=n * len(spans), deleted_every=201
        )
        insert_claims(db, rows)
    build_s = time.perf_counter() - t_build
    with closing(sqlite3.connect(db)) as conn:
        live, dead = conn.execute(
            "SELECT sum(deleted_at IS NULL), sum(deleted_at IS NOT NULL) FROM claim"
        ).fetchone()
    assert (live, dead) == (N_CLAIMS, N_DELETED)
    expected = live

    app_s: list[float] = []
    cli_s: list[float] = []
    app_out, cli_out = tmp_path / "app.csv", tmp_path / "cli.csv"
    for _ in range(REPS):
        t0 = time.perf_counter()
        with cli_out.open("wb") as f:
            subprocess.run(
                [sqlite3_cli, "-readonly", "-csv", "-header", str(db), CLI_SQL],
                stdout=f,
                check=True,
                timeout=300,
            )
        cli_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        written = export_csv(bench_desk, app_out)
        app_s.append(time.perf_counter() - t0)
        assert written == expected

    # Same rows, same values: the CSVs differ only in quoting style.
    with (
        app_out.open(encoding="utf-8", newline="") as fa,
        cli_out.open(encoding="utf-8", newline="") as fc,
    ):
        app_rows, cli_rows = csv.reader(fa), csv.reader(fc)
        assert tuple(next(app_rows)) == tuple(next(cli_rows)) == EXPORT_HEADER
        count = 0
        for a, c in itertools.zip_longest(app_rows, cli_rows):
            assert a == c, f"row {count}: app {a} != sqlite3 {c}"
            count += 1
    assert count == expected, f"{count:,} CSV rows, expected {expected:,}"

    fig = Figures(f"export_csv: {expected:,} claims over {N_ARTICLES} articles", app_s, cli_s)
    fig.report(
        unit="s",
        limit=f"ratio <= {LIMIT_RATIO}x the sqlite3 shell (raw = sqlite3 -csv)",
        extra=f"app {expected / fig.app_median:,.0f} rows/s ({app_out.stat().st_size / 2**20:.0f} MB),"
        f" sqlite3 {expected / fig.raw_median:,.0f} rows/s ({cli_out.stat().st_size / 2**20:.0f} MB);"
        f" {dead:,} removed claims not exported; db built in {build_s:.1f} s",
    )
    assert fig.ratio <= LIMIT_RATIO, f"ratio {fig.ratio:.2f}x > {LIMIT_RATIO}x"
