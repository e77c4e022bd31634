"""Article versions on real databases: new text at the same URL or file, claims carried, diffs."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text as sql

from fact_gui.domain.errors import BadInput, FactGuiError, NotFound
from fact_gui.domain.workflow import Role
from fact_gui.services import articles, claims, export, intake, review, signoffs, versions
from fact_gui.services.changes import Kind
from fact_gui.services.context import Desk
from tests.conftest import db_state
from tests.fixtures.documents import STORY, news_page
from tests.fixtures.server import Routes, serve
from tests.fixtures.team import behind_the_app

URL = "https://news.example.org/2024/12/17/troops-border"
MOVED = "Independent analysts who reviewed satellite images said the build-up was smaller"
KEPT = "A spokesperson for the ministry told reporters that the deployment was defensive"
FIGURE = "about 12,000 soldiers had been moved to the border region"
GONE = "asked not to be named because of the sensitivity of the matter"


def page(
    paragraphs: list[str], title: str = "Ministry says 12,000 troops moved to border"
) -> bytes:
    return news_page(title=title, paragraphs=paragraphs, url=URL).encode()


def corrected() -> list[str]:
    """The site's correction: a figure changed, a paragraph moved, a sentence cut, one added."""
    first = STORY[0].replace("about 12,000 soldiers", "about 11,000 soldiers")
    last = STORY[3].replace(
        ", who asked not to be named because of the sensitivity of the matter", ""
    )
    return [
        first,
        STORY[1],
        last,
        STORY[2],
        "Correction: an earlier version gave the wrong figure.",
    ]


def tag(desk: Desk, article_id: int, quote: str, tag_: str, note: str = "") -> int:
    text = articles.text_and_claims(desk, article_id)[0]
    s = text.index(quote)
    return claims.create(desk, article_id, s, s + len(quote), tag_, note).upserted[0].id


def rows(desk: Desk, query: str, **params: object) -> list[tuple[Any, ...]]:
    with desk.engine.connect() as c:
        return [tuple(r) for r in c.execute(sql(query), params)]


@pytest.fixture
def site():
    routes = Routes({"/story": (200, "text/html; charset=utf-8", page(STORY))})
    with serve(routes) as base:
        yield routes, f"{base}/story"


def test_changed_page_at_the_same_url_is_a_new_version_with_its_claims_carried(
    desk: Desk, site
) -> None:
    routes, url = site
    v1 = intake.import_file(desk, url)
    assert v1.status == "imported" and v1.new_version is None and v1.article_id
    a1 = v1.article_id
    kept = tag(desk, a1, KEPT, "confirmed", "Transcript checked")
    moved = tag(desk, a1, MOVED, "single_source", "Only one firm's images")
    figure = tag(desk, a1, FIGURE, "disputed", "Capital disputes it")
    gone = tag(desk, a1, GONE, "confirmed")

    routes["/story"] = (200, "text/html; charset=utf-8", page(corrected()))
    v2 = intake.import_file(desk, url)
    assert v2.status == "imported", v2.reason
    nv = v2.new_version
    assert nv is not None and v2.article_id != a1
    assert (nv.lineage_id, nv.version, nv.previous_id, nv.why) == (a1, 2, a1, "same URL")
    assert {c.from_id for c in nv.carried} == {kept, moved}
    by_claim = {u.claim_id: u for u in nv.unplaced}
    assert set(by_claim) == {figure, gone}
    assert by_claim[figure].figure_changed and "“12,000” → “11,000”" in by_claim[figure].reason
    assert by_claim[figure].candidate_quote == FIGURE.replace("12,000", "11,000")
    assert by_claim[gone].tag == "confirmed" and by_claim[gone].quote == GONE
    assert (
        "version 2 of article" in v2.reason
        and "2 claims carried, 2 could not be placed" in v2.reason
    )

    a2 = v2.article_id
    assert a2 is not None
    text2, carried = articles.text_and_claims(desk, a2)
    assert [(c.tag, c.note, c.review, c.analyst) for c in carried] == [
        ("confirmed", "Transcript checked", "pending", "tester"),
        ("single_source", "Only one firm's images", "pending", "tester"),
    ]
    # The stored quote is exactly the new text's slice.
    for cid, s, e, quote in rows(
        desk, "select id, start_offset, end_offset, quote from claim where article_id = :a", a=a2
    ):
        assert text2[s:e] == quote, cid
    assert text2.index(MOVED) > text2.index(KEPT)  # the moved paragraph is followed
    # The old version is untouched: its four claims, its state.
    assert len(articles.text_and_claims(desk, a1)[1]) == 4
    assert rows(desk, "select id, state, version, lineage_id from article order by id") == [
        (a1, "annotating", 1, a1), (a2, "annotating", 2, a1)]  # fmt: skip
    # One library row: the newest version, two versions.
    (row,) = articles.library(desk)
    assert (row.id, row.lineage_id, row.versions, sum(row.counts.values())) == (a2, a1, 2, 2)
    assert articles.library(desk, [a1]) == articles.library(desk, [a2]) == [row]


