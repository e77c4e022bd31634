"""Benchmark helpers: news-like text, claim spans, raw bulk inserts, medians and reports."""

from __future__ import annotations

import random
import re
import sqlite3
import statistics
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

TAGS = ("confirmed", "disputed", "single_source")
ISO_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # as stored by fact_gui.store.types
ANALYSTS = ("bench", "a.kowalska", "j.okafor", "m.fern\u00e1ndez")

# --------------------------------------------------------------------------- text
_SUBJECTS = (
    "The Pentagon",
    "A senior US defence official",
    "Ukraine\u2019s military intelligence agency (DIU)",
    "The Kremlin",
    "South Korea\u2019s National Intelligence Service",
    "A spokesperson for the regional governor",
    "Local officials in Kursk",
    "Analysts at the Institute for the Study of War",
    "Residents of Sudzha",
    "The defence ministry",
    "Zo\u00eb M\u00fcller, a researcher in Z\u00fcrich,",
    "Officials in Seoul",
    "A NATO diplomat who asked not to be named",
)
_VERBS = (
    "said",
    "confirmed",
    "estimated",
    "denied",
    "reported",
    "claimed",
    "warned",
    "told reporters",
    "wrote in a statement",
)
_CLAUSES = (
    "that about {n:,} troops had been deployed to the front",
    "that several dozen soldiers were killed or wounded in the past week",
    "that roughly {m} casualties had been recorded since {month}",
    "that the figures could not be independently verified",
    "that supply lines near the border remained under pressure",
    "that the unit had suffered \u201csignificant losses\u201d in recent fighting",
    "that {m} prisoners had been taken near the village of Plekhovo",
    "that the convoy was hit by drones about {m} km from the border",
    "that talks in Geneva would resume on {month} {day}",
    "that the reports were \u201cpure propaganda\u201d",
)
_QUOTES = (
    "\u201cWe have seen no evidence of that,\u201d {who} said.",
    "\u201cIt\u2019s too early to draw conclusions,\u201d {who} added.",
    "\u201cThe numbers are moving every day \u2014 we\u2019re updating them as we go,\u201d said {who}.",
    "\u2018Nobody expected this,\u2019 one resident told the newspaper\u2026",
)
_ASIDES = (
    "The claim could not be verified by Reuters.",
    "Neither side gave a breakdown by unit.",
    "Satellite images from {month} show new trenches along the road.",
    "The estimate is {n:,} higher than the figure given in {month}.",
)
_WHO = ("the official", "Kirby", "Budanov", "a spokesperson", "Ms M\u00fcller", "the analyst")
_MONTHS = ("October", "November", "December", "January")
# Astral characters (two UTF-16 units each) make the code-point/Qt offset map non-trivial.
_EMOJI = ("\U0001f4f0", "\U0001f534", "\U0001f1fa\U0001f1e6", "\U0001f4cd", "\u26a0\ufe0f")


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    fill = {
        "n": rng.randrange(1_000, 15_000, 500),
        "m": rng.randint(2, 400),
        "month": rng.choice(_MONTHS),
        "day": rng.randint(1, 28),
        "who": rng.choice(_WHO),
    }
    if kind < 0.6:
        core = rng.choice(_CLAUSES).format(**fill)
        return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {core}."
    if kind < 0.85:
        return rng.choice(_QUOTES).format(**fill)
    return rng.choice(_ASIDES).format(**fill)


def news_text(target_bytes: int, seed: int) -> str:
    """Newline-separated news paragraphs of about ``target_bytes`` UTF-8 bytes."""
    rng = random.Random(seed)
    paragraphs: list[str] = [f"Bench article {seed}: troops, casualties and conflicting counts"]
    size = len(paragraphs[0].encode())
    while size < target_bytes:
        para = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        if rng.random() < 0.04:
            para = f"{rng.choice(_EMOJI)} {para}"
        paragraphs.append(para)
        size += len(para.encode()) + 1
    return "\n".join(paragraphs) + "\n"


# -------------------------------------------------------------------------- spans
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Words:
    """The words of a text (code-point spans) and the last word of each one's paragraph."""

    spans: list[tuple[int, int]]
    para_last: list[int]

    @classmethod
    def of(cls, text: str) -> Words:
        spans = [m.span() for m in _WORD.finditer(text)]
        breaks = [m.start() for m in re.finditer("\n", text)]
        para = [bisect_right(breaks, s) for s, _ in spans]
        last: list[int] = [0] * len(spans)
        for i in range(len(spans) - 1, -1, -1):
            last[i] = i if i + 1 == len(spans) or para[i + 1] != para[i] else last[i + 1]
        return cls(spans, last)

    def chars(self, i: int, j: int) -> tuple[int, int]:
        """Words i..j (inclusive) as a code-point span."""
        return self.spans[i][0], self.spans[j][1]


