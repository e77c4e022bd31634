"""Review and sign-off at the service layer: workflow, locking, duties, digests, audit."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import text as sql

from fact_gui.domain.digest import SignedClaim, digest
from fact_gui.domain.workflow import TRANSITIONS, Action, State, WorkflowError, transition
from fact_gui.services import articles, claims, intake, review, signoffs, team
from fact_gui.services.context import Desk
from tests.conftest import SEEDS
from tests.fixtures.team import behind_the_app


@pytest.mark.parametrize(("state", "action"), list(itertools.product(State, Action)))
def test_every_transition_is_allowed_or_refused_clearly(state: State, action: Action) -> None:
    if (state, action) in TRANSITIONS:
        assert transition(state, action) is TRANSITIONS[(state, action)]
    else:
        with pytest.raises(
            WorkflowError, match=rf"cannot {action.value.replace('_', ' ')}: .*this one is"
        ):
            transition(state, action)


def test_digest_is_stable_and_order_free() -> None:
    a, b = SignedClaim(0, 5, "confirmed", "Hello", ""), SignedClaim(6, 11, "disputed", "world", "n")
    assert digest("Hello world", [a, b]) == digest("Hello world", [b, a])
    assert digest("Hello world", [a, b]) != digest("Hello world", [a])
    assert digest("Hello world", [a, b]) != digest("Hello world", [a, b._replace(tag="confirmed")])
    assert digest("Hello world", [a]) != digest("Hello world!", [a])


@pytest.fixture
def two(as_user):
    """ana and rev on one database (a SQLite file, or PostgreSQL as their own logins).

    Both wear the analyst's and the reviewer's hats: these tests are about the workflow and
    separation of duties (what each role alone may do is tests/unit/test_team.py's).
    """
    roles = ("analyst", "reviewer")
    ana, rev = Desk.open(as_user("ana", *roles), "ana"), Desk.open(as_user("rev", *roles), "rev")
    yield ana, rev
    ana.close()
    rev.close()


def seeded(ana: Desk) -> tuple[int, list[int]]:
    aid = intake.import_file(ana, SEEDS[1]).article_id
    assert aid is not None
    ids = [claims.create(ana, aid, s, s + 10, t).upserted[0].id
           for s, t in ((0, "confirmed"), (40, "disputed"), (80, "single_source"))]  # fmt: skip
    return aid, ids


def state_of(desk: Desk, aid: int) -> str:
    with desk.engine.connect() as c:
        return str(c.execute(sql("select state from article where id = :a"), {"a": aid}).scalar())


def test_a_whole_review_at_the_service_layer(two) -> None:
    ana, rev = two
    aid, ids = seeded(ana)
    assert state_of(ana, aid) == "annotating"  # the first claim started annotation
    review.submit(ana, aid)
    # submitted: nobody edits the claims until the reviewer returns it
    with pytest.raises(WorkflowError, match="submitted for review"):
        claims.retag(ana, ids[0], "disputed")
    review.accept(rev, ids[0])
    review.query(rev, ids[1], "Second source? Only the ministry says so.")
    with pytest.raises(WorkflowError, match=r"[12] of 3 claims are not accepted"):
        signoffs.sign_off(rev, aid)
    review.return_article(rev, aid, "See the query on the disputed claim.")
    assert state_of(ana, aid) == "annotating"
    review.reply(ana, ids[1], "Retagged: only one originating source.")
    claims.retag(ana, ids[1], "single_source")
    review.submit(ana, aid)
    for cid in ids[1:]:
        review.accept(rev, cid)
    signoffs.sign_off(rev, aid, "All claims checked.")
    info = signoffs.current_signoff(rev, aid)
    assert info is not None and info.reviewer == "rev" and info.matches and not info.self_review
    for change in (lambda: claims.retag(ana, ids[0], "disputed"), lambda: claims.delete(ana, ids[0]),
                   lambda: claims.set_note(ana, ids[0], "x"), lambda: claims.create(ana, aid, 0, 3, "confirmed")):  # fmt: skip
        with pytest.raises(WorkflowError, match="signed off and locked"):
            change()
    with pytest.raises(WorkflowError, match="needs a reason"):
        review.reopen(rev, aid, "  ")
    review.reopen(rev, aid, "New casualty figures published")
    assert signoffs.current_signoff(rev, aid) is None  # the old one is invalidated, kept in history
    with ana.engine.connect() as c:
        kept = c.execute(sql("select count(*), max(invalidated_reason) from signoff")).one()
    assert tuple(kept) == (1, "New casualty figures published")
    claims.retag(ana, ids[0], "disputed")  # editable again


def test_separation_of_duties(two, as_user) -> None:
    ana, _rev = two
    aid, ids = seeded(ana)
    review.submit(ana, aid)
    for cid in ids:
        review.accept(ana, cid)  # the analyst can accept, but...
    with pytest.raises(WorkflowError, match=r"ana made or changed claims.*another reviewer"):
        signoffs.sign_off(ana, aid)
    if ana.team:  # a team desk also needs its admins' rule
        with pytest.raises(WorkflowError, match="does not allow self-review"):
            signoffs.sign_off(ana, aid, allow_self_review=True)
        admin = Desk.open(as_user("boss", "admin"), "boss")
        team.set_self_review(admin, True)
        admin.close()
    signoffs.sign_off(ana, aid, allow_self_review=True)
    info = signoffs.current_signoff(ana, aid)
    assert info is not None and info.self_review


def test_a_reviewer_who_undid_a_claim_counts_as_having_changed_it(two) -> None:
    ana, rev = two
    aid, ids = seeded(ana)
    claims.delete(rev, ids[2], via="undo")
    review.submit(ana, aid)
    for cid in ids[:2]:
        review.accept(rev, cid)
    with pytest.raises(WorkflowError, match="rev made or changed claims"):
        signoffs.sign_off(rev, aid)


def test_a_reviewer_who_carried_claims_to_a_new_version_made_them(two, tmp_path) -> None:
    """Importing a new version makes its carried claims: the importer may not sign it off.

    (The database records the importer as their analyst.) Refused in words, on both engines.
    """
    ana, rev = two
    story = tmp_path / "story.txt"
    story.write_text("Story\n\nThe agency counted 10 boats in the harbour on Monday.\n")
    first = intake.import_file(ana, story, keep_all=True).article_id or 0
    text = articles.text_and_claims(ana, first)[0]
    s = text.index("in the harbour")
    claims.create(ana, first, s, s + len("in the harbour"), "confirmed")
    story.write_text("Story\n\nThe agency counted 12 boats in the harbour on Monday.\n")
    second = intake.import_file(rev, story, keep_all=True)
    assert second.new_version is not None and second.article_id
    aid, (carried,) = second.article_id, articles.text_and_claims(rev, second.article_id)[1]
    assert carried.analyst == "rev"
    review.submit(ana, aid)
    review.accept(rev, carried.id)
    with pytest.raises(WorkflowError, match="rev made or changed claims"):
        signoffs.sign_off(rev, aid)
    assert review.status(rev, aid).state == "submitted"


def test_tampering_is_detected(two) -> None:
    ana, rev = two
    aid, ids = seeded(ana)
    review.submit(ana, aid)
    for cid in ids:
        review.accept(rev, cid)
    signoffs.sign_off(rev, aid)
    report = signoffs.verify(rev)
    assert report.ok and report.signoffs == 1 and report.problems == []
    with behind_the_app(ana) as c:
        c.execute(sql("update claim set tag = 'confirmed' where id = :c"), {"c": ids[1]})
    report = signoffs.verify(rev)
    assert report.signoffs == 1 and report.articles == [aid] and not report.ok
    info = signoffs.current_signoff(rev, aid)
    assert info is not None and not info.matches


def test_every_change_is_one_audit_event_undo_included(two) -> None:
    ana, rev = two
    aid, ids = seeded(ana)
    claims.retag(ana, ids[0], "disputed")
    claims.retag(ana, ids[0], "confirmed", via="undo")
    claims.delete(ana, ids[1])
    claims.restore(ana, ids[1], via="undo")
    claims.set_note(ana, ids[2], "why")
    review.submit(ana, aid)
    review.query(rev, ids[2], "source?")
    review.return_article(rev, aid, "see query")
    review.reply(ana, ids[2], "added")
    actions = [e.action for e in review.history(ana, aid)]
    assert actions == [
        "article.import", "claim.create", "claim.create", "claim.create",
        "claim.retag", "claim.retag:undo", "claim.delete", "claim.restore:undo", "claim.note",
        "article.submit", "claim.query", "article.return", "claim.reply",
    ]  # fmt: skip
    assert [e.action for e in review.history(ana, aid, ids[2])] == [
        "claim.create",
        "claim.note",
        "claim.query",
        "claim.reply",
    ]
    # nothing rewrites or deletes audit events: the table only grows
    with ana.engine.connect() as c:
        ids_seen = [r[0] for r in c.execute(sql("select id from audit_event order by id"))]
    assert ids_seen == list(range(1, len(ids_seen) + 1))


def test_review_refusals_are_clear(two) -> None:
    ana, rev = two
    aid, ids = seeded(ana)
    with pytest.raises(WorkflowError, match="only while their article is submitted"):
        review.accept(rev, ids[0])
    review.submit(ana, aid)
    with pytest.raises(WorkflowError, match="a query needs a comment"):
        review.query(rev, ids[0], " ")
    with pytest.raises(WorkflowError, match="needs a comment for the analyst"):
        review.return_article(rev, aid, "")
    with pytest.raises(WorkflowError, match="cannot submit: only an article being annotated"):
        review.submit(ana, aid)
    empty = intake.import_file(ana, SEEDS[0]).article_id or 0
    with pytest.raises(WorkflowError, match="cannot submit"):
        review.submit(ana, empty)
