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

from fact_gui.domain.errors import Conflict
from fact_gui.services import claims
from fact_gui.services.changes import ChangeSet
from fact_gui.services.context import Desk
from tests.fixtures.writers import TAGS, Ack, Result, state


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


def run(plan: LoadPlan) -> Result:
    rnd = random.Random(plan.seed)
    desk = Desk.open(plan.url, plan.user)
    out = Result(plan.user)
    known = {cid: claims.current(desk, cid).row.version for cid in plan.shared_claims}
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
        r = rnd.random()
        cid = 0
        based_on = None
        t0 = time.perf_counter()
        try:
            if r < 0.35 or not mine:
                action = "claim.create"
                aid, length = plan.own if rnd.random() < 0.8 else rnd.choice(plan.shared_articles)
                start = rnd.randrange(0, length - 40)
                cs: ChangeSet = claims.create(
                    desk, aid, start, start + rnd.randint(3, 40), rnd.choice(TAGS)
                )
            else:
                cid = rnd.choice(mine) if rnd.random() < 0.5 else rnd.choice(plan.shared_claims)
                based_on = known[cid] if rnd.random() < 0.8 else None
                if r < 0.7:
                    action = "claim.retag"
                    cs = claims.retag(desk, cid, rnd.choice(TAGS), if_version=based_on)
                else:
                    action = "claim.note"
                    cs = claims.set_note(desk, cid, f"{plan.user} #{i}", if_version=based_on)
        except Conflict as exc:
            out.conflicts.append(str(exc))
            known[cid] = exc.current.version
            continue
        except Exception as exc:  # a defect: the benchmark reports it
            out.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        latency = time.perf_counter() - t0
        if cs.empty:
            out.noops += 1
            continue
        row = cs.upserted[0]
        if action == "claim.create":
            mine.append(row.id)
        known[row.id] = row.version
        out.acks.append(Ack(row.id, action, row.version, state(cs), based_on, latency, time.time()))
    desk.close()
    return out


if __name__ == "__main__":
    raw = json.loads(sys.argv[1])
    plan = LoadPlan(**raw)
    print(json.dumps(asdict(run(plan))))
