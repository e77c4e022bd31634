"""``fact-gui verify`` and ``fact-gui keys`` as a person runs them, on both engines."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from fact_gui.services import claims, intake, review, signoffs
from fact_gui.services.context import Desk
from tests.conftest import SEEDS
from tests.fixtures.pg import Cluster
from tests.fixtures.team import db_name, url_as

pytestmark = pytest.mark.e2e


def sign_one(ana: Desk, rev: Desk) -> tuple[int, int]:
    aid = intake.import_file(ana, SEEDS[1]).article_id
    assert aid is not None
    cid = claims.create(ana, aid, 0, 10, "confirmed").upserted[0].id
    review.submit(ana, aid)
    review.accept(rev, cid)
    signoffs.sign_off(rev, aid, "ok")
    return aid, cid


def with_stdin(run, stdin: str, *args: str, env=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fact_gui", *args], input=stdin, capture_output=True, text=True,
        env=env or run.env, timeout=60, check=False,
    )  # fmt: skip


def test_verify_on_a_local_desk_names_the_article_and_the_first_broken_link(
    run, tmp_path: Path
) -> None:
    db = str(tmp_path / "desk.sqlite3")
    ana, rev = Desk.open(db, "ana"), Desk.open(db, "rev")
    aid, _cid = sign_one(ana, rev)
    ana.close()
    rev.close()
    ok = run("verify", "--db", db)
    assert ok.returncode == 0 and ok.stdout.startswith(
        "verified 1 sign-off: all match; audit chain"
    )
    listed = run("verify", "--list", "--db", db).stdout.splitlines()[0].split("\t")
    assert listed[:2] == ["SIGNED", str(aid)] and listed[3].startswith("rev at ")
    assert listed[3].endswith("on a local, unauthenticated desk")
    con = sqlite3.connect(db)
    con.execute("update audit_event set actor = 'mallory' where seq = 2")
    con.commit()
    con.close()
    bad = run("verify", "--db", db)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert f"TAMPERED\t{aid}\t" in bad.stdout
    assert (
        "BROKEN CHAIN\tfirst broken link: audit event 2 was changed after it was written"
        in bad.stdout
    )


def test_verify_on_a_team_desk(run, pg_cluster: Cluster, pg_desk_url: str) -> None:
    ana = Desk.open(url_as(pg_cluster, pg_desk_url, "ana", "analyst"))
    rev_url = url_as(pg_cluster, pg_desk_url, "rev", "reviewer")
    rev = Desk.open(rev_url)
    aid, cid = sign_one(ana, rev)
    ana.close()
    rev.close()
    ok = run("verify", "--db", rev_url, "--list")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"SIGNED\t{aid}\t") and "by a team database login" in ok.stdout
    with psycopg.connect(pg_cluster.url(db_name(pg_desk_url)).replace("+psycopg", ""),
                         autocommit=True) as su:  # fmt: skip
        su.execute("SET session_replication_role = replica")
        su.execute("UPDATE claim SET tag = 'disputed' WHERE id = %s", (cid,))
    bad = run("verify", "--db", rev_url)
    assert bad.returncode == 1 and bad.stdout.startswith(f"TAMPERED\t{aid}\t")
    assert "1 of 1 signed-off articles no longer match" in bad.stderr


def test_keys_register_list_export_import(run, tmp_path: Path, isolated_home: Path) -> None:
    db = str(tmp_path / "desk.sqlite3")
    r = run("keys", "register", "--db", db, "--user", "rev")
    assert r.returncode == 0 and r.stdout.startswith("registered: rev's key "), r.stderr
    fp = r.stdout.split("key ")[1].split(" ")[0]
    assert "no OS keyring" in r.stdout
    again = run("keys", "register", "--db", db, "--user", "rev")
    assert again.stdout.startswith("already registered")
    listed = run("keys", "list", "--db", db, "--user", "rev")
    assert listed.stdout.startswith(f"rev\t{fp}\tactive") and "0600" in listed.stdout
    out = tmp_path / "rev-key.pem"
    r = with_stdin(run, "a long passphrase\n", "keys", "export", str(out), "--passphrase-stdin",
                   "--db", db, "--user", "rev")  # fmt: skip
    assert r.returncode == 0 and out.exists() and (out.stat().st_mode & 0o777) == 0o600
    r = with_stdin(run, "a long passphrase\n", "keys", "export", str(out), "--passphrase-stdin",
                   "--db", db, "--user", "rev")  # fmt: skip
    assert r.returncode == 1 and "cannot write" in r.stderr  # never overwrites
    # the new machine: an empty data folder
    env = dict(run.env)
    env["XDG_DATA_HOME"] = str(tmp_path / "laptop")

    def laptop(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
        return with_stdin(run, stdin, *args, env=env)

    importing = ("keys", "import", str(out), "--passphrase-stdin", "--db", db, "--user", "rev")
    wrong = laptop("not it at all\n", *importing)
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    r = laptop("a long passphrase\n", *importing)
    assert r.returncode == 0 and fp in r.stdout, r.stderr
    r = laptop("", "keys", "register", "--db", db, "--user", "rev")
    assert r.stdout.startswith("already registered")  # the same key: nothing to register
    r = run("keys", "register", "someone", "--db", db, "--user", "rev")
    assert r.returncode == 1 and "give both NAME and PUBLIC_KEY" in r.stderr
