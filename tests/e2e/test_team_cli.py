"""The team commands as a person types them: team init|add-user|users|self-review, --user refused."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fact_gui.domain.workflow import Role
from fact_gui.services.context import Desk
from tests.fixtures.pg import Cluster
from tests.fixtures.team import db_name, url_as

pytestmark = pytest.mark.e2e


@pytest.fixture
def desk_url(pg_desk_url: str) -> str:
    return pg_desk_url


def test_cli_refuses_user_on_postgresql(run, pg_cluster: Cluster, desk_url: str) -> None:
    url = url_as(pg_cluster, desk_url, "ana", "analyst")
    r = run("list", "--db", url, "--user", "rev")
    assert r.returncode == 1 and "--user rev is not accepted" in r.stderr
    assert "Traceback" not in r.stderr


def test_add_user_by_an_admin_only(run, pg_cluster: Cluster, desk_url: str) -> None:
    adam = url_as(pg_cluster, desk_url, "adam", "admin")
    pg_cluster.psql("ALTER ROLE adam CREATEROLE")
    ana = url_as(pg_cluster, desk_url, "ana", "analyst")
    r = run("team", "add-user", "newbie", "--role", "reviewer", "--db", ana)
    assert r.returncode == 1 and "your role (analyst) does not allow it" in r.stderr
    r = run("team", "add-user", "Bad Name!", "--role", "reviewer", "--db", adam)
    assert r.returncode == 1 and "not a usable login name" in r.stderr
    pg_cluster.psql("DROP ROLE IF EXISTS newbie")
    r = subprocess_run_with_stdin(run, "s3cret pass\n", "team", "add-user", "newbie",
                                  "--role", "reviewer", "--password-stdin", "--db", adam)  # fmt: skip
    assert r.returncode == 0 and "newbie: added in role reviewer" in r.stdout, r.stderr
    newbie = Desk.open(pg_cluster.url(db_name(desk_url), "newbie"))
    assert newbie.roles == {Role.REVIEWER} and newbie.user == "newbie"
    newbie.close()
    listed = run("team", "users", "--db", adam)
    assert "newbie\treviewer" in listed.stdout and "adam\tadmin" in listed.stdout
    r = run("team", "self-review", "on", "--db", ana)
    assert r.returncode == 1 and "does not allow it" in r.stderr
    pg_cluster.psql("DROP ROLE newbie")


def subprocess_run_with_stdin(run, stdin: str, *args: str):
    return subprocess.run(
        [sys.executable, "-m", "fact_gui", *args], input=stdin, capture_output=True, text=True,
        env=run.env, timeout=60, check=False,
    )  # fmt: skip


def test_team_init_with_a_first_admin_on_the_command_line(
    run, pg_cluster: Cluster, pg_url: str
) -> None:
    pg_cluster.psql("DROP ROLE IF EXISTS chief")
    r = subprocess_run_with_stdin(run, "pw\n", "team", "init", pg_url, "--admin", "chief",
                                  "--password-stdin")  # fmt: skip
    assert r.returncode == 0 and "admin login: chief" in r.stdout, r.stderr
    desk = Desk.open(pg_cluster.url(db_name(pg_url), "chief"))
    assert desk.roles == {Role.ADMIN}
    desk.close()
    r = run("team", "init", "sqlite:///x.sqlite3")
    assert r.returncode == 1 and "PostgreSQL" in r.stderr
    pg_cluster.psql(f"DROP DATABASE {db_name(pg_url)} WITH (FORCE)")
    pg_cluster.psql("DROP ROLE chief")