def test_carry_is_audited_with_its_source_claim_and_method(desk: Desk, site) -> None:
    routes, url = site
    a1 = intake.import_file(desk, url).article_id
    assert a1
    kept = tag(desk, a1, KEPT, "confirmed")
    routes["/story"] = (200, "text/html", page(corrected()))
    out = intake.import_file(desk, url)
    a2, nv = out.article_id, out.new_version
    assert a2 and nv
    (carry,) = rows(
        desk, "select claim_id, before, after, actor from audit_event where action = 'claim.carry'"
    )
    before, after = json.loads(carry[1]), json.loads(carry[2])
    assert carry[0] == nv.carried[0].to_id and carry[3] == "tester"
    assert before["claim"] == kept and before["article"] == a1 and before["quote"] == KEPT
    assert after["method"] == "exact" and after["quote"] == KEPT and after["tag"] == "confirmed"
    (event,) = rows(
        desk, "select article_id, after from audit_event where action = 'article.version'"
    )
    assert event[0] == a2
    assert json.loads(event[1]) == {"lineage": a1, "version": 2, "why": "same URL", "carried": 1,
                                    "unplaced": []}  # fmt: skip


def test_identical_text_is_still_a_duplicate_and_an_old_text_names_its_version(
    desk: Desk, site
) -> None:
    routes, url = site
    a1 = intake.import_file(desk, url).article_id
    again = intake.import_file(desk, url)
    assert again.status == "duplicate" and again.article_id == a1 and "same text" in again.reason
    routes["/story"] = (200, "text/html", page(corrected()))
    a2 = intake.import_file(desk, url).article_id
    assert intake.import_file(desk, url).article_id == a2
    # The site reverts to the first text: that is version 1, already here.
    routes["/story"] = (200, "text/html", page(STORY))
    back = intake.import_file(desk, url)
    assert back.status == "duplicate" and back.article_id == a1
    assert rows(desk, "select count(*) from article") == [(2,)]


