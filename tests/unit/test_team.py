"""A team desk on a real PostgreSQL server: set-up, identities, and what the database refuses."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors
from sqlmodel import SQLModel

from fact_gui.domain.errors import SchemaTooNew
from fact_gui.domain.workflow import (
    TRANSITIONS,
    Action,
    Do,
    Review,
    Role,
    Situation,
    State,
    WorkflowError,
    why_not,
)
from fact_gui.services import audit, claims, intake, review, signoffs, team
from fact_gui.services.context import Desk, TeamDeskError
from fact_gui.store import models  # noqa: F401  (registers the tables)
from fact_gui.store.engine import transaction
from fact_gui.store.pg_security import TABLES
from tests.conftest import SEEDS
from tests.fixtures.pg import Cluster
from tests.fixtures.team import db_name, old_desk, url_as


def pg(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def desk_url(pg_desk_url: str) -> str:
    return pg_desk_url


@pytest.fixture
def people(pg_cluster: Cluster, desk_url: str) -> Iterator[dict[str, Desk]]:
    """ana (analyst), rev and mal (reviewers), adam (admin), both (analyst and reviewer)."""
    roles = {"ana": ("analyst",), "rev": ("reviewer",), "mal": ("reviewer",),
             "adam": ("admin",), "both": ("analyst", "reviewer")}  # fmt: skip
    desks = {n: Desk.open(url_as(pg_cluster, desk_url, n, *r)) for n, r in roles.items()}
    yield desks
    for d in desks.values():
        d.close()


def as_role(cluster: Cluster, desk_url: str, name: str) -> psycopg.Connection:
    """A raw connection as login ``name``: a script holding that person's password."""
    return psycopg.connect(pg(cluster.url(db_name(desk_url), name)), autocommit=True)


def submitted(people: dict[str, Desk]) -> tuple[int, list[int]]:
    ana = people["ana"]
    aid = intake.import_file(ana, SEEDS[1]).article_id
    assert aid is not None
    ids = [claims.create(ana, aid, s, s + 10, "confirmed").upserted[0].id for s in (0, 40)]
    review.submit(ana, aid)
    return aid, ids


def signed(people: dict[str, Desk]) -> tuple[int, list[int]]:
    aid, ids = submitted(people)
    for cid in ids:
        review.accept(people["rev"], cid)
    signoffs.sign_off(people["rev"], aid, "ok")
    return aid, ids


# ---------------------------------------------------------------- set-up and identity


def test_identity_and_roles_come_from_the_server(people: dict[str, Desk]) -> None:
    ana, rev, adam = people["ana"], people["rev"], people["adam"]
    assert (ana.user, ana.roles, ana.team) == ("ana", frozenset({Role.ANALYST}), True)
    assert rev.roles == {Role.REVIEWER} and adam.roles == {Role.ADMIN}
    assert people["both"].roles == {Role.ANALYST, Role.REVIEWER}
    aid, _ids = signed(people)
    with ana.engine.connect() as c:
        actors = {r[0] for r in c.exec_driver_sql("select distinct actor from audit_event")}
        analysts = {r[0] for r in c.exec_driver_sql("select analyst from claim")}
        reviewers = {r[0] for r in c.exec_driver_sql("select reviewed_by from claim")}
    assert actors == {"ana", "rev"} and analysts == {"ana"} and reviewers == {"rev"}
    info = signoffs.current_signoff(ana, aid)
    assert info is not None and info.identity == "server" and info.matches
    assert "team database login" in info.described


def test_user_flag_is_refused_on_a_team_desk(pg_cluster: Cluster, desk_url: str) -> None:
    url = url_as(pg_cluster, desk_url, "ana", "analyst")
    with pytest.raises(TeamDeskError, match=r"--user rev is not accepted.*you are ana"):
        Desk.open(url, "rev")
    Desk.open(url, "ana").close()  # naming yourself is harmless


