"""``fact-gui import`` of a changed article, ``list``, ``versions`` and ``diff``, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEEDS, db_state
from tests.fixtures.documents import STORY, news_page
from tests.fixtures.server import Routes, serve

pytestmark = pytest.mark.e2e


def tag(db: Path, article_id: int, *quotes: tuple[str, str]) -> None:
    from fact_gui.services import articles, claims
    from fact_gui.services.context import Desk

    desk = Desk.open(str(db), "ana")
    text = articles.text_and_claims(desk, article_id)[0]
    for quote, tag_ in quotes:
        s = text.index(quote)
        claims.create(desk, article_id, s, s + len(quote), tag_)
    desk.close()


def test_a_corrected_file_becomes_version_two_and_the_cli_shows_it(run, tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    story = tmp_path / "story.txt"
    story.write_bytes(SEEDS[1].read_bytes())
    first = run("import", "--db", str(db), str(story))
    assert first.returncode == 0 and first.stdout.startswith("1\t"), first.stderr
    tag(db, 1, ("approximately 12,000 troops", "disputed"), ("several dozens", "single_source"))

    story.write_text(
        SEEDS[1]
        .read_text(encoding="utf-8")
        .replace("approximately 12,000", "approximately 11,000"),
        encoding="utf-8",
    )
    second = run("import", "--db", str(db), str(story))
    assert second.returncode == 0, second.stderr
    assert second.stdout.split("\t")[0] == "2"
    assert (
        "(version 2 of article 1, same file: 1 claim carried, 1 could not be placed)"
        in second.stdout
    )
    assert (
        f"fact-gui: {story}: claim 1 (disputed, “approximately 12,000 troops”) not carried: "
        "a figure changed: “12,000” → “11,000”" in second.stderr
    )

    again = run("import", "--db", str(db), str(story))
    assert again.returncode == 0 and "already imported" in again.stdout

    listed = run("list", "--db", str(db))
    assert listed.returncode == 0
    (line,) = listed.stdout.splitlines()
    assert line.startswith("2\t") and line.endswith(
        "confirmed=0 disputed=0 single_source=1\tversions=2"
    )

    listing = run("versions", "--db", str(db), "2")
    assert listing.returncode == 0
    rows = [r.split("\t") for r in listing.stdout.splitlines()]
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        ("1", "1", "2", "annotating"),
        ("2", "2", "1", "annotating"),
    ]
    assert all(r[2].endswith("Z") and len(r[2]) == 20 for r in rows)
    assert rows[0][5].startswith("North Korean forces suffer")
    assert run("versions", "--db", str(db), "1").stdout == listing.stdout

    diff = run("diff", "--db", str(db), "1")
    assert diff.returncode == 0, diff.stderr
    lines = diff.stdout.splitlines()
    assert (
        lines[0].startswith("article 1: version 1 (article 1, imported ")
        and "→ version 2 (article 2" in lines[0]
    )
    (change,) = lines[1:-1]
    assert "approximately [-12,000-]{+11,000+} troops" in change
    assert change.endswith("[figure: 12,000 → 11,000]") and change.startswith("¶")
    assert lines[-1] == "1 word removed, 1 added, 1 figure changed"

    back = run("diff", "--db", str(db), "2", "2", "1", "--context", "2")
    assert back.returncode == 0
    assert "…sent approximately [-11,000-]{+12,000+} troops to…" in back.stdout

    as_json = json.loads(run("diff", "--db", str(db), "1", "--json").stdout)
    assert as_json["summary"] == {"removed": 1, "added": 1, "figures": 1,
                                  "text": "1 word removed, 1 added, 1 figure changed"}  # fmt: skip
    (op,) = as_json["changes"]
    assert (
        op["op"] == "replace"
        and op["old"]["text"] == "12,000"
        and op["new"]["figures"][0]["text"] == "11,000"
    )
    assert (as_json["old"]["article_id"], as_json["new"]["article_id"]) == (1, 2)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("versions", "99"), 1, "fact-gui: article 99 does not exist"),
        (("diff", "99"), 1, "fact-gui: article 99 does not exist"),
        (("diff", "1"), 1, "fact-gui: article 1 has only one version: there is nothing to compare"),
        (
            ("diff", "1", "1", "5"),
            1,
            "fact-gui: article 1 has no version 5 (it has version 1 only)",
        ),
        (("diff", "1", "1"), 1, "fact-gui: name both versions to compare, or neither"),
        (("versions", "one"), 2, "argument ID: invalid int value: 'one'"),
        (("diff", "1", "1", "2", "3"), 2, "unrecognized arguments: 3"),
    ],
)
def test_bad_ids_and_versions_fail_in_words_and_change_nothing(
    run, tmp_path: Path, args, code, message
) -> None:
    db = tmp_path / "desk.sqlite3"
    assert run("import", "--db", str(db), str(SEEDS[0])).returncode == 0
    before = db_state(db)
    r = run(*args, "--db", str(db))
    assert r.returncode == code and message in r.stderr and r.stdout == ""
    assert db_state(db) == before


def test_a_page_corrected_at_the_same_url(run, tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    url = "https://news.example.org/2024/12/17/troops-border"
    routes = Routes(
        {"/p": (200, "text/html; charset=utf-8", news_page(paragraphs=STORY, url=url).encode())}
    )
    with serve(routes) as base:
        assert run("import", "--db", str(db), f"{base}/p").returncode == 0
        fixed = [STORY[0].replace("about 12,000", "about 11,000"), *STORY[1:]]
        routes["/p"] = (
            200,
            "text/html; charset=utf-8",
            news_page(paragraphs=fixed, url=url).encode(),
        )
        r = run("import", "--db", str(db), f"{base}/p")
    assert r.returncode == 0, r.stderr
    assert "(version 2 of article 1, same URL: 0 claims carried)" in r.stdout
    d = run("diff", "--db", str(db), "2")
    assert "[-12,000-]{+11,000+}" in d.stdout and d.stdout.endswith(
        "1 word removed, 1 added, 1 figure changed\n"
    )