def test_only_spacing_changed_is_a_duplicate(desk: Desk, tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text("Headline here\n\nThe ministry said 12,000 troops moved.\n")
    first = intake.import_file(desk, f, keep_all=True)
    f.write_text("Headline here\n\n\nThe ministry  said\n12,000 troops moved.\n")
    again = intake.import_file(desk, f, keep_all=True)
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert "only spacing differs" in again.reason


def test_same_file_path_with_edited_content_is_a_new_version(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "desk" / "statement.txt"
    f.parent.mkdir()
    f.write_text(
        "Statement title\n\nThe agency counted 200 casualties on Monday.\nNo further comment.\n"
    )
    monkeypatch.chdir(tmp_path)
    first = intake.import_file(desk, "desk/statement.txt", keep_all=True)  # relative
    assert first.article_id
    tag(desk, first.article_id, "No further comment.", "confirmed")
    f.write_text(
        "Statement title\n\nThe agency counted 300 casualties on Monday.\nNo further comment.\n"
    )
    second = intake.import_file(desk, f, keep_all=True)  # absolute: the same file
    assert second.new_version is not None and second.new_version.why == "same file"
    assert [c.quote for c in second.new_version.carried] == ["No further comment."]
    assert rows(desk, "select source from article") == [(str(f),), (str(f),)]
    # Another file with other text is another article.
    other = tmp_path / "other.txt"
    other.write_text("Something else entirely, with 5 words.\n")
    assert intake.import_file(desk, other, keep_all=True).new_version is None
    assert [r.versions for r in articles.library(desk)] == [2, 1]


def test_versions_without_claims_start_new_and_a_third_follows_the_second(desk: Desk, site) -> None:
    routes, url = site
    a1 = intake.import_file(desk, url).article_id
    routes["/story"] = (200, "text/html", page(corrected()))
    v2 = intake.import_file(desk, url)
    assert v2.new_version and v2.new_version.carried == () and v2.new_version.unplaced == ()
    assert rows(desk, "select state from article where id = :a", a=v2.article_id) == [("new",)]
    assert v2.article_id
    tag(desk, v2.article_id, "Correction: an earlier version gave the wrong figure.", "confirmed")
    routes["/story"] = (200, "text/html", page([*corrected(), "Update: the ministry replied."]))
    v3 = intake.import_file(desk, url)
    assert v3.new_version and (v3.new_version.version, v3.new_version.previous_id) == (
        3,
        v2.article_id,
    )
    assert len(v3.new_version.carried) == 1
    assert [(v.version, v.claims, v.state) for v in versions.versions(desk, a1 or 0)] == [
        (1, 0, "new"), (2, 1, "annotating"), (3, 1, "annotating")]  # fmt: skip


def test_carried_claims_are_made_by_the_importer_and_a_reviewer_may_not_import(
    db_path: Path, site
) -> None:
    """Carrying claims is making claims: the importer's role must allow it, and they are theirs."""
    routes, url = site
    ana = Desk.open(str(db_path), "ana")
    a1 = intake.import_file(ana, url).article_id
    assert a1
    tag(ana, a1, KEPT, "confirmed")
    rev = Desk.open(str(db_path), "rev")
    rev.roles = frozenset({Role.REVIEWER})  # as on a team desk, where the login's groups say so
    routes["/story"] = (200, "text/html", page(corrected()))
    before = db_state(db_path)
    with pytest.raises(FactGuiError, match=r"cannot import articles: your role \(reviewer\)"):
        intake.import_file(rev, url)
    assert db_state(db_path) == before
    boss = Desk.open(str(db_path), "boss")
    boss.roles = frozenset({Role.ADMIN})
    out = intake.import_file(boss, url)
    assert out.new_version and [c.quote for c in out.new_version.carried] == [KEPT]
    (carried,) = articles.text_and_claims(boss, out.article_id or 0)[1]
    assert (carried.analyst, carried.updated_by, carried.review) == ("boss", "boss", "pending")
    (after,) = rows(ana, "select before, after from audit_event where action = 'claim.carry'")
    assert json.loads(after[0])["analyst"] == "ana" and json.loads(after[1])["analyst"] == "boss"
    for d in (ana, rev, boss):
        d.close()


def test_signed_off_version_stays_signed_and_each_version_exports_its_own_claims(
    db_path: Path, site, tmp_path: Path
) -> None:
    routes, url = site
    ana, rev = Desk.open(str(db_path), "ana"), Desk.open(str(db_path), "rev")
    a1 = intake.import_file(ana, url).article_id
    assert a1
    c1 = tag(ana, a1, KEPT, "confirmed")
    review.submit(ana, a1)
    review.accept(rev, c1)
    signoffs.sign_off(rev, a1)
    routes["/story"] = (200, "text/html", page(corrected()))
    a2 = intake.import_file(ana, url).article_id
    assert a2
    report = signoffs.verify(ana)
    assert report.ok and report.signoffs == 1
    assert rows(ana, "select state from article where id = :a", a=a1) == [("signed_off",)]
    # The new version goes through its own review.
    (c2,) = [c.id for c in articles.text_and_claims(ana, a2)[1]]
    review.submit(ana, a2)
    review.accept(rev, c2)
    signoffs.sign_off(rev, a2)
    report = signoffs.verify(ana)
    assert report.ok and report.signoffs == 2
    for article, claim in ((a1, c1), (a2, c2)):
        out = tmp_path / f"{article}.csv"
        assert export.export_csv(ana, out, article_id=article) == 1
        (line,) = csv.DictReader(out.read_text(encoding="utf-8").splitlines())
        assert (line["article_id"], line["claim_id"], line["quote"]) == (
            str(article),
            str(claim),
            KEPT,
        )
        assert line["signed_off_by"] == "rev"
    ana.close()
    rev.close()


def test_listing_and_comparing_versions(desk: Desk, site) -> None:
    routes, url = site
    a1 = intake.import_file(desk, url).article_id
    assert a1
    with pytest.raises(FactGuiError, match="has only one version: there is nothing to compare"):
        versions.compare(desk, a1)
    routes["/story"] = (200, "text/html", page(corrected()))
    a2 = intake.import_file(desk, url).article_id
    assert a2
    listed = versions.versions(desk, a2)
    assert [(v.id, v.version, v.lineage_id) for v in listed] == [(a1, 1, a1), (a2, 2, a1)]
    assert listed[0].imported_at.endswith("Z") and listed[0].imported_by == "tester"
    assert versions.versions(desk, a1) == listed
    c = versions.compare(desk, a1)
    assert (c.old.id, c.new.id) == (a1, a2)
    assert c.diff.figures == 1 and c.diff.removed > 10 and c.diff.added > 5
    changed = [(c.old_text[op.old_start : op.old_end], c.new_text[op.new_start : op.new_end])
               for op in c.diff.changes]  # fmt: skip
    assert ("12,000", "11,000") in changed
    assert c.hunks(context=3)[0].figure_changed
    assert versions.compare(desk, a2, 2, 1).diff.figures == 1  # backwards works too
    assert versions.compare(desk, a2, 1, 1).diff.changes == ()


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((999,), NotFound, "article 999 does not exist"),
        ((0, 1, 5), NotFound, "has no version 5 (it has versions 1-2)"),
        ((0, 0, 2), NotFound, "has no version 0"),
        ((0, 1, None), FactGuiError, "name both versions to compare, or neither"),
    ],
)
def test_bad_ids_and_versions_are_refused_in_words(desk: Desk, site, args, error, message) -> None:
    routes, url = site
    a1 = intake.import_file(desk, url).article_id
    routes["/story"] = (200, "text/html", page(corrected()))
    intake.import_file(desk, url)
    aid, *numbers = args
    with pytest.raises(error, match=re.escape(message)):
        versions.compare(desk, aid or a1 or 0, *numbers)
    if args[0] == 999:
        with pytest.raises(NotFound):
            versions.versions(desk, 999)


