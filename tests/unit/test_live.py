"""Live changes without Qt: one desk writes, another desk's listener hears it within a second."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import text as sql

from fact_gui.domain.errors import Conflict
from fact_gui.services import claims, intake, live, review
from fact_gui.services.changes import ChangeSet, Kind, Origin
from fact_gui.services.context import Desk
from tests.conftest import SEEDS
from tests.fixtures.team import db_name, url_as


class Heard:
    """Collects what a listener delivers; ``wait`` for the first change set matching a test."""

    def __init__(self) -> None:
        self.changes: list[tuple[float, ChangeSet]] = []
        self.health: list[str] = []
        self._cv = threading.Condition()

    def change(self, cs: ChangeSet) -> None:
        with self._cv:
            self.changes.append((time.monotonic(), cs))
            self._cv.notify_all()

    def lost(self, reason: str) -> None:
        with self._cv:
            self.health.append(f"lost: {reason}")
            self._cv.notify_all()

    def back(self) -> None:
        with self._cv:
            self.health.append("back")
            self._cv.notify_all()

    def wait(
        self, match: Callable[[ChangeSet], bool], timeout: float = 5.0
    ) -> tuple[float, ChangeSet]:
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                for when, cs in self.changes:
                    if match(cs):
                        return when, cs
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"nothing matching within {timeout} s; heard {self.changes}"
                    )
                self._cv.wait(left)

    def wait_health(self, state: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._cv:
            while not any(h.startswith(state) for h in self.health):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {state!r} within {timeout} s; health {self.health}")
                self._cv.wait(left)


def listen(desk: Desk, heard: Heard, **kw) -> live.Listener:
    return live.Listener(desk, heard.change, on_lost=heard.lost, on_back=heard.back, **kw).start()


@pytest.fixture
def people(as_user) -> Iterator[tuple[Desk, Desk, Desk]]:
    """ana (analyst) and rev (reviewer), and a second window of ana's, on one database."""
    ana_url, rev_url = as_user("ana", "analyst"), as_user("rev", "reviewer")
    ana, rev, ana2 = Desk.open(ana_url, "ana"), Desk.open(rev_url, "rev"), Desk.open(ana_url, "ana")
    yield ana, rev, ana2
    for d in (ana, rev, ana2):
        d.close()


def _article(desk: Desk) -> int:
    aid = intake.import_file(desk, SEEDS[1]).article_id
    assert aid is not None
    return aid


def test_another_person_s_change_arrives_within_a_second(people) -> None:
    ana, rev, _ = people
    aid = _article(ana)
    heard = Heard()
    with listen(rev, heard):
        before = time.monotonic()
        row = claims.create(ana, aid, 0, 10, "disputed", note="which source?").upserted[0]
        when, cs = heard.wait(lambda cs: cs.touches(Kind.CLAIMS))
        assert when - before < 1.0
        assert cs.origin is Origin.REMOTE and cs.article_id == aid
        assert cs.upserted == (row,)  # the row as committed: tag, note, version 1
        assert cs.articles == (aid,)  # the first claim moved the article to annotating
        assert [(st.state, st.row_version, st.updated_by) for st in cs.statuses] == [
            ("annotating", 2, "ana")
        ]
        # a retag, a removal and a restore each arrive with the claim as it is now
        claims.retag(ana, row.id, "confirmed", if_version=1)
        _, cs = heard.wait(lambda cs: any(r.row_version == 2 for r in cs.upserted))
        assert cs.upserted[0].tag == "confirmed"
        claims.delete(ana, row.id)
        _, cs = heard.wait(lambda cs: bool(cs.removed))
        assert cs.removed[0].id == row.id and cs.removed[0].row_version == 3 and not cs.upserted
    assert not heard.health  # never lost the connection


def test_reviews_state_changes_and_comments_arrive_with_their_kinds(people) -> None:
    ana, rev, _ = people
    aid = _article(ana)
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    heard = Heard()
    with listen(ana, heard):
        review.submit(ana, aid)  # ana's own desk: not delivered to her own listener
        review.query(rev, cid, "Second source?")
        _, cs = heard.wait(lambda cs: cs.touches(Kind.REVIEWS))
        assert cs.kinds == {Kind.CLAIMS, Kind.REVIEWS, Kind.COMMENTS}
        assert cs.upserted[0].review == "queried" and cs.origin is Origin.REMOTE
        review.return_article(rev, aid, "see the query")
        _, cs = heard.wait(lambda cs: cs.touches(Kind.ARTICLES))
        assert cs.articles == (aid,) and Kind.COMMENTS in cs.kinds
        assert [(st.state, st.updated_by) for st in cs.statuses] == [("annotating", "rev")]
    assert all(cs.origin is Origin.REMOTE for _, cs in heard.changes)
    assert not any(Kind.ARTICLES in cs.kinds and Kind.COMMENTS not in cs.kinds
                   for _, cs in heard.changes), "ana's own submit came back to her"  # fmt: skip