def test_a_login_outside_the_desk_is_told_who_can_help(pg_cluster: Cluster, desk_url: str) -> None:
    with pytest.raises(TeamDeskError, match=r"not a member.*team add-user nobody"):
        Desk.open(url_as(pg_cluster, desk_url, "nobody"))


def test_a_non_utf8_database_is_refused(pg_cluster: Cluster) -> None:
    name = "latin_desk"
    pg_cluster.psql(
        f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
    )
    try:
        with pytest.raises(TeamDeskError, match=r"encoding is LATIN1.*UTF8"):
            team.init(pg_cluster.url(name))
        with pytest.raises(TeamDeskError, match="encoding is LATIN1"):
            Desk.open(pg_cluster.url(name))
        assert (
            pg_cluster.psql(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", name
            ).strip()
            == "0"
        )
    finally:
        pg_cluster.drop_database(name)


def test_clients_never_migrate_and_say_who_can(pg_cluster: Cluster, pg_url: str) -> None:
    with pytest.raises(TeamDeskError, match="team init URL"):
        Desk.open(pg_url)
    assert (
        pg_cluster.psql(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", db_name(pg_url)
        ).strip()
        == "0"
    )
    with pytest.raises(TeamDeskError, match="not a team desk yet"):
        team.upgrade(pg_url)
    done = team.init(pg_url)
    assert done.before is None and done.after == "0007"
    again = team.init(pg_url)  # idempotent: rules re-applied, nothing else
    assert again.before == "0007"
    name = db_name(pg_url)
    # an older schema: clients refuse and send for an admin
    pg_cluster.psql("UPDATE desk_setting SET value = '0' WHERE name = 'security_version'", name)
    with pytest.raises(TeamDeskError, match="ask an admin to run: fact-gui team upgrade URL"):
        Desk.open(pg_url)
    team.upgrade(pg_url)
    Desk.open(pg_url).close()
    # a newer schema: this client is too old
    pg_cluster.psql("UPDATE alembic_version SET version_num = '9999'", name)
    with pytest.raises(SchemaTooNew, match=r"newer fact_gui schema.*install the newer"):
        Desk.open(pg_url)
    with pytest.raises(SchemaTooNew):
        team.upgrade(pg_url)


def test_two_admins_setting_up_at_once_never_migrate_together(
    pg_cluster: Cluster, pg_url: str
) -> None:
    """The advisory lock: one migrates, the other waits and finds the desk set up."""
    results: list[object] = []

    def init() -> None:
        try:
            results.append(team.init(pg_url).before)
        except BaseException as exc:  # pragma: no cover - reported below
            results.append(exc)

    threads = [threading.Thread(target=init) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, results)) == ["0007", "0007", "None"], results
    assert pg_cluster.psql("SELECT count(*) FROM alembic_version", db_name(pg_url)).strip() == "1"


def test_upgrade_from_an_older_team_desk_keeps_data_and_legacy_signoffs(
    pg_cluster: Cluster, pg_url: str
) -> None:
    """A desk used before 0007 (the client then migrated it): an admin upgrades it."""
    pg_cluster.psql(";".join(old_desk(pg_url, "'\\x00'")), db_name(pg_url))
    with pytest.raises(TeamDeskError, match="team upgrade"):
        Desk.open(pg_url)
    done = team.upgrade(pg_url)
    assert (done.before, done.after) == ("0003", "0007")
    desk = Desk.open(pg_url)
    report = signoffs.verify(desk)
    assert report.ok and report.legacy == 1 and report.events == 3
    info = signoffs.current_signoff(desk, 1)
    assert info is not None and info.legacy and info.matches and "legacy" in info.described
    desk.close()


# ---------------------------------------------------------------- what the database refuses


def refused(con: psycopg.Connection, sql: str, *params: object) -> str:
    with pytest.raises((errors.InsufficientPrivilege, errors.CheckViolation)) as exc:
        con.execute(sql.encode(), params or None)
    return str(exc.value)


