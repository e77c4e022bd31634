"""Hostile files through the batch path: each refused in words or imported with sane text."""

from __future__ import annotations

import os
import re
import resource
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fact_gui.domain.errors import BadInput
from fact_gui.domain.names import printable
from fact_gui.domain.readable import why_unreadable
from fact_gui.services import formats, intake
from fact_gui.services.context import Desk
from fact_gui.services.formats import MAX_TEXT_CHARS
from tests.conftest import db_state
from tests.fixtures import hostile

# What a reason must not look like: an exception's name, or a bare "(error)".
_NOT_WORDS = re.compile(r"\b\w*(?:Error|Exception|Warning)\b|\(error\)|Traceback|errno", re.I)


def in_words(reason: str) -> bool:
    return len(reason.split()) >= 2 and not _NOT_WORDS.search(reason)


def run_with_watchdog(fn, seconds: float):
    """fn() in a thread; fails the test instead of hanging the suite."""
    box: dict[str, object] = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"intake hung for more than {seconds} s"
    return box["result"]


def test_every_hostile_kind_is_refused_in_words_or_imported_sane(
    tmp_path: Path, db_path: Path
) -> None:
    cases = hostile.make(tmp_path / "in", seed=1)
    desk = Desk.open(str(db_path), "tester")
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = run_with_watchdog(
        lambda: intake.import_sources(desk, [tmp_path / "in"], workers=2, time_limit=30), 240
    )
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_rss) / 1024
    by_name = {Path(o.source).name: o for o in report.outcomes}
    assert len(report.outcomes) == len(cases)
    stored = {}
    for case in cases:
        o = by_name[printable(case.name)]
        o.source.encode("utf-8")  # printable whatever the name's bytes
        if case.expect == "refused":
            assert o.status in ("failed", "skipped"), (case.kind, o)
        if o.status in ("failed", "skipped"):
            assert in_words(o.reason), (case.kind, o.reason)
        elif o.status != "duplicate":  # the .md and .txt story have the same text
            assert o.status == "imported", (case.kind, o)
            stored[o.article_id] = case
    with desk.engine.connect() as c:
        from sqlalchemy import text as sql

        rows = c.execute(sql("select id, text, source from article")).all()
    desk.close()
    assert {r.id for r in rows} == set(stored)
    for r in rows:
        assert why_unreadable(r.text) is None and 0 < len(r.text) <= MAX_TEXT_CHARS
        r.source.encode("utf-8")
    # The fine articles and the non-UTF-8-named one did land; the bombs did not.
    kinds = {case.kind for case in stored.values()}
    assert {"a fine article", "non-UTF-8 name", "truncated encoding"} <= kinds
    assert report.timed_out == 0
    assert grown_mb < 300, f"the main process grew by {grown_mb:.0f} MB"


def test_a_batch_of_refused_files_leaves_the_database_byte_identical(
    tmp_path: Path, db_path: Path
) -> None:
    cases = hostile.make(tmp_path / "in", seed=2)
    refused = [tmp_path / "in" / c.name for c in cases if c.expect == "refused"]
    Desk.open(str(db_path), "tester").close()
    before = db_state(db_path)
    desk = Desk.open(str(db_path), "tester")
    report = run_with_watchdog(
        lambda: intake.import_sources(desk, refused, workers=2, time_limit=30), 240
    )
    desk.close()
    assert [o.status for o in report.outcomes] == ["failed"] * len(refused)
    assert all(in_words(o.reason) for o in report.outcomes)
    assert db_state(db_path) == before


def test_a_worker_that_overruns_is_killed_and_the_batch_goes_on(tmp_path: Path, desk: Desk) -> None:
    from tests.fixtures.documents import news_page

    big = tmp_path / "slow.html"
    # A page trafilatura needs well over 50 ms for, and a fine one after it.
    big.write_text(news_page(paragraphs=[f"Paragraph {i} about the troops and the ministry." * 20
                                         for i in range(3000)]), encoding="utf-8")  # fmt: skip
    fine = tmp_path / "fine.txt"
    fine.write_text(hostile._story(__import__("random").Random(3)), encoding="utf-8")
    report = intake.import_sources(desk, [big, fine], workers=1, time_limit=0.05)
    assert report.outcomes[0].status == "failed"
    assert "took longer than 0.05 s" in report.outcomes[0].reason
    assert report.outcomes[1].status == "imported" and report.timed_out == 1


def test_a_fifo_given_directly_is_refused_without_blocking(tmp_path: Path, desk: Desk) -> None:
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    out = run_with_watchdog(lambda: intake.import_file(desk, fifo), 30)
    assert out.status == "failed" and "named pipe" in out.reason


def test_a_symlink_to_dev_zero_is_not_read(tmp_path: Path, desk: Desk) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    out = run_with_watchdog(lambda: intake.import_file(desk, link), 30)
    assert out.status == "failed" and "device" in out.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file(tmp_path: Path, desk: Desk) -> None:
    p = tmp_path / "locked.txt"
    p.write_text("The ministry said on Monday that the figures were wrong.")
    p.chmod(0)
    assert "permission denied" in intake.import_file(desk, p).reason


# -- properties ------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(data=st.binary(max_size=3000), ext=st.sampled_from([".txt", ".md", ".html"]))
def test_random_bytes_never_escape_as_exceptions(data: bytes, ext: str) -> None:
    """Every format's extractor (what the workers run) answers with text or BadInput."""
    fmt = formats.for_source(f"x{ext}")
    try:
        ex = fmt.extract(data, f"x{ext}")
    except BadInput as exc:
        assert in_words(exc.reason), exc.reason
        return
    assert why_unreadable(ex.text) is None
    start, end = ex.body or (0, len(ex.text))
    assert 0 <= start < end <= len(ex.text)
    assert all(0 <= a < b <= len(ex.text) for a, b, _ in ex.links)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=2000), ext=st.sampled_from([".txt", ".md"]))
def test_random_unicode_through_files_and_the_clipboard(text: str, ext: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    for attempt in (
        lambda: formats.for_source(f"x{ext}").extract(data, f"x{ext}"),
        lambda: intake.prepare_clipboard(text=text).extracted,
        lambda: intake.prepare_clipboard(html=text, text=text).extracted,
    ):
        try:
            ex = attempt()
        except BadInput as exc:
            assert in_words(exc.reason), exc.reason
            continue
        assert ex.text.strip()
        ex.text.encode("utf-8")  # storable


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(data=st.binary(min_size=1, max_size=2000))
def test_random_bytes_through_import_leave_nothing_half_stored(tmp_path: Path, data: bytes) -> None:
    db = tmp_path / f"{abs(hash(data))}.sqlite3"
    Desk.open(str(db), "t").close()
    before = db_state(db)
    p = tmp_path / f"{abs(hash(data))}.txt"
    p.write_bytes(data)
    desk = Desk.open(str(db), "t")
    out = intake.import_file(desk, p)
    desk.close()
    if out.status == "failed":
        assert in_words(out.reason) and db_state(db) == before
    else:
        con = sqlite3.connect(db)
        (n,) = con.execute(
            "select count(*) from audit_event where action = 'article.import'"
        ).fetchone()
        con.close()
        assert out.status == "imported" and n == 1
