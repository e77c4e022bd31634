"""Benchmark: a note edit with its hash-chained audit event on a team desk, 1 and 4 writers at once.

The chain serialises appends on one head row; this shows what that costs per action
(p50/p99 from call to commit) against the raw primitive: the same UPDATE + INSERT through
psycopg on plain tables in the same cluster, with the same number of writers. The writers
are threads of one process, so with 4 of them Python's GIL adds to the app's figures; the
load benchmark (separate processes) is the one to judge the goal by.
"""

from __future__ import annotations

import statistics
import threading
import time

import psycopg

from fact_gui.services import audit, claims, intake
from fact_gui.services.context import Desk
from fact_gui.store.engine import transaction
from tests.bench.benchkit import Figures
from tests.conftest import SEEDS
from tests.fixtures.pg import Cluster
from tests.fixtures.team import db_name, url_as

OPS = 150


def p99(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=100)[98]


def _threads(n: int, work) -> list[float]:
    samples: list[list[float]] = [[] for _ in range(n)]
    threads = [threading.Thread(target=work, args=(i, samples[i])) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for s in samples for x in s]


def test_audit_chain_under_concurrent_writers(pg_cluster: Cluster, pg_desk_url: str) -> None:
    setup = Desk.open(pg_desk_url)
    aid = intake.import_file(setup, SEEDS[1]).article_id
    assert aid is not None
    cids = [
        claims.create(setup, aid, s, s + 5, "confirmed").upserted[0].id for s in range(0, 40, 10)
    ]
    raw_url = pg_cluster.url(db_name(pg_desk_url)).replace("+psycopg", "")
    with psycopg.connect(raw_url, autocommit=True) as c:
        c.execute("CREATE TABLE bench_claim (id int PRIMARY KEY, note text)")
        c.execute("CREATE TABLE bench_log (id serial PRIMARY KEY, at text, actor text, after text)")
        c.execute("INSERT INTO bench_claim SELECT g, '' FROM generate_series(0, 3) g")
    for writers in (1, 4):
        desks = [
            Desk.open(url_as(pg_cluster, pg_desk_url, f"bench{i}", "analyst"))
            for i in range(writers)
        ]

        def app(i: int, out: list[float], desks: list[Desk] = desks) -> None:
            for n in range(OPS):
                t0 = time.perf_counter()
                claims.set_note(desks[i], cids[i], f"note {n}")
                out.append(time.perf_counter() - t0)

        def raw(i: int, out: list[float]) -> None:
            with psycopg.connect(raw_url) as con:
                for n in range(OPS):
                    t0 = time.perf_counter()
                    with con.transaction():
                        con.execute("UPDATE bench_claim SET note = %s WHERE id = %s", (f"n{n}", i))
                        con.execute(
                            "INSERT INTO bench_log (at, actor, after) VALUES ('t', 'b', %s)",
                            (f"n{n}",),
                        )
                    out.append(time.perf_counter() - t0)

        app_s, raw_s = _threads(writers, app), _threads(writers, raw)
        for d in desks:
            d.close()
        Figures(
            f"note edit + chained audit event, {writers} writer(s) on PostgreSQL", app_s, raw_s
        ).report(
            limit="team-sync load goal p50 <= 10 ms, p99 <= 50 ms",
            extra=f"p99 app {p99(app_s) * 1000:.1f} ms, raw {p99(raw_s) * 1000:.1f} ms; "
            "shared 2-core machine: indicative only",
        )
    with transaction(setup.engine) as s:
        events, broken = audit.check_chain(s)
    assert broken is None and events == 1 + 4 + OPS * 5
    setup.close()
