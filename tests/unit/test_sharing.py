"""Plain text read by the batch and by helper processes at once: in order, complete, bounded."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fact_gui.domain.names import printable
from fact_gui.services import intake
from fact_gui.services.context import Desk
from fact_gui.services.reading import Prepared, prepare_quietly
from fact_gui.services.sharing import AHEAD, CHUNK, SharedReading
from tests.fixtures import hostile
from tests.fixtures.plaincorpus import web_paste


def texts(folder: Path, n: int) -> list[str]:
    """``n`` files of every make, and one missing.

    Clean and pasted articles in UTF-8 and windows-1252, duplicates, and files refused
    (binary, empty).
    """
    import random

    rng = random.Random(n)
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"t{i:04}.txt"
        kind = i % 10
        if kind == 7:
            path.write_bytes(web_paste(rng).encode("cp1252", errors="replace"))
        elif kind == 8:
            path.write_bytes([b"", b"\x00\x01binary\x00", b"%PDF-1.4 x"][i % 3])
        elif kind == 9 and i > 20:
            path.write_bytes((folder / f"t{i - 20:04}.txt").read_bytes())  # a duplicate
        else:
            path.write_bytes(f"Headline {i}\nBy Olena Kovalenko\n\n{web_paste(rng)}".encode())
        paths.append(str(path))
    paths.insert(n // 2, str(folder / "missing.txt"))
    return paths


def same(a: Prepared | str, b: Prepared | str) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return (a.source, a.kind, a.data, a.extracted, a.format_name) == (
        b.source, b.kind, b.data, b.extracted, b.format_name,
    )  # fmt: skip


@pytest.fixture
def sharing(tmp_path: Path) -> Iterator[Callable[[int], tuple[list[str], SharedReading]]]:
    """Factory: ``n`` files shared with one helper, once it has started; closed afterwards."""
    made: list[SharedReading] = []

    def make(n: int, start: bool = True) -> tuple[list[str], SharedReading]:
        paths = texts(tmp_path / f"in{len(made)}", n)
        made.append(SharedReading(paths, 1))
        if start:
            made[-1].ping.result(120)  # the helper answered its first, empty job
        return paths, made[-1]

    yield make
    for s in made:
        s.close()


def test_every_source_is_handed_over_in_order_as_this_process_reads_it(sharing) -> None:
    paths, shared = sharing(150)
    got = []
    for i in range(len(paths)):
        got.append(shared.take(i))
        time.sleep(0.002)  # this thread slower than the helper: the helper reads a share
    shared.close()
    assert shared.handed >= CHUNK, "the helper read nothing"
    assert all(same(g, prepare_quietly(p)) for g, p in zip(got, paths, strict=True))
    assert not shared.done and shared.buffered == 0


def test_no_side_reads_far_ahead_of_what_is_taken(sharing) -> None:
    paths, shared = sharing(300)
    for i in range(len(paths)):
        assert same(shared.take(i), prepare_quietly(paths[i]))
        # Handed to the helper or read here meanwhile: within AHEAD sources of the one taken.
        assert shared.next <= i + 1 + AHEAD
        assert len(shared.done) <= AHEAD
    assert shared.handed > 0


def test_a_helper_not_yet_started_is_not_waited_for(sharing) -> None:
    paths, shared = sharing(5, start=False)
    got = [shared.take(i) for i in range(len(paths))]
    was_started = shared.ping.done()
    t0 = time.monotonic()
    shared.close()
    if not was_started:
        assert time.monotonic() - t0 < 0.05
    assert shared.handed == 0  # nothing is handed to a helper before it answered
    assert all(same(g, prepare_quietly(p)) for g, p in zip(got, paths, strict=True))


def test_helpers_that_die_leave_their_sources_to_this_thread(sharing) -> None:
    paths, shared = sharing(100)
    got = [shared.take(0)]
    assert shared.chunks, "nothing was handed to the helper"
    for process in multiprocessing.active_children():
        process.kill()  # the helper dies mid-job
    got += [shared.take(i) for i in range(1, len(paths))]
    assert shared.broken
    assert all(same(g, prepare_quietly(p)) for g, p in zip(got, paths, strict=True))


def articles(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as con:
        return con.execute(
            "select id, lineage_id, version, title, author, text, original, source, encoding"
            " from article order by id"
        ).fetchall()


def test_a_shared_batch_stores_what_a_batch_read_here_stores(tmp_path: Path) -> None:
    paths = texts(tmp_path / "in", max(intake.PARALLEL_MIN * 3, 200))
    for case in range(3):  # hostile plain text among them
        for c in hostile.make(tmp_path / f"hostile{case}", seed=case, bombs=False):
            if c.name.endswith((".txt", ".md")):
                paths.append(str(tmp_path / f"hostile{case}" / c.name))
    reports = {}
    for workers in (1, 2):
        desk = Desk.open(str(tmp_path / f"w{workers}.db"), "t")
        reports[workers] = intake.import_sources(desk, paths, workers=workers)
        desk.close()
    one, two = reports[1], reports[2]
    assert [(o.source, o.status, o.reason, o.title, o.article_id) for o in one.outcomes] == [
        (o.source, o.status, o.reason, o.title, o.article_id) for o in two.outcomes
    ]
    assert {o.status for o in one.outcomes} == {"imported", "duplicate", "failed"}
    assert articles(tmp_path / "w1.db") == articles(tmp_path / "w2.db")
    assert [o.source for o in two.outcomes] == [printable(p) for p in paths]