def test_an_analysts_script_can_do_no_more_than_the_window(
    pg_cluster: Cluster, desk_url: str, people
) -> None:
    aid, ids = submitted(people)
    ana = as_role(pg_cluster, desk_url, "ana")
    assert "may not accept" in refused(
        ana, "UPDATE claim SET review = 'accepted' WHERE id = %s", ids[0]
    )
    assert "may not move article" in refused(
        ana, "UPDATE article SET state = 'signed_off' WHERE id = %s", aid
    )
    assert "permission denied" in refused(
        ana, "INSERT INTO signoff (article_id, reviewer, at, digest, digest_version) "
        "VALUES (%s, 'ana', 'x', 'd', 2)", aid,
    )  # fmt: skip
    assert "permission denied" in refused(ana, "UPDATE audit_event SET actor = 'x'")
    assert "permission denied" in refused(ana, "DELETE FROM audit_event")
    # in someone else's name
    # (a place the chain trigger lets through: following the event before it)
    assert "row-level security" in refused(
        ana, "INSERT INTO audit_event (at, actor, action, seq, prev_hash, hash) "
        "SELECT 'x', 'rev', 'claim.accept', h.seq, e.hash, 'h' FROM audit_head h "
        "JOIN audit_event e ON e.seq = h.seq - 1",
    )  # fmt: skip
    # a submitted article's claims cannot change, not even by their analyst
    assert "cannot change" in refused(
        ana, "UPDATE claim SET tag = 'disputed' WHERE id = %s", ids[0]
    )
    ana.close()


def test_the_service_policy_bypassed_the_database_still_refuses(
    pg_cluster: Cluster, desk_url: str, people
) -> None:
    """A patched client that believes it has every role: the server says no."""
    aid, ids = submitted(people)
    ana = people["ana"]
    ana.roles = frozenset(Role)
    for attempt in (lambda: review.accept(ana, ids[0]),
                    lambda: review.return_article(ana, aid, "no")):  # fmt: skip
        with pytest.raises(Exception, match="may not") as exc:
            attempt()
        assert "InsufficientPrivilege" in type(exc.value.orig).__name__  # type: ignore[attr-defined]
    for cid in ids:
        review.accept(people["rev"], cid)
    # another analyst, who made none of the claims, patched to believe they are a reviewer
    ann = Desk.open(url_as(pg_cluster, desk_url, "ann", "analyst"))
    ann.roles = frozenset(Role)
    with pytest.raises(Exception, match=r"permission denied|may not") as exc:
        signoffs.sign_off(ann, aid)
    ann.close()
    assert "InsufficientPrivilege" in type(exc.value.orig).__name__  # type: ignore[attr-defined]
    with people["rev"].engine.connect() as c:
        assert (
            c.exec_driver_sql("select state from article where id = %s", (aid,)).scalar()
            == "submitted"
        )


def test_nobody_changes_audit_events_or_signed_off_claims(
    pg_cluster: Cluster, desk_url: str, people
) -> None:
    aid, ids = signed(people)
    for who in ("ana", "rev", "adam"):
        con = as_role(pg_cluster, desk_url, who)
        refused(con, "UPDATE audit_event SET actor = 'x'")
        refused(con, "DELETE FROM audit_event")
        refused(con, "UPDATE claim SET tag = 'disputed' WHERE id = %s", ids[0])
        refused(con, "UPDATE claim SET note = 'x' WHERE id = %s", ids[0])
        refused(con, "UPDATE signoff SET comment = 'x'")
        refused(con, "DELETE FROM signoff")
        con.close()
    # not even the owner (a superuser) while the desk's triggers are on
    owner = psycopg.connect(pg(pg_cluster.url(db_name(desk_url))), autocommit=True)
    assert "append-only" in refused(owner, "UPDATE audit_event SET actor = 'x'")
    assert "append-only" in refused(owner, "DELETE FROM audit_event")
    assert "append-only" in refused(owner, "TRUNCATE audit_event")
    assert "cannot change" in refused(
        owner, "UPDATE claim SET tag = 'disputed' WHERE id = %s", ids[0]
    )
    assert "never change" in refused(owner, "UPDATE article SET text = 'x' WHERE id = %s", aid)
    owner.close()
    assert signoffs.verify(people["ana"]).ok


