"""Intake on the command line: hostile folders, odd names, what was left out, no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.fixtures import hostile

pytestmark = pytest.mark.e2e


def test_a_hostile_folder_never_gives_a_traceback(run, tmp_path: Path) -> None:
    hostile.make(tmp_path / "in", seed=5)
    db = tmp_path / "d.sqlite3"
    r = run("import", str(tmp_path / "in"), "--db", str(db), timeout=300)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr
    assert r.stdout.strip(), "the good files still import"
    # The name that is not UTF-8 is printed with its bytes escaped, and its article landed.
    assert "caf\\xe9-5.txt" in r.stderr + r.stdout or "Café owners" in r.stdout
    # No library noise on the terminal: every line names a file or is the summary.
    for line in r.stderr.splitlines():
        assert line.startswith("fact-gui: "), line


def test_a_non_utf8_file_name_given_directly(run, tmp_path: Path) -> None:
    name = os.fsdecode(b"r\xe9sum\xe9.txt")
    (tmp_path / name).write_bytes(SEEDS[1].read_bytes())
    bad = os.fsdecode(b"\xff.txt")
    (tmp_path / bad).write_bytes(b"")
    r = run("import", str(tmp_path / name), str(tmp_path / bad), "--db", str(tmp_path / "d.db"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "\\xff.txt: is empty" in r.stderr
    assert r.stdout.startswith("1\t")


def test_the_issue_article_keeps_its_last_paragraph_and_says_what_it_left_out(
    run, tmp_path: Path
) -> None:
    from tests.unit.test_clean_articles import ARTICLES

    db = tmp_path / "d.db"
    r = run("import", str(ARTICLES / "wire_service.txt"), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert r.stdout == "1\tTroops moved closer to the border, ministry says\n"
    assert "left out 2 lines" in r.stderr and "--keep-all keeps them" in r.stderr
    import sqlite3

    text = sqlite3.connect(db).execute("select text from article").fetchone()[0]
    assert text.endswith("within 30 km of the line 🚨")
    r = run(
        "import", str(ARTICLES / "wire_service.txt"), "--keep-all", "--db", str(tmp_path / "k.db")
    )
    assert r.returncode == 0 and "left out" not in r.stderr


def test_the_window_without_a_display_says_so(tmp_path: Path, isolated_home: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    env["XDG_DATA_HOME"] = str(isolated_home / "d")
    env["XDG_CONFIG_HOME"] = str(isolated_home / "c")
    for args in ([], [str(SEEDS[1])]):
        r = subprocess.run(
            [sys.executable, "-m", "fact_gui", "--db", str(tmp_path / "g.db"), *args],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip
        assert r.returncode == 1
        assert r.stderr.startswith("fact-gui: no display"), r.stderr
