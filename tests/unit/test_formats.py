"""Extraction from real-world inputs: the seeds, saved pages, PDFs and Word files, field by field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fact_gui.domain.errors import BadInput
from fact_gui.domain.pasted import is_headline, is_prose, suggest_body
from fact_gui.services import formats
from fact_gui.services.intake import prepare_file
from tests.conftest import SEEDS
from tests.fixtures.documents import STORY, make_docx, make_pdf, news_page


def extract(path: Path) -> formats.Extracted:
    return prepare_file(path).extracted


# -- the seeds ----------------------------------------------------------------------------
def test_seed_000_copied_page() -> None:
    ex = extract(SEEDS[0])
    assert (
        ex.title
        == "U.S. Drops Bombshell: North Korean Troops Are Dying in Combat with Russia in Ukraine"
    )
    assert ex.author == "Daniel Kim"
    kept = ex.kept
    assert kept.startswith("U.S. officials have confirmed that North Korean troops deployed")
    assert kept.endswith(
        "is believed to be a focal point for the deployment of North Korean forces."
    )
    # every story paragraph, none of the lists around it
    for para in ("Pentagon Press Secretary Pat Ryder stated", "Ryder explained that North Korean units",
                 "Kirby estimated the casualties", "He further cautioned",
                 "Military Intelligence Directorate (DIU) reported",
                 "North Korea has reportedly deployed around 10,000 troops"):  # fmt: skip
        assert para in kept
    for junk in ("Quick access", "Comments0", "[LATEST]", "You May Also Like", "Popular Now",
                 "Share it on", "Madonna", "content@viewusglobal.com", "Ukrainska Pravda\n"):  # fmt: skip
        assert junk not in kept
    assert len(kept.split("\n\n")) == 10  # the story's paragraphs


def test_seed_003_dated_text() -> None:
    ex = extract(SEEDS[1])
    assert (
        ex.title == "North Korean forces suffer 'significant losses' in Ukraine conflict, U.S. says"
    )
    assert ex.published == date(2024, 12, 17)
    assert ex.kept.startswith("The United States confirmed on Monday")
    assert ex.kept.endswith("reclaim occupied territory in the western Kursk region.")
    assert "Published:" not in ex.kept and "date 2024" not in ex.kept


@pytest.mark.parametrize(
    ("text", "title", "author", "published"),
    [
        (
            "By Jane Roe | Reuters\nLong enough sentence about the ministry and what it said today.\n",
            "",
            "Jane Roe",
            None,
        ),
        (
            "Published: 3 March 2025\nThe ministry said that the figure was much lower than reported.\n",
            "",
            "",
            date(2025, 3, 3),
        ),
        (
            "date 2025-01-02\nThe agency confirmed that two independent sources backed the figure.\n",
            "",
            "",
            date(2025, 1, 2),
        ),
    ],
)
def test_plain_text_metadata_forms(
    tmp_path: Path, text: str, title: str, author: str, published: date | None
) -> None:
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    ex = extract(p)
    assert (ex.author, ex.published) == (author, published)


def test_prose_and_headline_rules() -> None:
    assert is_prose("The ministry said on Monday that the troops had moved to the border.")
    assert not is_prose("• U.S. Hits North Korean Military Officials with Sanctions Over Russia.")
    assert not is_prose(
        "North Korea About to Get MiG-29 and Su-27 Jets from Russia—But Are These Jets Worth It?"
    )
    assert is_headline(
        "U.S. Drops Bombshell: North Korean Troops Are Dying in Combat with Russia in Ukraine"
    )
    assert not is_headline("Quick access to main page (top) Direct access to main contents")
    # no prose at all: keep everything rather than guess
    assert suggest_body("one\ntwo\nthree") == (0, 13)


def test_a_clean_article_keeps_its_subheads(tmp_path: Path) -> None:
    paras = [STORY[0], "Background", STORY[1], "What comes next", STORY[2]]
    p = tmp_path / "clean.txt"
    p.write_text(
        "Troops Moved To The Border Region\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8"
    )
    ex = extract(p)
    assert ex.kept == "\n\n".join(paras)
    assert ex.title == "Troops Moved To The Border Region"


# -- web pages -----------------------------------------------------------------------------
@pytest.mark.parametrize("charset", ["utf-8", "windows-1252", "iso-8859-1", None])
def test_saved_page_in_several_encodings(tmp_path: Path, charset: str | None) -> None:
    paras = [*STORY[:2], "Le café du ministère a fermé ; les réfugiés ont été déplacés à Zürich."]
    page = news_page(paragraphs=paras, charset=charset)
    p = tmp_path / "page.html"
    p.write_bytes(page.encode(charset or "cp1252", errors="xmlcharrefreplace"))
    ex = extract(p)
    assert ex.title == "Ministry says 12,000 troops moved to border"
    assert ex.author == "Maria Lopez"
    assert ex.outlet == "The Daily Example"
    assert ex.published == date(2024, 12, 17)
    assert ex.url == "https://news.example.org/2024/12/17/troops-border"
    assert "Le café du ministère a fermé ; les réfugiés ont été déplacés à Zürich." in ex.text
    assert STORY[0] in ex.text and STORY[1] in ex.text
    for junk in ("Section 3", "Most read", "Shocking story", "Advertisement", "cookies", "dataLayer",
                 "All rights reserved", "Related headline"):  # fmt: skip
        assert junk not in ex.text


def test_cyrillic_page_declared_windows_1251(tmp_path: Path) -> None:
    paras = ["Министерство обороны заявило во вторник, что около двенадцати тысяч военных были переброшены.",
             "Независимые аналитики, изучившие спутниковые снимки, назвали меньшую цифру."]  # fmt: skip
    p = tmp_path / "ru.htm"
    p.write_bytes(
        news_page(title="Министерство о войсках", paragraphs=paras, charset="windows-1251").encode(
            "cp1251"
        )
    )
    ex = extract(p)
    assert ex.title == "Министерство о войсках"
    assert paras[0] in ex.text and paras[1] in ex.text


def test_page_without_metadata_falls_back(tmp_path: Path) -> None:
    p = tmp_path / "bare.html"
    p.write_text(news_page(metadata=False), encoding="utf-8")
    ex = extract(p)
    assert STORY[0] in ex.text
    assert ex.title  # from <title> or the first line
    assert ex.author == "" and ex.url == ""


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "nav.html",
            b"<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>",
            "no article text",
        ),
        ("binary.html", b"\x00\x01\x02" * 100, "not an HTML page"),
    ],
)
def test_pages_without_an_article(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(BadInput, match=reason):
        extract(p)


# -- PDF and Word --------------------------------------------------------------------------
def test_pdf_with_text_layer(qapp, tmp_path: Path) -> None:
    p = make_pdf(
        tmp_path / "statement.pdf",
        STORY,
        title="Statement on troop movements",
        author="Press Office",
    )
    ex = extract(p)
    assert ex.title == "Statement on troop movements"
    assert ex.author == "Press Office"
    paragraphs = ex.text.split("\n")
    assert len(paragraphs) == len(STORY)
    for got, want in zip(paragraphs, STORY, strict=True):
        assert " ".join(got.split()) == want


def test_pdf_without_text_layer(qapp, tmp_path: Path) -> None:
    p = make_pdf(tmp_path / "scan.pdf", STORY, text_layer=False)
    with pytest.raises(BadInput, match="no text layer"):
        extract(p)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "broken.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage",
            "damaged PDF|no text layer",
        ),
        ("fake.pdf", b"hello", "not a PDF"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 64, "not a valid Word document|damaged Word"),
        ("fake.docx", b"just some text", "not a valid Word document"),
    ],
)
def test_corrupt_documents(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(BadInput, match=reason):
        extract(p)


def test_docx_paragraphs_table_and_properties(tmp_path: Path) -> None:
    p = make_docx(
        tmp_path / "statement.docx", STORY, title="Ministry statement", author="A. Official"
    )
    ex = extract(p)
    assert ex.title == "Ministry statement"
    assert ex.author == "A. Official"
    assert ex.published == date(2024, 12, 17)
    lines = ex.text.split("\n")
    assert lines[0] == "Ministry statement"
    assert lines[1:5] == STORY
    assert lines[5:] == ["Source\tFigure", "Ministry\t12,000"]
