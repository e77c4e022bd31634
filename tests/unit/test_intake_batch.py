"""The batch store: one transaction for many files, each file still all-or-nothing."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from fact_gui.services import intake
from fact_gui.services.context import Desk


def article(n: int, words: str = "") -> bytes:
    return (
        f"Ministry reports {n} new arrivals at the border\nBy Olena Kovalenko\n\n"
        f"The ministry said on Monday that {n} people had crossed the border overnight, "
        f"more than on any night this month {words}.\n"
        "Aid groups said the reception centres were full and asked for more tents and beds.\n"
    ).encode()


def count(desk: Desk, query: str = "select count(*) from article") -> int:
    with desk.engine.connect() as c:
        return int(c.execute(sql(query)).scalar_one())


def test_a_batch_that_dies_midway_leaves_none_of_its_uncommitted_files(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing is committed until the batch has 1,000 files or ran for a minute.
    monkeypatch.setattr(intake, "COMMIT_EVERY", 1_000)
    monkeypatch.setattr(intake, "COMMIT_SECONDS", 60.0)
    for n in range(6):
        (tmp_path / f"{n}.txt").write_bytes(article(n))
    asked = itertools.count()

    def cancelled() -> bool:
        if next(asked) == 4:
            raise KeyboardInterrupt  # the process is being stopped
        return False

    reported: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        intake.import_sources(
            desk, sorted(tmp_path.glob("*.txt")), progress=lambda d, t, o: reported.append(d),
            cancelled=cancelled, workers=1,
        )  # fmt: skip
    # Four files were stored in the open transaction, none was committed nor reported.
    assert reported == []
    assert count(desk) == 0
    assert count(desk, "select count(*) from audit_event") == 0
    # The database is usable afterwards, and the same files import.
    report = intake.import_sources(desk, sorted(tmp_path.glob("*.txt")), workers=1)
    assert [o.status for o in report.outcomes] == ["imported"] * 6
    assert count(desk) == 6


def test_file_keys_are_the_resolved_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fact_gui.services.versions import file_key

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "b.txt").symlink_to(tmp_path / "real" / "a.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    monkeypatch.chdir(tmp_path / "real")
    (tmp_path / "real" / "c.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "looped").symlink_to(tmp_path / "looped")
    folders: dict[str, str | None] = {}  # a batch's: each folder resolved once
    for source in ["a.txt", "./a.txt", "../real/a.txt", f"{tmp_path}/linked/a.txt",
                   f"{tmp_path}//b.txt", f"{tmp_path}/linked/../b.txt", "missing.txt",
                   f"{tmp_path}/dangling.txt", "c.txt", f"{tmp_path}/linked/c.txt",
                   f"{tmp_path}/real/.", f"{tmp_path}/real/..", f"{tmp_path}/real/",
                   f"{tmp_path}/looped/a.txt"] * 2:  # fmt: skip
        expected = str(Path(source).resolve()) if "looped" not in source else (
            os.path.abspath(source))  # fmt: skip
        assert file_key("file", source) == expected, source
        assert file_key("file", source, folders) == expected, source
    # A loop cannot be resolved: the path as written, made absolute.
    assert file_key("file", f"{tmp_path}/loop.txt") == f"{tmp_path}/loop.txt"
    assert file_key("file", f"{tmp_path}/loop.txt", folders) == f"{tmp_path}/loop.txt"
    assert file_key("url", "https://example.org/a") == "https://example.org/a"


def test_first_versions_are_their_own_lineage_and_new_versions_follow(
    desk: Desk, tmp_path: Path
) -> None:
    for n in range(12):
        (tmp_path / f"{n}.txt").write_bytes(article(n))
    first = intake.import_sources(desk, sorted(tmp_path.glob("*.txt")), workers=1)
    assert [o.status for o in first.outcomes] == ["imported"] * 12
    (tmp_path / "3.txt").write_bytes(article(3, "and a correction"))
    again = intake.import_sources(desk, [tmp_path / "3.txt", tmp_path / "4.txt"], workers=1)
    assert [o.status for o in again.outcomes] == ["imported", "duplicate"]
    with desk.engine.connect() as c:
        rows = c.execute(sql("select id, lineage_id, version, source from article order by id"))
        by_id = {r.id: r for r in rows}
    ids = [o.article_id for o in first.outcomes]
    assert all(by_id[i].lineage_id == i and by_id[i].version == 1 for i in ids)
    new = by_id[again.outcomes[0].article_id or 0]
    old = by_id[next(o.article_id for o in first.outcomes if o.source.endswith("/3.txt"))]
    assert (new.lineage_id, new.version, new.source) == (old.id, 2, old.source)


def test_a_file_that_cannot_be_stored_fails_alone(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_bytes(article(1))
    assert intake.import_file(desk, tmp_path / "a.txt").status == "imported"
    before = count(desk, "select count(*) from audit_event")
    batch = tmp_path / "batch"
    batch.mkdir()
    for n in range(2, 6):
        (batch / f"{n}.txt").write_bytes(article(n))
    (batch / "3.txt").write_bytes(article(1))  # a.txt's text, copied under another name
    from fact_gui.store import reads

    real = reads.known_text

    def blind(conn, sha, url, source):  # as if another window stored it after our look-up
        return None if source and source.endswith("/3.txt") else real(conn, sha, url, source)

    monkeypatch.setattr(reads, "known_text", blind)
    report = intake.import_sources(desk, [batch], workers=1)
    assert [(Path(o.source).name, o.status) for o in report.outcomes] == [
        ("2.txt", "imported"), ("3.txt", "failed"), ("4.txt", "imported"), ("5.txt", "imported"),
    ]  # fmt: skip
    assert "imported at the same moment elsewhere" in report.outcomes[1].reason
    assert count(desk) == 4
    assert count(desk, "select count(*) from audit_event") == before + 3
