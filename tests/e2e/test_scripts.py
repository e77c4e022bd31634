"""A pipeline as a data desk would write it: fact-gui subprocesses passing versions along in JSON."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEEDS

pytestmark = pytest.mark.e2e


def test_a_pipeline_passes_versions_and_gets_conflicts_as_json(run, tmp_path) -> None:
    # One engine here (subprocesses are slow to start); tests/unit/test_cli_scripts.py
    # runs every command on SQLite and PostgreSQL in-process.
    db_url = str(tmp_path / "pipeline.sqlite3")
    r = run("import", str(SEEDS[1]), "--db", db_url, "--user", "ana")
    assert r.returncode == 0, r.stderr
    aid = r.stdout.split("\t")[0]
    r = run("claim", "add", aid, "0", "12", "confirmed", "--note", "two ministries", "--json",
            "--db", db_url, "--user", "ana")  # fmt: skip
    assert r.returncode == 0, r.stderr
    added = json.loads(r.stdout)["claim"]
    # a script reads the claim, another person changes it, the script's change is refused
    shown = json.loads(run("claim", "show", str(added["id"]), "--json", "--db", db_url).stdout)
    version = str(shown["claim"]["row_version"])
    r = run("claim", "retag", str(added["id"]), "disputed", "--if-version", version,
            "--db", db_url, "--user", "bob")  # fmt: skip
    assert r.returncode == 0 and r.stdout.split("\t")[1] == "r2", r.stderr
    r = run("claim", "note", str(added["id"]), "one ministry", "--if-version", version,
            "--json", "--db", db_url, "--user", "ana")  # fmt: skip
    assert r.returncode == 1 and r.stderr == ""
    failure = json.loads(r.stdout)
    assert failure["ok"] is False and failure["error"] == "conflict"
    assert failure["claim"]["updated_by"] == "bob" and failure["claim"]["note"] == "two ministries"
    # the script retries on the version it was told about
    r = run("claim", "note", str(added["id"]), "one ministry", "--json",
            "--if-version", str(failure["claim"]["row_version"]), "--db", db_url, "--user", "ana")  # fmt: skip
    assert r.returncode == 0
    claim = json.loads(r.stdout)["claim"]
    assert (claim["note"], claim["tag"], claim["row_version"]) == ("one ministry", "disputed", 3)
    r = run("review", "submit", aid, "--json", "--db", db_url, "--user", "ana")
    assert r.returncode == 0 and json.loads(r.stdout)["article"]["state"] == "submitted"