def test_a_concurrent_second_version_is_refused_and_nothing_is_written(
    db_path: Path, site, monkeypatch: pytest.MonkeyPatch
) -> None:
    routes, url = site
    desk = Desk.open(str(db_path), "t")
    first = intake.import_file(desk, url)
    routes["/story"] = (200, "text/html", page(corrected()))
    intake.import_file(desk, url)
    stale = versions.Predecessor(first.article_id or 0, first.article_id or 0, 1, "", "same URL")
    # Another window made version 2 after this one looked: it still believes version 1 is newest.
    monkeypatch.setattr(versions, "predecessor", lambda *a: stale)
    routes["/story"] = (200, "text/html", page([*corrected(), "A third text."]))
    prepared = intake.prepare(url)
    desk.close()
    before = db_state(db_path)
    desk = Desk.open(str(db_path), "t")
    with pytest.raises(BadInput, match="imported at the same moment elsewhere"):
        intake.save(desk, prepared)
    desk.close()
    assert db_state(db_path) == before


def test_unique_lineage_and_version_in_the_schema(desk: Desk, site) -> None:
    routes, url = site
    intake.import_file(desk, url)
    routes["/story"] = (200, "text/html", page(corrected()))
    intake.import_file(desk, url)
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError, ProgrammingError

    renumber = text("update article set version = 1 where version = 2")
    # Even with the app and the desk's rules out of the way, the index refuses.
    with pytest.raises(IntegrityError, match=r"(?i)unique"), behind_the_app(desk) as conn:
        conn.execute(renumber)
    if desk.team:  # a team desk's own logins are stopped before that
        with (
            pytest.raises(ProgrammingError, match="place among its versions never changes"),
            desk.engine.begin() as conn,
        ):
            conn.execute(renumber)


