"""``fact-gui claim …`` and ``fact-gui review …``: the window's rules, versions and audit, by script."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text as sql

from fact_gui.cli import main
from fact_gui.services import intake, signoffs
from fact_gui.services.context import Desk
from tests.conftest import SEEDS

# Who is who on PostgreSQL (their own logins): ana wears every hat, as on a local desk.
ROLES = {"ana": ("analyst", "reviewer", "admin"), "bob": ("analyst",), "rev": ("reviewer",)}


class Cli:
    """Runs ``fact-gui`` in this process against one database, as a named user."""

    def __init__(self, as_user: Callable[..., str], capsys: pytest.CaptureFixture[str]) -> None:
        self.as_user, self.capsys = as_user, capsys

    def db(self, user: str = "ana") -> str:
        """The --db by which ``user`` opens the desk (on PostgreSQL: their own login)."""
        return str(self.as_user(user, *ROLES[user]))

    def __call__(self, *args: str, user: str = "ana") -> tuple[int, str, str]:
        code = main([*args, "--db", self.db(user), "--user", user])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str, user: str = "ana") -> tuple[int, dict[str, Any]]:
        code, out, err = self(*args, "--json", user=user)
        lines = out.splitlines()
        assert len(lines) == 1, (out, err)
        return code, json.loads(lines[0])


@pytest.fixture
def cli(as_user: Callable[..., str], capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(as_user, capsys)


@pytest.fixture
def article(cli: Cli) -> int:
    desk = Desk.open(cli.db("ana"), "ana")
    aid = intake.import_file(desk, SEEDS[1]).article_id
    desk.close()
    assert aid is not None
    return aid


def _audit(cli: Cli) -> list[tuple[str, str]]:
    desk = Desk.open(cli.db("ana"), "ana")
    with desk.engine.connect() as c:
        rows = [
            (r[0], r[1])
            for r in c.execute(sql("select actor, action from audit_event order by id"))
        ]
    desk.close()
    return rows


def test_claim_commands_print_the_claim_with_its_version(cli: Cli, article: int) -> None:
    code, out, err = cli(
        "claim", "add", str(article), "0", "10", "Disputed", "--note", "which source?"
    )
    assert code == 0, err
    cid, version, tag, review_, where, _quote = out.rstrip("\n").split("\t")
    assert (version, tag, review_, where) == ("r1", "disputed", "pending", f"article {article}")
    code, obj = cli.json("claim", "retag", cid, "single source", "--if-version", "1", user="bob")
    assert code == 0 and obj["ok"] and obj["action"] == "claim.retag" and obj["changed"]
    claim = obj["claim"]
    assert (claim["tag"], claim["row_version"], claim["updated_by"], claim["note"]) == (
        "single_source", 2, "bob", "which source?")  # fmt: skip
    assert claim["article_id"] == article and claim["quote"] and not claim["removed"]
    code, obj = cli.json("claim", "retag", cid, "single_source")
    assert code == 0 and not obj["changed"] and obj["claim"]["row_version"] == 2  # a no-op
    code, obj = cli.json("claim", "note", cid, "Only the ministry says so", "--if-version", "2")
    assert code == 0 and obj["claim"]["note"] == "Only the ministry says so"
    code, obj = cli.json("claim", "rm", cid, "--if-version", "3")
    assert code == 0 and obj["claim"]["removed"] and obj["claim"]["row_version"] == 4
    code, obj = cli.json("claim", "show", cid)
    assert code == 0 and obj["claim"]["removed"] and obj["claim"]["row_version"] == 4
    actions = [a for _, a in _audit(cli)]
    assert actions[-4:] == ["claim.create", "claim.retag", "claim.note", "claim.delete"]


def test_a_stale_version_is_refused_in_words_and_in_json(cli: Cli, article: int) -> None:
    cli("claim", "add", str(article), "0", "10", "confirmed")
    code, out, _ = cli("claim", "add", str(article), "20", "30", "confirmed")
    cid = out.split("\t")[0]
    assert cli("claim", "retag", cid, "disputed", "--if-version", "1", user="bob")[0] == 0
    before = _audit(cli)
    code, out, err = cli("claim", "retag", cid, "single_source", "--if-version", "1")
    assert code == 1 and out == ""
    assert err.startswith(f"fact-gui: claim {cid} was changed by bob at ")
    assert "it is now Disputed, review pending" in err and "Traceback" not in err
    code, obj = cli.json("claim", "note", cid, "mine", "--if-version", "1")
    assert code == 1 and obj["ok"] is False and obj["error"] == "conflict"
    assert obj["expected_row_version"] == 1
    assert (obj["claim"]["row_version"], obj["claim"]["tag"], obj["claim"]["updated_by"]) == (
        2, "disputed", "bob")  # fmt: skip
    assert "changed by bob" in obj["message"]
    assert _audit(cli) == before  # refused changes leave the database as it was


BAD = [
    (["claim", "add", "{a}", "0", "10", "maybe"], "error", "unknown tag 'maybe'"),
    (["claim", "add", "{a}", "5", "5", "confirmed"], "invalid_span", "span 5-5 is empty"),
    (["claim", "add", "{a}", "0", "999999", "confirmed"], "invalid_span", "outside article"),
    (["claim", "add", "{a}", "-3", "2", "confirmed"], "invalid_span", "span -3-2 is empty"),
    (["claim", "add", "999", "0", "5", "confirmed"], "not_found", "article 999 does not exist"),
    (["claim", "retag", "999", "confirmed"], "not_found", "claim 999 does not exist"),
    (["claim", "note", "999", "x", "--if-version", "1"], "not_found", "claim 999 does not exist"),
    (["claim", "rm", "999", "--if-version", "1"], "not_found", "claim 999 does not exist"),
    (["claim", "list", "999"], "not_found", "article 999 does not exist"),
    (["review", "submit", "{a}"], "refused", "cannot submit: the article has no claims yet"),
    (["review", "return", "{a}", " "], "refused", "needs a comment"),
    (["review", "sign-off", "{a}"], "refused", "only a submitted article can be signed off"),
    (["review", "reopen", "{a}", "why"], "refused", "only a signed-off article can be reopened"),
    (["review", "status", "999"], "not_found", "article 999 does not exist"),
    (["review", "accept", "999"], "not_found", "claim 999 does not exist"),
]


def test_bad_input_names_the_reason_exits_1_and_changes_nothing(cli: Cli, article: int) -> None:
    before = _audit(cli)
    for template, kind, words in BAD:
        args = [a.format(a=article) for a in template]
        code, out, err = cli(*args)
        assert code == 1 and out == "" and words in err and "Traceback" not in err, (args, err)
        message = err.removeprefix("fact-gui: ").rstrip("\n")
        code, obj = cli.json(*args)
        assert code == 1 and obj == {"ok": False, "error": kind, "message": message}, args
    assert _audit(cli) == before


def test_a_whole_review_by_script(cli: Cli, article: int) -> None:
    ids = []
    for start in (0, 40):
        code, obj = cli.json("claim", "add", str(article), str(start), str(start + 10), "confirmed")
        ids.append(str(obj["claim"]["id"]))
    code, obj = cli.json("review", "status", str(article))
    assert code == 0 and obj["article"]["state"] == "annotating"
    seen = str(obj["article"]["row_version"])
    code, obj = cli.json("review", "submit", str(article), "--if-version", seen)
    assert (
        code == 0 and obj["article"]["state"] == "submitted" and obj["action"] == "article.submit"
    )
    submitted = obj["article"]["row_version"]
    assert obj["article"]["row_version"] == int(seen) + 1
    code, obj = cli.json("review", "accept", ids[0], "--if-version", "1", user="rev")
    assert code == 0 and obj["claim"]["review"] == "accepted" and obj["claim"]["row_version"] == 2
    code, obj = cli.json("review", "query", ids[1], "Second source?", user="rev")
    assert code == 0 and obj["claim"]["review"] == "queried"
    # the analyst cannot edit a submitted article, by script either
    code, obj = cli.json("claim", "retag", ids[1], "disputed")
    assert code == 1 and obj["error"] == "refused" and "submitted for review" in obj["message"]
    code, out, _ = cli("review", "return", str(article), "See the query", user="rev")
    status_line = out.rstrip("\n").split("\t")
    assert code == 0 and status_line[:3] == [article.__str__(), f"r{submitted + 1}", "annotating"]
    code, obj = cli.json(
        "review", "reply", ids[1], "Added the agency's statement", "--if-version", "2"
    )
    assert code == 0 and obj["claim"]["review"] == "queried" and obj["claim"]["row_version"] == 2
    cli("review", "submit", str(article))
    cli("review", "accept", ids[1], user="rev")
    code, obj = cli.json(
        "review", "sign-off", str(article), "--if-version", str(submitted), user="rev"
    )
    assert code == 1 and obj["error"] == "conflict" and obj["article"]["state"] == "submitted"
    code, obj = cli.json("review", "sign-off", str(article), "--comment", "Checked.", user="rev")
    assert (
        code == 0
        and obj["article"]["state"] == "signed_off"
        and obj["article"]["updated_by"] == "rev"
    )
    desk = Desk.open(cli.db("rev"), "rev")
    info = signoffs.current_signoff(desk, article)
    desk.close()
    assert info is not None and info.reviewer == "rev" and info.comment == "Checked."
    code, obj = cli.json("review", "reopen", str(article), "New figures")
    assert code == 0 and obj["article"]["state"] == "annotating"
    actions = [a for _, a in _audit(cli)]
    # the state changes first (a team database refuses resets while signed off), then each
    # verdict is reset as a change of its claim, with its own event
    assert actions[-4:] == [
        "article.signoff_digest",
        "article.reopen",
        "claim.reset",
        "claim.reset",
    ]
    assert ("rev", "claim.query") in _audit(cli)


def test_claim_list_prints_one_line_or_object_per_claim(cli: Cli, article: int) -> None:
    for start, tag in ((40, "disputed"), (0, "confirmed"), (20, "single_source")):
        cli("claim", "add", str(article), str(start), str(start + 10), tag)
    code, out, _ = cli("claim", "list", str(article), "--json")
    objs = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [o["claim"]["start"] for o in objs] == [0, 20, 40]
    assert [o["claim"]["tag"] for o in objs] == ["confirmed", "single_source", "disputed"]
    code, out, _ = cli("claim", "list", str(article))
    assert [line.split("\t")[2] for line in out.splitlines()] == [
        "confirmed",
        "single_source",
        "disputed",
    ]
