"""Importing from links, folders and batches: provenance, duplicates, failures, parallel work."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fact_gui.services import articles, intake, reading
from fact_gui.services.context import Desk
from tests.conftest import SEEDS, db_state
from tests.fixtures.documents import STORY, make_docx, news_page
from tests.fixtures.server import Routes, closed_port, serve


def page(n: int = 0) -> bytes:
    paras = [f"Report {n}: " + p for p in STORY]
    return news_page(
        title=f"Troops story {n}", paragraphs=paras, url=f"https://news.example.org/{n}"
    ).encode()


def test_import_by_url_records_provenance(desk: Desk) -> None:
    routes = Routes({"/a": (200, "text/html; charset=utf-8", page(1)), "/moved": (301, "", b"/a")})
    with serve(routes) as base:
        out = intake.import_file(desk, f"{base}/moved")
        assert out.status == "imported", out.reason
        info = articles.info(desk, out.article_id or 0)
        assert info.source_kind == "url" and info.source == f"{base}/moved"
        assert info.fetched_at.endswith("Z")
        assert info.properties.url == "https://news.example.org/1"  # the page's canonical URL
        assert info.properties.title == "Troops story 1"
        # Same URL again: a duplicate, nothing new stored.
        again = intake.import_file(desk, f"{base}/a")
        assert again.status == "duplicate" and again.article_id == out.article_id
        assert "same URL" in again.reason or "same text" in again.reason


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/loop", "redirects in a loop"),
        ("/missing", "the server answered 404"),
        ("/nav", "no article text found"),
        ("/big", "larger than"),
    ],
)
def test_bad_links(db_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, reason: str) -> None:
    monkeypatch.setattr(reading, "MAX_BYTES", 50_000)
    routes = Routes({
        "/loop": (302, "", b"/loop2"), "/loop2": (302, "", b"/loop"),
        "/nav": (200, "text/html", b"<html><body><nav>Home | News | Sport</nav></body></html>"),
        "/big": (200, "text/html", b"<p>" + b"word " * 20_000 + b"</p>"),
    })  # fmt: skip
    Desk.open(str(db_path), "t").close()
    before = db_state(db_path)
    with serve(routes) as base:
        desk = Desk.open(str(db_path), "t")
        out = intake.import_file(desk, base + path)
        desk.close()
    assert out.status == "failed" and reason in out.reason and out.source == base + path
    assert db_state(db_path) == before


def test_unreachable_and_bad_scheme(desk: Desk) -> None:
    out = intake.import_file(desk, f"http://127.0.0.1:{closed_port()}/x")
    assert out.status == "failed" and "connection refused" in out.reason
    with pytest.raises(Exception, match="only http"):
        intake.prepare_url("ftp://example.org/a")


def test_pdf_by_url(desk: Desk, qapp, tmp_path: Path) -> None:
    from tests.fixtures.documents import make_pdf

    pdf = make_pdf(tmp_path / "s.pdf", STORY, title="Statement").read_bytes()
    with serve(Routes({"/statement": (200, "application/pdf", pdf)})) as base:
        out = intake.import_file(desk, f"{base}/statement")
    assert out.status == "imported" and out.title == "Statement"


def test_folder_batch_recurses_and_reports(desk: Desk, tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    (root / "a.html").write_bytes(page(1))
    (root / "sub" / "b.html").write_bytes(page(2))
    (root / "sub" / "c.docx").write_bytes(
        make_docx(tmp_path / "c.docx", STORY, title="Doc").read_bytes()
    )
    (root / "sub" / "style.css").write_text("body {}")
    (root / "sub" / "broken.docx").write_bytes(b"PK\x03\x04junk")
    (root / "dup.txt").write_bytes(SEEDS[1].read_bytes())
    (root / "dup2.txt").write_bytes(SEEDS[1].read_bytes())
    seen: list[tuple[int, int, str]] = []
    report = intake.import_sources(
        desk, [root], progress=lambda d, t, o: seen.append((d, t, o.status)), workers=1
    )
    by = {Path(o.source).name: o for o in report.outcomes}
    assert by["a.html"].status == by["b.html"].status == by["c.docx"].status == "imported"
    assert by["dup.txt"].status == "imported" and by["dup2.txt"].status == "duplicate"
    assert by["style.css"].status == "skipped"
    assert by["broken.docx"].status == "failed" and "Word document" in by["broken.docx"].reason
    assert [d for d, _, _ in seen] == list(range(1, 8)) and {t for _, t, _ in seen} == {7}
    assert (
        report.summary()
        == "4 imported, 1 already in the library, 1 failed, 1 skipped (not an article format)"
    )


def test_parallel_batch_uses_worker_processes_and_matches_serial(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(intake.PARALLEL_MIN + 2):
        (folder / f"p{n:02}.html").write_bytes(page(n))
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 nothing")
    desk = Desk.open(str(db_path), "t")
    report = intake.import_sources(desk, [folder], workers=2)
    desk.close()
    assert [o.status for o in report.outcomes].count("imported") == intake.PARALLEL_MIN + 2
    assert report.of("failed")[0].source.endswith("bad.pdf")
    con = sqlite3.connect(db_path)
    titles = [t for (t,) in con.execute("select title from article order by id")]
    con.close()
    # stored in the order given, whatever order the workers finished in
    assert titles == [f"Troops story {n}" for n in range(intake.PARALLEL_MIN + 2)]


def test_cancel_stops_between_sources(desk: Desk, tmp_path: Path) -> None:
    import itertools

    for n in range(5):
        (tmp_path / f"{n}.html").write_bytes(page(n))
    done: list[int] = []
    asked = itertools.count()
    report = intake.import_sources(
        desk, sorted(tmp_path.glob("*.html")), progress=lambda d, t, o: done.append(d),
        cancelled=lambda: next(asked) >= 2, workers=1,
    )  # fmt: skip
    assert report.cancelled and len(report.outcomes) == 2
    # what was done before the cancel is committed and reported
    assert len(articles.library(desk)) == 2 and done == [1, 2]


def test_keep_all_and_overrides(desk: Desk) -> None:
    prepared = intake.prepare(str(SEEDS[0]))
    assert prepared.extracted.trims
    out = intake.save(desk, prepared, keep_all=True)
    text, _ = articles.text_and_claims(desk, out.article_id or 0)
    assert text == prepared.extracted.text and text.startswith("Quick access")
    # the analyst adjusts the range in the preview; the same text cannot come twice
    start = prepared.extracted.text.index("Ryder explained")
    end = prepared.extracted.body[1] if prepared.extracted.body else 0
    out2 = intake.save(
        desk, prepared, overrides=intake.Overrides(body=(start, end), title="Edited")
    )
    info = articles.info(desk, out2.article_id or 0)
    assert info.properties.title == "Edited" and info.kept == (start, end)
    assert articles.text_and_claims(desk, out2.article_id or 0)[0].startswith("Ryder explained")


def test_clipboard_text_and_html(desk: Desk) -> None:
    p = intake.prepare_clipboard(text=SEEDS[0].read_text(encoding="utf-8"))
    assert p.kind == "clipboard" and p.extracted.kept.startswith("U.S. officials have confirmed")
    h = intake.prepare_clipboard(html=news_page(), text="fallback")
    assert h.format_name == "html" and STORY[0] in h.extracted.text
    with pytest.raises(Exception, match="no text"):
        intake.prepare_clipboard(text="  \n ")


def test_save_original_back_out(desk: Desk) -> None:
    out = intake.import_file(desk, SEEDS[0])
    data, name = articles.original(desk, out.article_id or 0)
    assert data == SEEDS[0].read_bytes() and name == SEEDS[0].name
