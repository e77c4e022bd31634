"""Versions and conflicts: every change names the version it was made on; a moved one is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text as sql

from fact_gui.domain.claims import ClaimRow
from fact_gui.domain.errors import Conflict, FactGuiError, NotFound, local_time_words
from fact_gui.domain.status import ArticleStatus
from fact_gui.domain.workflow import WorkflowError
from fact_gui.services import claims, intake, review, signoffs
from fact_gui.services.context import Desk
from tests.conftest import SEEDS
from tests.fixtures.chain import check_chain


@pytest.fixture
def pair(as_user) -> Iterator[tuple[Desk, Desk]]:
    """Two people on one database (a SQLite file, or PostgreSQL as their own logins).

    Both annotate and review: the conflicts between them are the subject here.
    """
    roles = ("analyst", "reviewer")
    ana, bob = Desk.open(as_user("ana", *roles), "ana"), Desk.open(as_user("bob", *roles), "bob")
    yield ana, bob
    ana.close()
    bob.close()


def _article(desk: Desk) -> int:
    aid = intake.import_file(desk, SEEDS[1]).article_id
    assert aid is not None
    return aid


def _audit_count(desk: Desk) -> int:
    with desk.engine.connect() as c:
        return int(c.execute(sql("select count(*) from audit_event")).scalar_one())


def test_every_change_bumps_the_version_and_names_who(pair) -> None:
    ana, bob = pair
    aid = _article(ana)
    row = claims.create(ana, aid, 0, 10, "confirmed").upserted[0]
    assert (row.row_version, row.updated_by) == (1, "ana")
    steps = [
        lambda v: claims.retag(bob, row.id, "disputed", if_version=v).upserted[0],
        lambda v: claims.set_note(ana, row.id, "two sources?", if_version=v).upserted[0],
        lambda v: claims.delete(bob, row.id, if_version=v).removed[0],
        lambda v: claims.restore(ana, row.id, via="undo", if_version=v).upserted[0],
    ]
    version = 1
    for who, step in zip(("bob", "ana", "bob", "ana"), steps, strict=True):
        changed = step(version)
        assert (changed.row_version, changed.updated_by) == (version + 1, who)
        version += 1
    now = claims.current(ana, row.id)
    assert (now.row.row_version, now.row.updated_by, now.removed) == (5, "ana", False)
    assert review.status(ana, aid).row_version == 2  # imported, then annotation started
    check_chain(ana.engine)


@pytest.mark.parametrize("change", ["retag", "note", "delete"])
def test_a_change_on_an_old_version_is_refused_and_writes_nothing(pair, change: str) -> None:
    ana, bob = pair
    aid = _article(ana)
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    claims.retag(bob, cid, "disputed", if_version=1)  # bob gets there first
    n = _audit_count(ana)
    call = {
        "retag": lambda: claims.retag(ana, cid, "single_source", if_version=1),
        "note": lambda: claims.set_note(ana, cid, "mine", if_version=1),
        "delete": lambda: claims.delete(ana, cid, if_version=1),
    }[change]
    with pytest.raises(Conflict) as caught:
        call()
    err = caught.value
    assert isinstance(err, FactGuiError)
    assert str(err).startswith(f"claim {cid} was changed by bob at ")
    assert "today" in str(err) and "it is now Disputed, review pending" in str(err)
    assert "(row version 2; this change was made on row version 1)" in str(err)
    assert isinstance(err.current, ClaimRow)
    assert (err.current.tag, err.current.row_version, err.current.updated_by) == (
        "disputed",
        2,
        "bob",
    )
    assert (err.by, err.expected) == ("bob", 1)
    assert _audit_count(ana) == n
    assert claims.current(ana, cid).row == err.current  # the exception carries the row as it is


def test_without_a_version_a_script_changes_the_current_one(pair) -> None:
    ana, bob = pair
    aid = _article(ana)
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    claims.retag(bob, cid, "disputed")
    row = claims.set_note(ana, cid, "checked").upserted[0]
    assert (row.tag, row.note, row.row_version) == ("disputed", "checked", 3)
    check_chain(ana.engine)


def test_the_window_s_undo_stack_stays_coherent(pair) -> None:
    """Undo names the version its own change produced; someone else's change in between wins."""
    ana, bob = pair
    aid = _article(ana)
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    mine = claims.retag(ana, cid, "disputed", if_version=1).upserted[0]
    claims.set_note(bob, cid, "bob's note", if_version=mine.row_version)
    with pytest.raises(Conflict, match="changed by bob") as caught:
        claims.retag(ana, cid, "confirmed", via="undo", if_version=mine.row_version)
    current = caught.value.current
    assert isinstance(current, ClaimRow) and current.note == "bob's note"
    # Retrying on what is there now is the user's call; it then applies.
    again = claims.retag(ana, cid, "confirmed", via="undo", if_version=current.row_version)
    assert (again.upserted[0].tag, again.upserted[0].note) == ("confirmed", "bob's note")


def test_a_claim_removed_meanwhile(pair) -> None:
    ana, bob = pair
    aid = _article(ana)
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    claims.delete(bob, cid, if_version=1)
    with pytest.raises(Conflict, match=r"changed by bob .*it is now removed"):
        claims.retag(ana, cid, "disputed", if_version=1)
    with pytest.raises(NotFound, match="it was removed"):
        claims.retag(ana, cid, "disputed")
    with pytest.raises(Conflict):
        claims.restore(ana, cid, if_version=1)  # restoring needs the removal's version
    assert claims.restore(ana, cid, if_version=2).upserted[0].row_version == 3
    with pytest.raises(Conflict):
        claims.restore(bob, cid, if_version=2)  # ana restored it meanwhile


