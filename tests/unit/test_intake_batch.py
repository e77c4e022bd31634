"""The batch store: one transaction for many files, each file still all-or-nothing."""

from __future__ import annotations

import itertools
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
