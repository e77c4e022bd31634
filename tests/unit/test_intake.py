"""Importing text files: encodings, normalisation, duplicates, and bad input."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from fact_gui.services import intake, reading
from fact_gui.services.context import Desk
from tests.conftest import SEEDS, db_state

STORY = "Ministry says “12 000” troops\nThe ministry said on Monday that café owners — and others — agreed.\n"


def write(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", STORY.encode("utf-8")),
        ("utf-8-sig", b"\xef\xbb\xbf" + STORY.encode("utf-8")),
        ("utf-16", STORY.encode("utf-16")),  # with BOM, little endian here
        ("utf-16", b"\xfe\xff" + STORY.encode("utf-16-be")),
        ("cp1252", STORY.encode("cp1252")),
    ],
)
def test_encodings_decode_to_the_same_text(
    desk: Desk, tmp_path: Path, encoding: str, data: bytes
) -> None:
    out = intake.import_file(desk, write(tmp_path, "a.txt", data), keep_all=True)
    assert out.status == "imported", out.reason
    with desk.engine.connect() as c:
        stored, original, enc = c.execute(sql("select text, original, encoding from article")).one()
    assert stored == STORY
    assert original == data  # original bytes kept for provenance
    assert enc.replace("_", "-").lower().startswith(encoding.split("-")[0][:2]) or enc


def test_legacy_cyrillic_is_detected(desk: Desk, tmp_path: Path) -> None:
    russian = (
        "Министерство обороны России сообщило о потерях северокорейских войск в Курской области.\n"
        * 3
    )
    out = intake.import_file(
        desk, write(tmp_path, "ru.txt", russian.encode("cp1251")), keep_all=True
    )
    assert out.status == "imported", out.reason
    with desk.engine.connect() as c:
        assert c.execute(sql("select text from article")).scalar() == russian


def test_crlf_and_nfd_are_normalised(desk: Desk, tmp_path: Path) -> None:
    out = intake.import_file(
        desk, write(tmp_path, "w.txt", "Title\r\nCafe\u0301 line\r\n".encode()), keep_all=True
    )
    assert out.status == "imported"
    with desk.engine.connect() as c:
        assert c.execute(sql("select text from article")).scalar() == "Title\nCafé line\n"


def test_title_and_sha(desk: Desk) -> None:
    out = intake.import_file(desk, SEEDS[1])
    assert (
        out.title
        == "North Korean forces suffer 'significant losses' in Ukraine conflict, U.S. says"
    )
    import hashlib

    with desk.engine.connect() as c:
        sha = c.execute(sql("select original_sha256 from article")).scalar()
    assert sha == hashlib.sha256(SEEDS[1].read_bytes()).hexdigest()


def test_markdown_title_drops_heading_marks(desk: Desk, tmp_path: Path) -> None:
    out = intake.import_file(
        desk, write(tmp_path, "m.md", b"\n# **Troops deployed**\n\nBody text here.\n")
    )
    assert out.title == "Troops deployed"


def test_same_text_again_is_a_duplicate(desk: Desk, tmp_path: Path) -> None:
    first = intake.import_file(desk, SEEDS[0])
    # Same text with CRLF line ends and a BOM is still the same article.
    crlf = b"\xef\xbb\xbf" + SEEDS[0].read_bytes().replace(b"\n", b"\r\n")
    again = intake.import_file(desk, write(tmp_path, "copy.txt", crlf))
    assert again.status == "duplicate" and again.article_id == first.article_id
    with desk.engine.connect() as c:
        assert c.execute(sql("select count(*) from article")).scalar() == 1


BAD = [
    ("empty.txt", b"", "is empty"),
    ("random.txt", os.urandom(4096) + b"\x00", "NUL bytes"),
    (
        "random-no-nul.txt",
        random.Random(7).randbytes(8192).replace(b"\x00", b""),
        "not readable text",
    ),
    ("nul.txt", b"hello\x00world", "NUL bytes"),
    ("fake.txt", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "PDF document"),
    ("blank.txt", b"   \n\n\t  \n", "no text"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG image"),
    ("page.html", b"<html><body><nav>Home</nav></body></html>", "no article text found"),
    ("page.xyz", b"some text", ".xyz files are not supported"),
    ("ctrl.txt", bytes(range(1, 9)) * 100, "binary data"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD, ids=[b[0] for b in BAD])
def test_bad_files_fail_clearly_and_leave_the_database_as_it_was(
    db_path: Path, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    desk = Desk.open(str(db_path), "tester")
    intake.import_file(desk, SEEDS[0])
    desk.close()
    before = db_state(db_path)
    desk = Desk.open(str(db_path), "tester")
    out = intake.import_file(desk, write(tmp_path, name, data))
    desk.close()
    assert out.status == "failed"
    assert reason in out.reason
    assert out.source.endswith(name)
    assert db_state(db_path) == before


def test_missing_path_and_folder(desk: Desk, tmp_path: Path) -> None:
    assert intake.import_file(desk, tmp_path / "nope.txt").reason == "no such file"
    assert intake.import_file(desk, tmp_path).reason == "is a folder, not a file"


def test_size_limit(desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    out = intake.import_file(desk, write(tmp_path, "big.txt", b"word " * 400))
    assert out.status == "failed" and "limit is" in out.reason


def test_batch_keeps_good_files(desk: Desk, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.txt", b"")
    report = intake.import_paths(
        desk, [SEEDS[0], bad, tmp_path / "missing.txt", SEEDS[1], SEEDS[1]]
    )
    assert [o.status for o in report.outcomes] == [
        "imported",
        "failed",
        "failed",
        "imported",
        "duplicate",
    ]
    assert report.failed
    with desk.engine.connect() as c:
        assert c.execute(sql("select count(*) from article")).scalar() == 2
