"""CSV export: columns, exact offsets, RFC 4180 quoting, formula neutralisation, atomic files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fact_gui.domain.csvcell import restore
from fact_gui.domain.errors import FactGuiError
from fact_gui.services import articles, claims, export, intake
from fact_gui.services.context import Desk
from fact_gui.store.reads import EXPORT_HEADER
from tests.conftest import SEEDS

REQUIRED = [
    "article_id", "article_title", "outlet", "article_url", "published", "claim_id", "start", "end",
    "quote", "tag", "note", "analyst", "created_at", "updated_at",
    "state", "review_status", "reviewed_by", "signed_off_by", "signed_off_at", "signoff_digest",
]  # fmt: skip


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_header_rows_and_offsets(desk: Desk, tmp_path: Path) -> None:
    p = tmp_path / "e.txt"
    p.write_bytes(
        "Title 🙂\r\n=Ministry: “troops” 😀 died\r\n+33 more, said @agency\r\n-10,000 deployed\r\n".encode()
    )
    aid = intake.import_file(desk, p).article_id
    assert aid is not None
    text, _ = articles.text_and_claims(desk, aid)
    for phrase, tag in [("=Ministry", "disputed"), ("“troops” 😀 died", "confirmed"),
                        ("+33 more", "single_source"), ("-10,000", "confirmed"), ("@agency", "disputed")]:  # fmt: skip
        s = text.index(phrase)
        claims.create(desk, aid, s, s + len(phrase), tag, note='line one\nline two, "quoted"')
    props = articles.info(desk, aid).properties
    articles.update_properties(
        desk, aid, articles.Properties('=HYPERLINK("x")', "Outlet, Inc.", "", "https://e.x/a", None)
    )
    del props
    out = tmp_path / "claims.csv"
    assert export.export_csv(desk, out) == 5
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") >= 6  # RFC 4180 record separators
    with out.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == REQUIRED == list(EXPORT_HEADER)
    rows = read(out)
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        assert text[start:end] == restore(r["quote"])
        assert r["tag"] in {"confirmed", "disputed", "single_source"}
        assert r["note"] == 'line one\nline two, "quoted"'
        assert r["article_title"] == '\'=HYPERLINK("x")'
        assert r["outlet"] == "Outlet, Inc."
        assert r["created_at"].endswith("Z")
        for cell in r.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    quotes = {r["quote"] for r in rows}
    assert {"'=Ministry", "'+33 more", "'-10,000", "'@agency", "“troops” 😀 died"} == quotes


def test_bom_and_article_filter(desk: Desk, tmp_path: Path) -> None:
    a = intake.import_file(desk, SEEDS[0]).article_id
    b = intake.import_file(desk, SEEDS[1]).article_id
    assert a and b
    claims.create(desk, a, 0, 5, "confirmed")
    claims.create(desk, b, 1, 5, "disputed")
    gone = claims.create(desk, b, 6, 10, "disputed").upserted[0].id
    claims.delete(desk, gone)
    out = tmp_path / "b.csv"
    assert export.export_csv(desk, out, article_id=b, bom=True) == 1
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [r["article_id"] for r in read(out)] == [str(b)]


def test_export_errors_leave_no_file(desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(FactGuiError, match="does not exist"):
        export.export_csv(desk, tmp_path / "no" / "such" / "dir.csv")
    with pytest.raises(FactGuiError, match="is a folder"):
        export.export_csv(desk, tmp_path)


def test_cancel_removes_partial_file(desk: Desk, tmp_path: Path) -> None:
    a = intake.import_file(desk, SEEDS[0]).article_id
    assert a
    claims.create(desk, a, 0, 5, "confirmed")
    out = tmp_path / "c.csv"
    with pytest.raises(export.Cancelled):
        export.export_csv(desk, out, cancelled=lambda: True)
    assert list(tmp_path.glob("*.csv*")) == []


def test_review_columns_and_signed_off_only(desk: Desk, as_user, tmp_path: Path) -> None:
    from fact_gui.services import review, signoffs

    a = intake.import_file(desk, SEEDS[0]).article_id
    b = intake.import_file(desk, SEEDS[1]).article_id
    assert a and b
    cid = claims.create(desk, a, 0, 5, "confirmed").upserted[0].id
    claims.create(desk, b, 0, 5, "disputed")
    rev = Desk.open(as_user("rita", "reviewer"), "rita")
    review.submit(desk, a)
    review.accept(rev, cid)
    signoffs.sign_off(rev, a, "ok")
    out = tmp_path / "r.csv"
    assert export.export_csv(desk, out) == 2
    rows = {r["article_id"]: r for r in read(out)}
    signed, other = rows[str(a)], rows[str(b)]
    assert (signed["state"], signed["review_status"], signed["reviewed_by"]) == (
        "signed_off",
        "accepted",
        "rita",
    )
    assert signed["signed_off_by"] == "rita" and signed["signed_off_at"].endswith("Z")
    assert signed["signoff_digest"] == signoffs.current_signoff(rev, a).digest  # type: ignore[union-attr]
    assert (other["state"], other["review_status"], other["signed_off_by"]) == (
        "annotating",
        "pending",
        "",
    )
    assert export.export_csv(desk, out, signed_off_only=True) == 1
    assert [r["article_id"] for r in read(out)] == [str(a)]
    rev.close()
