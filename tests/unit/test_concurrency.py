"""No lost updates: 2 and 10 writers, 1,000 actions on the same claims, on SQLite and PostgreSQL.

SQLite writers are separate processes (the file lock is what is tested); on
PostgreSQL they are threads, each with its own desk and connections (row locks).
Every acknowledged change must appear exactly once in its claim's audit chain,
every event must start from the state the previous one left, the rows must be
what the last events say, and every refusal must be a ``Conflict``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pytest

from fact_gui.services import claims, intake, review
from fact_gui.services.context import Desk
from tests.conftest import ROOT, SEEDS
from tests.fixtures.pg import Cluster
from tests.fixtures.team import url_as
from tests.fixtures.writers import Plan, Result, check_acknowledged, load, work

TOTAL_ACTIONS = 1_000


# Who opens the desk how: on SQLite the file (any name); on PostgreSQL each writer's own
# login (a name and the roles it needs).
UrlOf = Callable[[str], str]


def setup_claims(url_of: UrlOf) -> tuple[list[int], list[int]]:
    """Three claims on an article being annotated, three on one submitted for review."""
    desk = Desk.open(url_of("setup"), "setup")
    editing = intake.import_file(desk, SEEDS[1]).article_id
    reviewed = intake.import_file(desk, SEEDS[0]).article_id
    assert editing is not None and reviewed is not None
    edit = [claims.create(desk, editing, s, s + 8, "confirmed").upserted[0].id for s in (0, 30, 60)]
    rev = [claims.create(desk, reviewed, s, s + 8, "confirmed").upserted[0].id for s in (0, 30, 60)]
    review.submit(desk, reviewed)
    desk.close()
    return edit, rev


def run_writers(url_of: UrlOf, writers: int, processes: bool) -> list[Result]:
    edit, rev = setup_claims(url_of)
    start_at = time.time() + (1.5 + 0.25 * writers if processes else 0.2)
    plans = [
        Plan(url_of(f"writer{i}"), f"writer{i}", seed=1000 + i, actions=TOTAL_ACTIONS // writers, edit=edit,
             review=rev, start_at=start_at)
        for i in range(writers)
    ]  # fmt: skip
    if not processes:
        with ThreadPoolExecutor(writers) as pool:
            return list(pool.map(work, plans))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.fixtures.writers", json.dumps(asdict(p))],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for p in plans
    ]  # fmt: skip
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.append(load(out))
    return results


def check_nothing_lost(url_of: UrlOf, results: list[Result]) -> Counter[str]:
    """The acknowledged changes against the audit trail and the rows; returns action counts."""
    for r in results:
        assert len(r.acks) + r.noops + len(r.conflicts) + len(r.errors) == TOTAL_ACTIONS // len(
            results
        )
    desk = Desk.open(url_of("check"), "check")
    check_acknowledged(desk.engine, results)
    desk.close()
    return Counter(a.action for r in results for a in r.acks)


@pytest.mark.parametrize("writers", [2, 10])
def test_no_lost_updates_on_sqlite_across_processes(db_path: Path, writers: int) -> None:
    Desk.open(str(db_path), "setup").close()
    results = run_writers(lambda _name: str(db_path), writers, processes=True)
    done = check_nothing_lost(lambda _name: str(db_path), results)
    assert set(done) == {"claim.retag", "claim.note", "claim.accept", "claim.query"}
    assert sum(len(r.conflicts) for r in results) > 0, "the writers never overlapped"


@pytest.mark.parametrize("writers", [2, 10])
def test_no_lost_updates_on_postgresql(pg_cluster: Cluster, pg_desk_url: str, writers: int) -> None:
    def url_of(name: str) -> str:  # each writer both annotates and reviews (the mixed load)
        return url_as(pg_cluster, pg_desk_url, name, "analyst", "reviewer")

    results = run_writers(url_of, writers, processes=False)
    done = check_nothing_lost(url_of, results)
    assert set(done) == {"claim.retag", "claim.note", "claim.accept", "claim.query"}
    assert sum(len(r.conflicts) for r in results) > 0, "the writers never overlapped"