def claim_word_spans(
    words: Words, n: int, rng: random.Random, max_words: int = 14, unique: bool = True
) -> list[tuple[int, int]]:
    """``n`` claims as word-index pairs within paragraphs; ~12% nested, ~10% overlapping."""
    out: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    count = len(words.spans)
    while len(out) < n:
        r = rng.random()
        if out and r < 0.12:  # nested inside an earlier claim
            i, j = rng.choice(out)
            if j - i < 2:
                continue
            a = rng.randint(i, j - 1)
            b = rng.randint(a, j)
            if (a, b) == (i, j):
                continue
        elif out and r < 0.22:  # starts inside an earlier claim, ends past it
            i, j = rng.choice(out)
            if i == j or j == words.para_last[j]:
                continue
            a = rng.randint(i + 1, j)
            b = min(words.para_last[j], j + rng.randint(1, 6))
        else:
            a = rng.randrange(count)
            b = min(words.para_last[a], a + rng.randint(0, max_words - 1))
        if unique:
            if (a, b) in seen:
                continue
            seen.add((a, b))
        out.append((a, b))
    return out


def covered_words(count: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """1 for every word index inside at least one of the word-index spans."""
    cov = bytearray(count)
    for i, j in spans:
        cov[i : j + 1] = b"\x01" * (j - i + 1)
    return cov


# ------------------------------------------------------------------------ storage
def stamp(i: int) -> str:
    """A distinct, realistic ISO UTC timestamp per index."""
    base = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    return (base + timedelta(seconds=i * 3, microseconds=(i * 7919) % 1_000_000)).strftime(
        ISO_FORMAT
    )


def article_text(db: Path, article_id: int) -> str:
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute("SELECT text FROM article WHERE id = ?", (article_id,)).fetchone()
    assert row is not None, f"article {article_id} missing"
    return str(row[0])


ClaimInsert = tuple[int, int, int, str, str, str, str, str, str | None]


def claim_rows(
    article_id: int,
    text: str,
    spans: Iterable[tuple[int, int]],
    rng: random.Random,
    first_index: int = 0,
    deleted_every: int = 0,
) -> Iterator[ClaimInsert]:
    """Rows for ``insert_claims``: code-point spans with quote = text[start:end]."""
    for k, (s, e) in enumerate(spans, first_index):
        created = stamp(k)
        deleted = stamp(k + 50) if deleted_every and k % deleted_every == 0 else None
        yield (
            article_id,
            s,
            e,
            rng.choice(TAGS),
            text[s:e],
            rng.choice(ANALYSTS),
            created,
            stamp(k + 1) if k % 5 == 0 else created,
            deleted,
        )


def insert_claims(db: Path, rows: Iterable[ClaimInsert]) -> int:
    """Bulk insert claims with raw sqlite3 (the ORM would take minutes); returns the count."""
    with closing(sqlite3.connect(db)) as conn:
        cur = conn.executemany(
            "INSERT INTO claim (article_id, start_offset, end_offset, tag, quote, note, analyst,"
            " created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
            rows,
        )
        n = cur.rowcount
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return n


# --------------------------------------------------------------------------- window
def wait_until_idle(window: object, timeout_s: float = 30.0, frames: bool = False) -> None:
    """Wait in Qt's event loop until the window's database work is done.

    Woken by the operations' ``drained`` signal, not by polling: a Python callback
    every millisecond would take the interpreter lock from the worker thread over and
    over and slow down exactly what is being measured. ``frames``: also until the
    refreshes that follow a frame later (lists, counts) ran and a long article's
    claims are painted all through (idle time).
    """
    from PySide6.QtCore import QEventLoop, QTimer

    shell = window.shell  # type: ignore[attr-defined]
    view = window.panels.article.view  # type: ignore[attr-defined]

    def busy() -> bool:
        if not frames:
            return not shell.ops.idle()
        return not shell.idle() or bool(getattr(view, "painting", lambda: False)())

    loop = QEventLoop()
    shell.ops.drained.connect(loop.quit)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(timeout_s * 1000))
    try:
        while not shell.ops.idle() and deadline.isActive():
            loop.exec()
        while busy() and deadline.isActive():
            QTimer.singleShot(5, loop.quit)
            loop.exec()
    finally:
        shell.ops.drained.disconnect(loop.quit)
    assert not busy(), "the window's work did not finish"


# ------------------------------------------------------------------------ figures
def median(samples: Sequence[float]) -> float:
    return float(statistics.median(samples))


@dataclass(frozen=True)
class Figures:
    """App and raw-primitive samples (seconds) from the same run, and how they compare."""

    name: str
    app: Sequence[float]
    raw: Sequence[float]

    @property
    def app_median(self) -> float:
        return median(self.app)

    @property
    def raw_median(self) -> float:
        return median(self.raw)

    @property
    def ratio(self) -> float:
        return self.app_median / self.raw_median

    def report(self, unit: str = "ms", limit: str = "", extra: str = "") -> None:
        scale = 1000.0 if unit == "ms" else 1.0

        def fmt(xs: Sequence[float]) -> str:
            return (
                f"median {median(xs) * scale:.{1 if unit == 'ms' else 3}f} {unit} "
                f"(min {min(xs) * scale:.{1 if unit == 'ms' else 3}f}, "
                f"max {max(xs) * scale:.{1 if unit == 'ms' else 3}f}, n={len(xs)})"
            )

        print(f"\n[bench] {self.name}")
        print(f"[bench]   app: {fmt(self.app)}")
        print(f"[bench]   raw: {fmt(self.raw)}")
        print(f"[bench]   ratio app/raw: {self.ratio:.2f}x")
        if limit:
            print(f"[bench]   limits: {limit}")
        if extra:
            print(f"[bench]   {extra}")