def test_batch_report_and_change_set_tell_of_new_versions(desk: Desk, site) -> None:
    routes, url = site
    a1 = intake.import_file(desk, url).article_id
    assert a1
    tag(desk, a1, FIGURE, "disputed")
    routes["/story"] = (200, "text/html", page(corrected()))
    report = intake.import_sources(desk, [url], workers=1)
    assert report.summary() == (
        "1 imported (1 as a new version of an article already in the library; "
        "1 claim could not be carried)"
    )
    cs = report.changes
    assert cs.touches(Kind.VERSIONS) and cs.touches(Kind.ARTICLES)
    assert (
        intake.import_sources(desk, [url], workers=1).summary()
        == "0 imported, 1 already in the library"
    )


def test_pastes_without_a_url_never_become_versions(desk: Desk) -> None:
    one = intake.save(
        desk, intake.prepare_clipboard("A pasted statement about 12 ships.\n"), keep_all=True
    )
    two = intake.save(
        desk, intake.prepare_clipboard("A pasted statement about 13 ships.\n"), keep_all=True
    )
    assert one.status == two.status == "imported" and two.new_version is None
    assert [r.versions for r in articles.library(desk)] == [1, 1]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("The troops, said officials, left the town.", "The troops said officials left the town.",
         "¶1  The troops[-,-] said officials[-,-] left the town."),
        ("Alpha beta gamma delta.", "Alpha gamma delta.", "¶1  Alpha [-beta-] gamma delta."),
        ("One para.\n\nTwo para here.\n\nThree para.", "One para.\n\nThree para.",
         "¶2  One para. ¶ [-Two para here.-] ¶ Three para.  [figure: Two (removed)]"),
        ("One para.\n\nThree para.", "One para.\n\nA para with 200 dead.\n\nThree para.",
         "¶2  One para. ¶ {+A para with 200 dead.+} ¶ Three para.  [figure: 200 (added)]"),
        ("Start. Killed 10 people on 3 May.", "Start. Killed 12 people on 4 May.",
         "¶1  Start. Killed [-10-]{+12+} people on [-3-]{+4+} May.  [figure: 10 → 12; 3 → 4]"),
    ],
)  # fmt: skip
def test_cli_diff_renders_changes_readably(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, line: str
) -> None:
    from fact_gui.cli import main

    f = tmp_path / "a.txt"
    f.write_text(f"Title of the piece\n\n{old}\n")
    assert main(["import", "--db", str(db_path), "--keep-all", str(f)]) == 0
    f.write_text(f"Title of the piece\n\n{new}\n")
    assert main(["import", "--db", str(db_path), "--keep-all", str(f)]) == 0
    capsys.readouterr()
    assert main(["diff", "--db", str(db_path), "1"]) == 0
    shown = capsys.readouterr().out.splitlines()
    # The title line above is context too; paragraphs count from it.
    number, text = line.split("  ", 1)
    paragraph = int(number[1:]) + 1
    assert shown[1:-1] == [f"¶{paragraph}  Title of the piece ¶ {text}"]