def test_an_import_elsewhere_reaches_the_library(people) -> None:
    ana, rev, _ = people
    heard = Heard()
    with listen(rev, heard):
        aid = _article(ana)
        _, cs = heard.wait(lambda cs: cs.touches(Kind.ARTICLES))
        assert cs.articles == (aid,) and cs.origin is Origin.REMOTE
        assert [(st.id, st.state, st.row_version) for st in cs.statuses] == [(aid, "new", 1)]


def test_same_login_in_another_window_is_window_origin(people) -> None:
    ana, _, ana2 = people
    aid = _article(ana)
    heard = Heard()
    with listen(ana2, heard):
        claims.create(ana, aid, 0, 10, "confirmed")
        _, cs = heard.wait(lambda cs: cs.touches(Kind.CLAIMS))
        assert cs.origin is Origin.WINDOW


def test_nothing_is_announced_for_a_refused_or_rolled_back_change(people) -> None:
    ana, rev, _ = people
    aid = _article(ana)
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    heard = Heard()
    with listen(rev, heard):
        claims.retag(ana, cid, "disputed", if_version=1)
        with pytest.raises(Conflict):
            claims.retag(ana, cid, "single_source", if_version=1)
        assert claims.retag(ana, cid, "disputed").empty  # no-op: nothing to announce
        claims.set_note(ana, cid, "last", if_version=2)
        heard.wait(lambda cs: any(r.note == "last" for r in cs.upserted))
        time.sleep(0.3)  # anything else would have arrived by now
    tags = [r.tag for _, cs in heard.changes for r in cs.upserted]
    assert "single_source" not in tags
    assert len([cs for _, cs in heard.changes if cs.touches(Kind.CLAIMS)]) == 2


def test_presence_shows_who_else_has_the_article_open(people) -> None:
    ana, rev, _ = people
    aid = _article(ana)
    other = _article_two(ana)
    heard = Heard()
    with listen(rev, heard) as rev_listener:
        rev_listener.show(aid)
        _wait_for(lambda: live.present(ana, aid) == ["rev"])
        ana_listener = listen(ana, Heard())
        ana_listener.show(aid)
        heard.wait(lambda cs: cs.touches(Kind.PRESENCE) and cs.article_id == aid)
        assert live.present(rev, aid) == ["ana"]
        assert live.present(ana, aid) == ["rev"]  # nobody sees themselves
        ana_listener.show(other)  # she moves on: both articles change their presence
        heard.wait(lambda cs: cs.touches(Kind.PRESENCE) and cs.article_id == other)
        assert live.present(rev, aid) == [] and live.present(rev, other) == ["ana"]
        ana_listener.stop()
        _wait_for(lambda: live.present(rev, other) == [])
    assert live.present(ana, aid) == []  # rev left too


def _article_two(desk: Desk) -> int:
    aid = intake.import_file(desk, SEEDS[0]).article_id
    assert aid is not None
    return aid


