"""Fuzz run (make fuzz): thousands of generated hostile files through the batch code path.

Prints tried, refused, imported, uncaught (a reason that is an exception's name, or an
exception out of import_sources), over the time limit, and peak memory of the main process
and of the reading workers. Not in the default run.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from tests.fixtures import hostile
from tests.unit.test_hostile import in_words

SEEDS = 70  # ~33 files each: over 2,000 files
BOMB_EVERY = 10  # decompression bombs take a second each to build


def test_fuzz_intake(tmp_path: Path) -> None:
    from fact_gui.services import intake
    from fact_gui.services.context import Desk

    folder = tmp_path / "fuzz"
    cases = []
    t0 = time.perf_counter()
    for seed in range(SEEDS):
        cases += hostile.make(folder / f"s{seed:03}", seed, bombs=seed % BOMB_EVERY == 0)
    build_s = time.perf_counter() - t0
    desk = Desk.open(str(tmp_path / "fuzz.db"), "fuzz")
    uncaught = 0
    t0 = time.perf_counter()
    try:
        report = intake.import_sources(desk, [folder])
    except Exception as exc:  # the figure this run exists to keep at zero
        uncaught += 1
        raise AssertionError(f"import_sources raised {exc!r}") from exc
    finally:
        desk.close()
    run_s = time.perf_counter() - t0
    refused = [o for o in report.outcomes if o.status in ("failed", "skipped")]
    imported = [o for o in report.outcomes if o.status in ("imported", "duplicate")]
    uncaught += sum(1 for o in refused if not in_words(o.reason))
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\nfuzz_intake: tried {len(report.outcomes):,} files ({len(cases):,} generated in "
        f"{build_s:.1f} s) in {run_s:.1f} s: refused {len(refused):,}, imported "
        f"{len(imported):,}, uncaught {uncaught}, over the time limit {report.timed_out}, "
        f"workers lost {report.workers_lost}; peak RSS main {main_mb:,.0f} MB, "
        f"largest worker {workers_mb:,.0f} MB"
    )
    assert len(report.outcomes) >= 2000
    assert uncaught == 0 and report.timed_out == 0
