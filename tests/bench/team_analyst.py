"""One simulated analyst for the team load benchmark (a process): tags, retags and notes until told.

``python -m tests.bench.team_analyst PLAN_JSON`` prints "ready", reads the wall-clock start
time on stdin, works until then + the plan's seconds, and prints a writers.Result as JSON.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from functools import partial

from fact_gui.services import claims
from fact_gui.services.changes import ChangeSet
from fact_gui.services.context import Desk
from tests.fixtures.writers import TAGS, Result, attempt


@dataclass
class LoadPlan:
    url: str
    user: str
    seed: int
    own: tuple[int, int]  # this analyst's article: (id, length in code points)
    shared_articles: list[tuple[int, int]]  # articles everyone works on
    shared_claims: list[int]  # claims on them that everyone retags and annotates
    seconds: float
    think_ms: float  # pause between actions (uniform 0.5x-1.5x): a person, not a loop


def _create(
    desk: Desk, aid: int, span: tuple[int, int], tag: str, *, if_version: None
) -> ChangeSet:
    """A new claim (made on no version: ``attempt`` passes None)."""
    return claims.create(desk, aid, *span, tag)


def run(plan: LoadPlan) -> Result:
    rnd = random.Random(plan.seed)
    desk = Desk.open(plan.url, plan.user)
    out = Result(plan.user)
    known = {cid: claims.current(desk, cid).row.row_version for cid in plan.shared_claims}
    mine: list[int] = []
    # Ready; every analyst begins at the moment the benchmark names (processes start slowly).
    print("ready", flush=True)
    start_at = float(sys.stdin.readline())
    time.sleep(max(0.0, start_at - time.time()))
    end = start_at + plan.seconds
    i = 0
    while time.time() < end:
        i += 1
        time.sleep(plan.think_ms / 1000 * rnd.uniform(0.5, 1.5))
        cid, based_on = 0, None
        if rnd.random() < 0.35 or not mine:
            aid, length = plan.own if rnd.random() < 0.8 else rnd.choice(plan.shared_articles)
            start = rnd.randrange(0, length - 40)
            span = (start, start + rnd.randint(3, 40))
            tag = rnd.choice(TAGS)
            call = partial(_create, desk, aid, span, tag)
            made = attempt(out, known, cid, "claim.create", None, call)
            if made is not None:
                mine.append(made)
            continue
        cid = rnd.choice(mine) if rnd.random() < 0.5 else rnd.choice(plan.shared_claims)
        based_on = known[cid] if rnd.random() < 0.8 else None
        if rnd.random() < 0.55:
            call = partial(claims.retag, desk, cid, rnd.choice(TAGS))
            attempt(out, known, cid, "claim.retag", based_on, call)
        else:
            call = partial(claims.set_note, desk, cid, f"{plan.user} #{i}")
            attempt(out, known, cid, "claim.note", based_on, call)
    desk.close()
    return out


if __name__ == "__main__":
    raw = json.loads(sys.argv[1])
    plan = LoadPlan(**raw)
    print(json.dumps(asdict(run(plan))))