def test_actor_columns_are_forced_to_the_login(pg_cluster: Cluster, desk_url: str, people) -> None:
    aid = intake.import_file(people["ana"], SEEDS[0]).article_id
    ana = as_role(pg_cluster, desk_url, "ana")
    ana.execute(
        "INSERT INTO claim (article_id, start_offset, end_offset, tag, quote, analyst, created_at,"
        " updated_at, review, reviewed_by) VALUES (%s, 0, 3, 'confirmed', 'abc', 'rev', 'x', 'x',"
        " 'accepted', 'rev')", (aid,),
    )  # fmt: skip
    row = ana.execute(
        "SELECT analyst, review, reviewed_by FROM claim WHERE article_id = %s", (aid,)
    ).fetchone()
    assert row == ("ana", "pending", None)
    ana.execute("UPDATE claim SET analyst = 'rev' WHERE article_id = %s", (aid,))
    assert ana.execute("SELECT analyst FROM claim WHERE article_id = %s", (aid,)).fetchone() == (
        "ana",
    )
    ana.execute("INSERT INTO work_session (\"user\", started_at) VALUES ('rev', 'x')")
    assert ana.execute('SELECT "user" FROM work_session').fetchall() == [("ana",)]
    ana.close()


def test_row_versions_and_who_changed_a_row_are_the_logins(
    pg_cluster: Cluster, desk_url: str, people
) -> None:
    """updated_by (the "changed by NAME" of a conflict) is forced to the login, like analyst."""
    aid = intake.import_file(people["ana"], SEEDS[0]).article_id
    cid = claims.create(people["ana"], aid or 0, 0, 5, "confirmed").upserted[0].id
    ana = as_role(pg_cluster, desk_url, "ana")
    ana.execute(
        "UPDATE claim SET note = 'x', row_version = row_version + 1, updated_by = 'rev' "
        "WHERE id = %s", (cid,),
    )  # fmt: skip
    ana.execute("UPDATE article SET title = 'T', updated_by = 'rev' WHERE id = %s", (aid,))
    assert ana.execute("SELECT updated_by FROM claim WHERE id = %s", (cid,)).fetchone() == ("ana",)
    assert ana.execute("SELECT updated_by FROM article WHERE id = %s", (aid,)).fetchone() == (
        "ana",
    )
    ana.close()
    row = claims.current(people["rev"], cid).row
    assert (row.row_version, row.updated_by) == (2, "ana")


