"""The command line on the seeds: import, list, export csv, and bad input."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from fact_gui.domain.csvcell import restore
from tests.conftest import SEEDS, db_state

pytestmark = pytest.mark.e2e


def test_import_list_export_on_the_seeds(run, tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    r = run("import", *map(str, SEEDS), "--db", str(db), "--user", "ana")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    assert (
        lines[0]
        == "1\tU.S. Drops Bombshell: North Korean Troops Are Dying in Combat with Russia in Ukraine"
    )
    assert (
        lines[1]
        == "2\tNorth Korean forces suffer 'significant losses' in Ukraine conflict, U.S. says"
    )

    again = run("--db", str(db), "import", str(SEEDS[0]))
    assert again.returncode == 0 and "already imported" in again.stdout

    # Tag claims through the same services the GUI uses, then export from the CLI.
    from fact_gui.services import articles, claims
    from fact_gui.services.context import Desk

    desk = Desk.open(str(db), "ana")
    for aid in (1, 2):
        text, _ = articles.text_and_claims(desk, aid)
        for phrase, tag in (
            ("Kirby", "single_source"),
            ("North Korean", "confirmed"),
            ("12,000", "disputed"),
        ):
            if phrase in text:
                s = text.index(phrase)
                claims.create(desk, aid, s, s + len(phrase), tag, note="=cmd|' /C calc'!A0")
    desk.close()

    listed = run("list", "--db", str(db))
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[1].endswith(
        "confirmed=1 disputed=1 single_source=1\tversions=1"
    )

    out = tmp_path / "claims.csv"
    r = run("export", "csv", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "wrote 5 claims" in r.stderr
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 5
    con = sqlite3.connect(db)
    texts = dict(con.execute("select id, text from article"))
    for row in rows:
        text = texts[int(row["article_id"])]
        assert text[int(row["start"]) : int(row["end"])] == restore(row["quote"])
        assert row["tag"] in {"confirmed", "disputed", "single_source"}
        assert row["analyst"] == "ana"
        assert row["note"] == "'=cmd|' /C calc'!A0"
    only = tmp_path / "one.csv"
    assert run("export", "csv", str(only), "--db", str(db), "--article", "2").returncode == 0
    with only.open(encoding="utf-8", newline="") as f:
        assert {r["article_id"] for r in csv.DictReader(f)} == {"2"}


def test_bad_input_on_the_command_line(run, tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    assert run("import", str(SEEDS[0]), "--db", str(db)).returncode == 0
    before = db_state(db)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "random.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "nul.txt").write_bytes(b"abc\x00def")
    (tmp_path / "report.txt").write_bytes(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    (tmp_path / "folder").mkdir()
    bad = ["empty.txt", "random.txt", "nul.txt", "report.txt", "folder", "missing.txt"]
    r = run("import", *[str(tmp_path / b) for b in bad], str(SEEDS[1]), "--db", str(db))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    err = r.stderr.splitlines()
    assert err[-1] == "fact-gui: 1 imported, 6 failed"
    # The seed imported says what of it was left out (its date and published lines).
    notes = [line for line in err if line.startswith(f"fact-gui: {SEEDS[1]}: ")]
    assert notes == [
        f"fact-gui: {SEEDS[1]}: left out 2 lines (124 characters) around the story (title, "
        "date and byline lines are kept as the article's fields); --keep-all keeps them"
    ]
    err = [line for line in err[:-1] if line not in notes]
    assert len(err) == len(bad)
    for name, line in zip(bad, err, strict=True):
        assert line.startswith(f"fact-gui: {tmp_path / name}: ")
    assert "is empty" in err[0] and "NUL" in err[1] + err[2] and "PDF" in err[3]
    assert "the folder holds no article files" in err[4] and "no such file" in err[5]
    # The good file in the batch still landed...
    assert r.stdout.startswith("2\t")
    # ...and a batch of only bad files leaves the database byte-for-byte as it was.
    before = db_state(db)
    r = run("import", *[str(tmp_path / b) for b in bad], "--db", str(db))
    assert r.returncode == 1
    assert db_state(db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "csv", "/nonexistent/dir/x.csv"], "does not exist"),
        (["export", "csv", "out.csv", "--article", "42"], "article 42 does not exist"),
    ],
)
def test_command_errors(run, tmp_path: Path, args: list[str], message: str) -> None:
    r = run(*args, "--db", str(tmp_path / "d.sqlite3"))
    assert r.returncode == 1
    assert message in r.stderr and "Traceback" not in r.stderr


def test_newer_database_is_refused(run, tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    assert run("list", "--db", str(db)).returncode == 0
    con = sqlite3.connect(db)
    con.execute("update alembic_version set version_num='0999'")
    con.commit()
    con.close()
    before = db_state(db)
    r = run("list", "--db", str(db))
    assert r.returncode == 1
    assert "newer version of fact_gui" in r.stderr and "Traceback" not in r.stderr
    assert db_state(db) == before


def test_db_accepts_a_sqlalchemy_url_and_the_default_lives_in_the_data_folder(
    run, tmp_path: Path, isolated_home: Path
) -> None:
    db = tmp_path / "url.sqlite3"
    assert run("import", str(SEEDS[1]), "--db", f"sqlite:///{db}").returncode == 0
    assert db.exists()
    assert run("import", str(SEEDS[1])).returncode == 0
    assert (isolated_home / "xdg_data_home" / "fact_gui" / "fact_gui.sqlite3").exists()


def test_not_a_database(run, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database at all" * 100)
    before = junk.read_bytes()
    r = run("list", "--db", str(junk))
    assert (
        r.returncode == 1 and "cannot open the database" in r.stderr and "Traceback" not in r.stderr
    )
    assert junk.read_bytes() == before


def test_verify_sessions_and_signed_off_export_on_the_command_line(run, tmp_path: Path) -> None:
    from fact_gui.services import claims, review, sessions, signoffs
    from fact_gui.services.context import Desk

    db = tmp_path / "rev.sqlite3"
    assert run("import", *map(str, SEEDS), "--db", str(db)).returncode == 0
    assert run("verify", "--db", str(db)).stdout.startswith("verified 0 sign-offs: all match")
    ana, rev = Desk.open(str(db), "ana"), Desk.open(str(db), "rev")
    cid = claims.create(ana, 2, 1, 5, "confirmed").upserted[0].id
    claims.create(ana, 1, 0, 4, "disputed")
    sid = sessions.start(ana)
    sessions.add_work(ana, sid, 2, active_seconds=95.0, claims_added=1)
    review.submit(ana, 2)
    review.accept(rev, cid)
    signoffs.sign_off(rev, 2, "fine")
    ana.close()
    rev.close()
    ok = run("verify", "--db", str(db))
    assert ok.returncode == 0 and ok.stdout.startswith("verified 1 sign-off: all match")
    out = tmp_path / "signed.csv"
    assert run("export", "csv", str(out), "--signed-off-only", "--db", str(db)).returncode == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["article_id"], r["state"], r["signed_off_by"]) for r in rows] == [
        ("2", "signed_off", "rev")
    ]
    listed = run("sessions", "--db", str(db))
    assert (
        listed.returncode == 0 and "\tana\t" in listed.stdout and "1.6 min\t+1\t~0" in listed.stdout
    )
    ses_csv = tmp_path / "sessions.csv"
    assert run("sessions", "--csv", str(ses_csv), "--db", str(db)).returncode == 0
    with ses_csv.open(encoding="utf-8", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert (row["user"], row["article_id"], row["active_seconds"]) == ("ana", "2", "95.0")
    # someone edits the database directly: verify names the article and fails
    con = sqlite3.connect(db)
    con.execute("update article set text = text || ' (edited)' where id = 2")
    con.commit()
    con.close()
    bad = run("verify", "--db", str(db))
    assert bad.returncode == 1 and bad.stdout.startswith("TAMPERED\t2\t")
    assert "1 of 1 signed-off articles no longer match" in bad.stderr


@pytest.mark.parametrize("word", ["frobnicate", "lsit", "exprot"])
def test_unknown_command_is_an_error_not_a_window(run, word: str) -> None:
    r = run(word, "something", timeout=20)
    assert r.returncode == 2
    assert f"no command or file named '{word}'" in r.stderr
    assert "commands: " in r.stderr and "import" in r.stderr
    assert "Traceback" not in r.stderr


def test_import_list_export_on_postgresql(run, pg_url: str, tmp_path: Path) -> None:
    """The command line against a real PostgreSQL server, as a newsroom desk would use it."""
    # Ordinary clients never set up (migrate) a team database: an admin does, once.
    r = run("import", *map(str, SEEDS), "--db", pg_url)
    assert (
        r.returncode == 1 and "fact-gui team init URL" in r.stderr and "Traceback" not in r.stderr
    )
    r = run("team", "init", pg_url)
    assert r.returncode == 0 and "team desk set up" in r.stdout, r.stderr
    r = run("import", *map(str, SEEDS), "--db", pg_url)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 2
    listed = run("list", "--db", pg_url)
    assert listed.returncode == 0, listed.stderr
    assert [ln.split("\t")[0] for ln in listed.stdout.splitlines()] == ["1", "2"]
    out = tmp_path / "claims.csv"
    r = run("export", "csv", str(out), "--db", pg_url)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("article_id,")