def test_article_state_changes_carry_versions(pair) -> None:
    ana, bob = pair
    aid = _article(ana)
    ids = [claims.create(ana, aid, s, s + 10, "confirmed").upserted[0].id for s in (0, 40)]
    seen = review.status(ana, aid)
    assert (seen.state, seen.row_version) == ("annotating", 2)
    review.submit(ana, aid, if_version=seen.row_version)
    with pytest.raises(Conflict) as caught:
        review.submit(bob, aid, if_version=seen.row_version)  # a second submit from a stale view
    assert str(caught.value).startswith(f"article {aid} was changed by ana at ")
    assert str(caught.value).endswith("it is now submitted")
    assert isinstance(caught.value.current, ArticleStatus)
    assert caught.value.current.state == "submitted"
    looked = review.status(bob, aid)
    for cid in ids:
        review.accept(bob, cid, if_version=1)
    review.return_article(ana, aid, "one more check", if_version=looked.row_version)
    review.submit(ana, aid)
    for cid in ids:
        review.accept(bob, cid, if_version=claims.current(bob, cid).row.row_version)
    # bob looked before the return and the new submission: his sign-off is refused
    with pytest.raises(Conflict, match="changed by ana"):
        signoffs.sign_off(bob, aid, if_version=looked.row_version)
    signoffs.sign_off(bob, aid, if_version=review.status(bob, aid).row_version)
    signed = review.status(bob, aid)
    assert (signed.state, signed.updated_by) == ("signed_off", "bob")
    with pytest.raises(Conflict):
        review.reopen(bob, aid, "new figures", if_version=looked.row_version)
    review.reopen(bob, aid, "new figures", if_version=signed.row_version)
    # reopening reset each verdict: one versioned event per claim, the chain unbroken
    check_chain(ana.engine)


def test_verdicts_and_replies_carry_the_claim_version(pair) -> None:
    ana, bob = pair
    aid = _article(ana)
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    review.submit(ana, aid)
    queried = review.query(bob, cid, "Which ministry?", if_version=1).upserted[0]
    assert (queried.review, queried.row_version) == ("queried", 2)
    with pytest.raises(Conflict, match="review queried"):
        review.accept(bob, cid, if_version=1)
    with pytest.raises(Conflict):
        review.reply(ana, cid, "The defence ministry", if_version=1)
    review.reply(ana, cid, "The defence ministry", if_version=2)
    assert review.accept(bob, cid, if_version=2).upserted[0].row_version == 3
    assert review.accept(bob, cid, if_version=3).empty  # accepted already: nothing to do
    events = check_chain(ana.engine)[cid]
    assert [e["action"] for e in events] == ["claim.create", "claim.query", "claim.accept"]
    assert events[1]["after"]["comment"] == "Which ministry?"


def test_the_audit_before_is_what_the_change_replaced(pair) -> None:
    ana, bob = pair
    aid = _article(ana)
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    claims.retag(bob, cid, "disputed")
    claims.retag(ana, cid, "single_source")
    with ana.engine.connect() as c:
        befores = [
            json.loads(b)["tag"]
            for (b,) in c.execute(
                sql("select before from audit_event where action = 'claim.retag' order by id")
            )
        ]
    assert befores == ["confirmed", "disputed"]


def test_workflow_refusals_still_come_first_for_the_wrong_state(pair) -> None:
    ana, _bob = pair
    aid = _article(ana)
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    review.submit(ana, aid)
    with pytest.raises(WorkflowError, match="submitted for review"):
        claims.retag(ana, cid, "disputed", if_version=1)


@pytest.mark.parametrize(
    ("delta", "word"),
    [(timedelta(0), "today"), (timedelta(days=1), "yesterday"), (timedelta(days=40), " on ")],
)
def test_local_time_words(delta: timedelta, word: str) -> None:
    now = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
    at = now - delta
    words = local_time_words(at, now)
    assert words.startswith(f"at {at.astimezone():%H:%M:%S}")
    assert word in words
    if word == " on ":
        assert words.endswith(f"on {at.astimezone().day} {at.astimezone():%b %Y}")


def test_article_properties_carry_the_article_version(pair) -> None:
    from fact_gui.services import articles

    ana, bob = pair
    aid = _article(ana)
    seen = review.status(ana, aid)
    props = articles.info(ana, aid).properties
    cs = articles.update_properties(
        bob, aid, articles.Properties("Bob's title", props.outlet, props.author, props.url,
                                      props.published), if_version=seen.row_version,
    )  # fmt: skip
    assert [(s.row_version, s.updated_by) for s in cs.statuses] == [(seen.row_version + 1, "bob")]
    n = _audit_count(ana)
    with pytest.raises(Conflict, match=rf"article {aid} was changed by bob .* it is now new"):
        articles.update_properties(
            ana,
            aid,
            articles.Properties("Ana's title", "", "", "", None),
            if_version=seen.row_version,
        )
    assert articles.info(ana, aid).properties.title == "Bob's title" and _audit_count(ana) == n