def test_versions_links_and_imports_are_set_at_import_only(
    pg_cluster: Cluster, desk_url: str, people, tmp_path
) -> None:
    f = tmp_path / "story.txt"
    f.write_text("Story\n\nThe agency counted 10 boats on Monday.\n")
    first = intake.import_file(people["ana"], f, keep_all=True).article_id
    f.write_text("Story\n\nThe agency counted 12 boats on Monday.\n")
    second = intake.import_file(people["ana"], f, keep_all=True)
    assert second.new_version is not None and second.article_id
    ana = as_role(pg_cluster, desk_url, "ana")
    for change in ("lineage_id = id", "version = 5", "lineage_id = NULL"):
        assert "place among its versions never changes" in refused(
            ana, f"UPDATE article SET {change} WHERE id = %s", second.article_id
        )
    assert "links are stored with the article" in refused(
        ana, "INSERT INTO article_link (article_id, start_offset, end_offset, url) "
        "VALUES (%s, 0, 5, 'https://example.org')", first,
    )  # fmt: skip
    assert "permission denied" in refused(ana, "UPDATE article_link SET url = 'x'")
    # a script inserting an article cannot claim a place in someone's lineage...
    ana.autocommit = False
    ana.execute(
        "INSERT INTO article (title, text, text_sha256, original, original_sha256, source, "
        "source_format, encoding, imported_at, imported_by, updated_at, lineage_id, version) "
        "VALUES ('T', 'Forged', 'h1', 'x', 'o', 's', 'txt', 'utf-8', 'x', 'x', 'x', %s, 7)",
        (first,),
    )
    forged = ana.execute("SELECT id, lineage_id, version FROM article WHERE text_sha256 = 'h1'")
    fid, lineage, version = forged.fetchone()  # type: ignore[misc]
    assert (lineage, version) == (None, 1)
    # ...only the next place, once
    assert "follows the newest version" in refused(
        ana, "UPDATE article SET lineage_id = %s, version = 2 WHERE id = %s", first, fid
    )
    ana.rollback()
    ana.execute("UPDATE article SET lineage_id = %s, version = 3 WHERE id = %s", (first, fid))
    ana.rollback()
    ana.close()
    # reviewers import nothing: the policy says so in words, the database agrees
    with pytest.raises(WorkflowError, match=r"cannot import articles: your role \(reviewer\)"):
        intake.import_file(people["rev"], SEEDS[1])
    rev = as_role(pg_cluster, desk_url, "rev")
    assert "permission denied" in refused(
        rev, "INSERT INTO article (title, text, text_sha256, original, original_sha256, source, "
        "source_format, encoding, imported_at, imported_by, updated_at) VALUES ('T', 'Text', "
        "'h2', 'x', 'o', 's', 'txt', 'utf-8', 'x', 'x', 'x')",
    )  # fmt: skip
    rev.close()


def test_presence_rows_are_each_person_s_own(pg_cluster: Cluster, desk_url: str, people) -> None:
    ana, rev = as_role(pg_cluster, desk_url, "ana"), as_role(pg_cluster, desk_url, "rev")
    ana.execute("""INSERT INTO presence (desk, "user", seen_at) VALUES ('w1', 'rev', 'x')""")
    assert ana.execute('SELECT "user" FROM presence').fetchall() == [("ana",)]
    assert rev.execute('SELECT "user" FROM presence').fetchall() == [("ana",)]  # everyone sees
    rev.execute("UPDATE presence SET article_id = 1 WHERE desk = 'w1'")  # not theirs: no row
    rev.execute("DELETE FROM presence WHERE desk = 'w1'")
    assert ana.execute("SELECT article_id FROM presence").fetchall() == [(None,)]
    assert "permission denied" in refused(
        ana, "INSERT INTO change_log (at, desk, actor, payload) VALUES ('x', 'd', 'ana', '{}')"
    )
    ana.close()
    rev.close()


def test_bulk_appends_reserve_places_that_must_be_filled(
    pg_cluster: Cluster, desk_url: str, people
) -> None:
    """A batch reserves n places at once; a head moved on alone, or a gap, is refused."""
    intake.import_sources(people["ana"], SEEDS, workers=1)  # one reservation for the batch
    ana = as_role(pg_cluster, desk_url, "ana")
    ana.autocommit = False
    ana.execute("UPDATE audit_head SET seq = seq + 3")
    with pytest.raises(errors.InsufficientPrivilege, match="head must rest on the last event"):
        ana.commit()
    head, top = ana.execute("SELECT h.seq, h.hash FROM audit_head h").fetchone()  # type: ignore[misc]
    ana.execute("UPDATE audit_head SET seq = seq + 2")
    with pytest.raises(errors.InsufficientPrivilege, match="appended at the chain head"):
        ana.execute(  # skipping a place: does not follow the event before it
            "INSERT INTO audit_event (at, actor, action, seq, prev_hash, hash) "
            "VALUES ('x', 'ana', 'claim.note', %s, %s, 'h')", (head + 2, top),
        )  # fmt: skip
    ana.rollback()
    ana.close()
    assert signoffs.verify(people["ana"]).ok