def _wait_for(cond: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_a_callback_that_fails_does_not_stop_the_listener(
    people, caplog: pytest.LogCaptureFixture
) -> None:
    ana, rev, _ = people
    aid = _article(ana)
    heard = Heard()
    calls = []

    def flaky(cs: ChangeSet) -> None:
        calls.append(cs)
        if len(calls) == 1:
            raise RuntimeError("a view fell over")
        heard.change(cs)

    with live.Listener(rev, flaky).start():
        claims.create(ana, aid, 0, 10, "confirmed")
        claims.create(ana, aid, 20, 30, "disputed")
        heard.wait(lambda cs: any(r.tag == "disputed" for r in cs.upserted))
    assert "a view fell over" in caplog.text


def test_sqlite_change_log_is_trimmed_and_a_gap_means_resync(
    db_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "KEEP_CHANGES", 5)
    monkeypatch.setattr(live, "PRUNE_EVERY", 4)
    ana = Desk.open(str(db_path), "ana")
    aid = _article(ana)
    source = live._ChangeLog(ana, threading.Event())
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    for i in range(30):
        claims.set_note(ana, cid, f"note {i}")
    with ana.engine.connect() as c:
        kept = c.execute(sql("select count(*) from change_log")).scalar_one()
    assert kept <= 5 + 4
    payloads = source.batch(0)
    assert payloads[0] == '{"resync": true}' and len(payloads) == kept + 1
    source.close()
    ana.close()


def test_outage_reports_lost_and_back_then_resyncs_and_loses_nothing(
    pg_cluster, pg_desk_url: str
) -> None:
    """Stop the PostgreSQL server for five seconds under a listening, writing desk."""
    ana = Desk.open(url_as(pg_cluster, pg_desk_url, "ana", "analyst"), "ana")
    rev = Desk.open(url_as(pg_cluster, pg_desk_url, "rev", "reviewer"), "rev")
    aid = _article(ana)
    acknowledged = [claims.create(ana, aid, s, s + 5, "confirmed").upserted[0] for s in (0, 10, 20)]
    heard = Heard()
    listener = listen(rev, heard, backoff_s=(0.2, 0.5, 1.0))
    try:
        up = listener.connected
        assert up
        pg_cluster.stop()
        heard.wait_health("lost", timeout=5)
        assert not listener.connected
        refused = 0
        for _ in range(3):  # writes while the server is away fail: never acknowledged
            try:
                claims.create(ana, aid, 30, 35, "disputed")
            except Exception:
                refused += 1
        assert refused == 3
        time.sleep(5)
        pg_cluster.start()
        heard.wait_health("back", timeout=15)
        _, cs = heard.wait(lambda cs: cs.resync)
        assert cs.kinds == frozenset(Kind) and cs.origin is Origin.REMOTE
        assert heard.health[0].startswith("lost: ") and heard.health[-1] == "back"
        assert len(heard.health) == 2  # one lost, one back: no flapping
        # after the return, changes flow again
        again = claims.create(ana, aid, 40, 45, "single_source").upserted[0]
        heard.wait(lambda cs: again in cs.upserted)
    finally:
        listener.stop()
        if not _server_up(pg_cluster):
            pg_cluster.start()
    rows = {r.id: r for r in claims_of(ana, aid)}
    for row in acknowledged:
        assert rows[row.id] == row  # everything acknowledged before the outage is there
    assert set(rows) == {r.id for r in acknowledged} | {again.id}
    ana.close()
    rev.close()


def claims_of(desk: Desk, aid: int):
    from fact_gui.services import articles

    return articles.text_and_claims(desk, aid)[1]


def _server_up(cluster) -> bool:
    try:
        cluster.psql("select 1")
        return True
    except Exception:
        return False


def test_a_role_without_presence_rows_still_hears_changes_and_stays_connected(
    pg_cluster, pg_desk_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A team database may grant no presence rows: presence goes quiet, nothing else does."""
    db = db_name(pg_desk_url)
    # This desk's administrator took the reviewers' presence rows away (only in this database).
    pg_cluster.psql("REVOKE INSERT, UPDATE, DELETE ON presence FROM factgui_reviewer", db)
    ana = Desk.open(url_as(pg_cluster, pg_desk_url, "ana", "analyst"), "ana")
    watcher = Desk.open(url_as(pg_cluster, pg_desk_url, "watcher", "reviewer"), "watcher")
    aid = _article(ana)
    heard = Heard()
    with listen(watcher, heard) as listener:
        listener.show(aid)
        claims.create(ana, aid, 0, 10, "confirmed")
        heard.wait(lambda cs: cs.touches(Kind.CLAIMS))
        time.sleep(0.5)
        assert listener.connected and heard.health == []
    assert "presence is off" in caplog.text and "permission denied" in caplog.text
    watcher.close()
    ana.close()


def test_a_batch_import_and_a_new_version_reach_other_libraries_at_commit(people, tmp_path) -> None:
    """A batch announces what it stored when it commits; a new version says so (VERSIONS)."""
    ana, rev, _ = people
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Story {n}\n\nThe agency counted {n} boats on Monday.\n")
    heard = Heard()
    with listen(rev, heard):
        report = intake.import_sources(ana, [folder], workers=1)
        ids = {o.article_id for o in report.of("imported") if o.article_id is not None}
        assert len(ids) == 3
        deadline = time.monotonic() + 5
        while {a for _, cs in heard.changes for a in cs.articles} != ids:
            assert time.monotonic() < deadline, heard.changes
            time.sleep(0.05)
        first = min(ids)
        claims.create(ana, first, 0, 5, "confirmed")
        (folder / "0.txt").write_text("Story 0\n\nThe agency counted 9 boats on Monday.\n")
        new = intake.import_file(ana, folder / "0.txt", keep_all=True)
        assert new.new_version is not None and new.new_version.carried
        _, cs = heard.wait(lambda cs: cs.touches(Kind.VERSIONS))
        assert cs.articles == (new.article_id,) and cs.origin is Origin.REMOTE
