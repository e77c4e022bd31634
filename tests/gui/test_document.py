"""The open article's claims: edits shown ahead of their commit, settled, dropped, and changes landing underneath."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester

from fact_gui.domain.claims import ClaimIndex, ClaimRow
from fact_gui.services.changes import ChangeSet, Origin
from fact_gui.ui.document import ClaimsUpdate, OpenArticle

TEXT = "The ministry said about 12,000 troops were deployed; Kirby said several dozen died."


def row(cid: int, start: int, end: int, tag: str = "confirmed", note: str = "") -> ClaimRow:
    return ClaimRow(cid, start, end, tag, TEXT[start:end], note, "ana", "2026-11-21T10:00:00Z")


def with_tag(tag: str):
    return lambda r: None if r is None else r._replace(tag=tag)


@pytest.fixture
def doc(qtbot, qtmodeltester: ModelTester) -> OpenArticle:
    d = OpenArticle()
    d.load(1, TEXT, [row(10, 4, 12), row(11, 53, 58, "disputed")], None)
    # Every change below is checked against Qt's rules for models as it happens.
    qtmodeltester.check(d.model, force_py=True)
    return d


def shown(d: OpenArticle) -> list[tuple[int, str]]:
    return [(c.id, c.tag) for c in d.claims.rows()]


def updates(d: OpenArticle) -> list[ClaimsUpdate]:
    seen: list[ClaimsUpdate] = []
    d.changed.connect(seen.append)
    return seen


def test_a_new_claim_shows_at_once_and_keeps_its_row_when_its_id_arrives(doc) -> None:
    seen = updates(doc)
    key = doc.new_key()
    assert key < -1  # never -1: the views' "no claim"
    pending = doc.preview(key, lambda _r: row(key, 18, 30, "single_source"))
    assert pending is not None
    assert shown(doc) == [(10, "confirmed"), (key, "single_source"), (11, "disputed")]
    assert seen[-1].focus == key and seen[-1].origin is None and (18, 30) in seen[-1].ranges
    position = doc.model.row_of(key)
    cs = ChangeSet(article_id=1, upserted=(row(42, 18, 30, "single_source"),))
    doc.settle(pending, cs)
    assert doc.key_of(key) == 42 and doc.model.row_of(42) == position  # renamed in place
    doc.apply(cs)
    assert shown(doc) == [(10, "confirmed"), (42, "single_source"), (11, "disputed")]
    assert (seen[-1].added, seen[-1].changed, seen[-1].focus) == (1, 0, None)


def test_a_refused_edit_is_taken_back(doc) -> None:
    p = doc.preview(10, with_tag("disputed"))
    assert shown(doc)[0] == (10, "disputed")
    assert p is not None
    doc.drop(p)
    assert shown(doc)[0] == (10, "confirmed")


def test_a_refused_create_takes_its_followers_with_it(doc) -> None:
    key = doc.new_key()
    create = doc.preview(key, lambda _r: row(key, 18, 30))
    retag = doc.preview(key, with_tag("disputed"))
    note = doc.preview(key, lambda r: None if r is None else r._replace(note="check"))
    assert (key, "disputed") in shown(doc)
    for p in (create, retag, note):  # refusals arrive in order; the ghost never comes back
        assert p is not None
        doc.drop(p)
        assert all(c.id != key for c in doc.claims.rows())


def test_edits_queued_behind_a_create_land_on_the_real_id(doc) -> None:
    key = doc.new_key()
    create = doc.preview(key, lambda _r: row(key, 18, 30))
    retag = doc.preview(key, with_tag("disputed"))
    assert create is not None and retag is not None
    created = ChangeSet(article_id=1, upserted=(row(42, 18, 30),))
    doc.settle(create, created)
    doc.apply(created)
    # Saved: confirmed; still shown: the retag on its way.
    assert (42, "disputed") in shown(doc)
    retagged = ChangeSet(article_id=1, upserted=(row(42, 18, 30, "disputed"),))
    doc.settle(retag, retagged)
    doc.apply(retagged)
    assert (42, "disputed") in shown(doc) and not doc._pending


def test_another_persons_change_lands_under_an_edit_on_its_way(doc) -> None:
    mine = doc.preview(10, with_tag("single_source"))
    assert mine is not None
    # Someone else changes the note meanwhile: saved state moves, my tag stays on top.
    theirs = ChangeSet(article_id=1, upserted=(row(10, 4, 12, note="theirs"),)).from_(Origin.REMOTE)
    doc.apply(theirs)
    c = doc.claims.get(10)
    assert c is not None and (c.tag, c.note) == ("single_source", "theirs")
    doc.drop(mine)  # mine refused: theirs shows
    c = doc.claims.get(10)
    assert c is not None and (c.tag, c.note) == ("confirmed", "theirs")


def test_removal_and_undo_of_it(doc) -> None:
    gone = doc.preview(11, lambda _r: None)
    assert gone is not None and doc.claims.get(11) is None
    removed = ChangeSet(article_id=1, removed=(row(11, 53, 58, "disputed"),))
    doc.settle(gone, removed)
    doc.apply(removed)
    back = doc.preview(11, lambda _r: row(11, 53, 58, "disputed"))
    assert back is not None and doc.claims.get(11) is not None
    seen = updates(doc)
    restored = ChangeSet(article_id=1, upserted=(row(11, 53, 58, "disputed"),)).from_(Origin.UNDO)
    doc.settle(back, restored)
    doc.apply(restored)
    assert (seen[-1].added, seen[-1].changed) == (1, 0)  # restored: counted as added


def test_a_no_op_commit_settles_too(doc) -> None:
    p = doc.preview(10, with_tag("confirmed"))  # same tag: the service changes nothing
    assert p is not None
    doc.settle(p, ChangeSet(article_id=1))
    assert not doc._pending and not doc._saved


def test_edits_from_an_article_left_behind_change_nothing(doc) -> None:
    p = doc.preview(10, with_tag("disputed"))
    assert p is not None
    doc.load(2, "Other text entirely.", [], None)
    doc.drop(p)
    doc.settle(p, ChangeSet(article_id=1, upserted=(row(10, 4, 12, "disputed"),)))
    assert doc.id == 2 and len(doc.claims) == 0


def test_changes_to_other_articles_are_ignored(doc) -> None:
    doc.apply(ChangeSet(article_id=7, upserted=(row(99, 0, 3),)))
    assert len(doc.claims) == 2


@pytest.mark.parametrize("n", [0, 1, 255, 1000])
def test_an_index_built_elsewhere_is_taken_over(qtbot, n: int) -> None:
    # No model tester here: it fetches more rows from inside its own reset handler,
    # which a model handing rows out in batches (over 256 claims) then reports.
    doc = OpenArticle()
    doc.load(1, TEXT, [row(10, 4, 12)], None)
    rows = [row(100 + i, i % 70, i % 70 + 3) for i in range(n)]
    built = ClaimIndex(rows)
    doc.load_claims(built)
    assert len(doc.claims) == n and len(built) == 0
    assert doc.model.total() == n
    assert [c.id for c in doc.claims.rows()] == [c.id for c in sorted(rows, key=ClaimRow.sort_key)]


def test_a_tag_made_while_the_claims_load_stays(qtbot) -> None:
    doc = OpenArticle()
    doc.load(1, TEXT, [], None)  # the text is shown; its claims are on their way
    key = doc.new_key()
    doc.preview(key, lambda _r: row(key, 18, 30))
    doc.load_claims(ClaimIndex([row(10, 4, 12), row(11, 53, 58)]))
    assert [c.id for c in doc.claims.rows()] == [10, key, 11]