def test_separation_of_duties_holds_in_the_database(
    pg_cluster: Cluster, desk_url: str, people
) -> None:
    both = people["both"]
    aid = intake.import_file(people["ana"], SEEDS[1]).article_id
    assert aid is not None
    cid = claims.create(both, aid, 0, 10, "confirmed").upserted[0].id
    review.submit(both, aid)
    review.accept(both, cid)
    with pytest.raises(WorkflowError, match="another reviewer"):
        signoffs.sign_off(both, aid)
    # the window's setting is not enough: the desk forbids self-review...
    with pytest.raises(WorkflowError, match="this team desk does not allow self-review"):
        signoffs.sign_off(both, aid, allow_self_review=True)
    # ...and a script skipping the service is refused by the database
    con = as_role(pg_cluster, desk_url, "both")
    con.autocommit = False
    con.execute(
        "INSERT INTO reviewer_key (reviewer, public_key, fingerprint, registered_at, registered_by) VALUES ('both', 'k', 'f', 'x', 'both')"
    )
    con.execute("UPDATE article SET state = 'signed_off' WHERE id = %s", (aid,))
    for flagged in ("false", "true"):
        with pytest.raises(errors.InsufficientPrivilege, match="separation of duties"):
            con.execute(
                "INSERT INTO signoff (article_id, reviewer, at, digest, digest_version, "
                f"key_fingerprint, self_review) VALUES (%s, 'both', 'x', 'd', 2, 'f', {flagged})", (aid,),
            )  # fmt: skip
        con.rollback()
        con.execute(
            "INSERT INTO reviewer_key (reviewer, public_key, fingerprint, registered_at, registered_by) VALUES ('both', 'k', 'f', 'x', 'both')"
        )
        con.execute("UPDATE article SET state = 'signed_off' WHERE id = %s", (aid,))
    con.close()
    # an admin allows self-review: a flagged self-review goes through, and says so
    team.set_self_review(people["adam"], True)
    signoffs.sign_off(both, aid, allow_self_review=True)
    info = signoffs.current_signoff(both, aid)
    assert info is not None and info.self_review and info.matches
    assert signoffs.verify(both).ok


def test_every_table_has_a_privilege_decision() -> None:
    assert set(SQLModel.metadata.tables) | {"alembic_version"} == set(TABLES)


# ---------------------------------------------------------------- the database agrees with the policy

ROLE_LOGINS = {Role.ANALYST: "ana", Role.REVIEWER: "rev", Role.ADMIN: "adam"}
_DO_OF = {Action.ANNOTATE: Do.EDIT_CLAIMS, Action.SUBMIT: Do.SUBMIT, Action.RETURN: Do.RETURN,
          Action.SIGN_OFF: Do.SIGN_OFF, Action.REOPEN: Do.REOPEN}  # fmt: skip


def test_database_rules_agree_with_the_workflow_policy(
    pg_cluster: Cluster, desk_url: str, people
) -> None:
    """For every role, state and action: the server allows exactly what workflow.why_not allows."""
    aid = intake.import_file(people["ana"], SEEDS[1]).article_id
    assert aid is not None
    cid = claims.create(people["ana"], aid, 0, 10, "confirmed").upserted[0].id
    owner = psycopg.connect(pg(pg_cluster.url(db_name(desk_url))), autocommit=True)

    def put(state: State, verdict: Review) -> None:
        owner.execute("SET session_replication_role = replica")
        owner.execute("UPDATE article SET state = %s WHERE id = %s", (state.value, aid))
        owner.execute("UPDATE claim SET review = %s WHERE id = %s", (verdict.value, cid))
        owner.execute("SET session_replication_role = origin")

    def allowed(con: psycopg.Connection, sql: str, *params: object) -> bool:
        con.execute("BEGIN")
        try:
            con.execute(sql.encode(), params)
            return True
        except errors.InsufficientPrivilege:
            return False
        finally:
            con.execute("ROLLBACK")

    checked = 0
    for role, login in ROLE_LOGINS.items():
        con = as_role(pg_cluster, desk_url, login)
        for state, verdict in itertools.product(
            State, (Review.PENDING, Review.ACCEPTED, Review.QUERIED)
        ):
            put(state, verdict)
            facts = Situation(state, frozenset({role}), claims=1,
                              unaccepted=int(verdict is not Review.ACCEPTED), claim_review=verdict)  # fmt: skip
            cases: dict[Do, tuple[object, ...] | None] = {
                Do.EDIT_CLAIMS: ("UPDATE claim SET tag = 'disputed' WHERE id = %s", cid),
                Do.EDIT_PROPERTIES: ("UPDATE article SET title = 'T' WHERE id = %s", aid),
                Do.ACCEPT: ("UPDATE claim SET review = 'accepted' WHERE id = %s", cid)
                if verdict is not Review.ACCEPTED else None,
                Do.QUERY: ("INSERT INTO comment (article_id, claim_id, author, at, kind, text) "
                           "VALUES (%s, %s, 'x', 'x', 'query', 'why?')", aid, cid),
                Do.IMPORT: ("INSERT INTO article (title, text, text_sha256, original, "
                            "original_sha256, source, source_format, encoding, imported_at, "
                            "imported_by, updated_at) VALUES ('T', 'Text', 'h', 'x', 'o', 's', "
                            "'txt', 'utf-8', 'x', 'x', 'x')",),
            }  # fmt: skip
            for action in Action:
                to = TRANSITIONS.get((state, action))
                if to is not None:
                    cases[_DO_OF[action]] = ("UPDATE article SET state = %s WHERE id = %s",
                                             to.value, aid)  # fmt: skip
            for do, case in cases.items():
                if case is None:
                    continue
                want = why_not(do, facts) is None
                got = allowed(con, str(case[0]), *case[1:])
                assert got == want, (role, state, verdict, do, why_not(do, facts))
                checked += 1
            # transitions the policy has no arrow for are refused to everyone
            for to in State:
                if to is not state and to not in {TRANSITIONS.get((state, a)) for a in Action}:
                    assert not allowed(
                        con, "UPDATE article SET state = %s WHERE id = %s", to.value, aid
                    )
        con.close()
    owner.close()
    assert checked > 100


# ---------------------------------------------------------------- the chain under concurrent writers


def test_concurrent_writers_keep_the_chain_in_commit_order(
    pg_cluster: Cluster, desk_url: str, people
) -> None:
    ana = people["ana"]
    aid = intake.import_file(ana, SEEDS[1]).article_id
    assert aid is not None
    cids = [claims.create(ana, aid, s, s + 5, "confirmed").upserted[0].id for s in range(0, 40, 10)]
    desks = [Desk.open(url_as(pg_cluster, desk_url, f"w{i}", "analyst")) for i in range(4)]
    failures: list[BaseException] = []

    def work(d: Desk, cid: int) -> None:
        try:
            for n in range(15):
                claims.set_note(d, cid, f"{d.user} {n}")
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(d, c)) for d, c in zip(desks, cids, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for d in desks:
        d.close()
    assert failures == []
    with transaction(ana.engine) as s:
        events, broken = audit.check_chain(s)
    assert broken is None and events == 1 + 4 + 4 * 15


def test_a_url_encoded_password_with_percent_signs_sets_up_a_desk(
    pg_cluster: Cluster, pg_url: str
) -> None:
    """alembic's config would read "%25" as interpolation; the URL must reach it escaped."""
    url = pg_cluster.url(db_name(pg_url), "postgres", "50%25%20off")
    assert team.init(url).after == "0007"
    Desk.open(url).close()
