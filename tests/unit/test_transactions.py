"""Transactions: SQLite writes lock at BEGIN, reads block nobody, savepoints roll back alone."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from fact_gui.services.context import Desk
from fact_gui.store.engine import transaction


def _other_writer_can_begin(db: Path) -> bool:
    """Can a second connection take the write lock right now (no waiting)?"""
    con = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        con.close()


def test_a_write_holds_the_lock_from_its_first_statement(db_path: Path) -> None:
    desk = Desk.open(str(db_path), "x")
    with transaction(desk.engine) as s:
        # Nothing written yet, only read: the lock is already ours.
        s.execute(sql("select count(*) from article")).scalar()
        assert not _other_writer_can_begin(db_path)
    assert _other_writer_can_begin(db_path)
    with transaction(desk.engine, write=False) as s:
        s.execute(sql("select count(*) from article")).scalar()
        assert _other_writer_can_begin(db_path)  # a read blocks no writer (WAL)
    desk.close()


def test_reads_inside_a_transaction_see_one_snapshot(db_path: Path) -> None:
    desk = Desk.open(str(db_path), "x")
    with transaction(desk.engine, write=False) as s:
        before = s.execute(sql("select count(*) from change_log")).scalar()
        other = sqlite3.connect(db_path)
        other.execute(
            "insert into change_log (at, desk, actor, payload) values ('t', 'd', 'a', '{}')"
        )
        other.commit()
        other.close()
        assert s.execute(sql("select count(*) from change_log")).scalar() == before
    desk.close()


# Scratch rows for these tests: presence is a table every team login may write as well.
def _rows(desk: Desk) -> list[str]:
    with desk.engine.connect() as c:
        return [r[0] for r in c.execute(sql("select desk from presence order by seen_at"))]


def _log(s, label: str) -> None:
    s.execute(
        sql("""insert into presence (desk, "user", seen_at) values (:d, 'x', :t)"""),
        {"d": label, "t": f"{time.monotonic_ns():032d}"},
    )


def test_savepoints_roll_back_alone(desk: Desk) -> None:
    with transaction(desk.engine) as s:
        _log(s, "kept-1")
        with pytest.raises(RuntimeError), s.begin_nested():
            _log(s, "undone")
            raise RuntimeError("the nested part fails")
        nested = s.begin_nested()
        _log(s, "kept-2")
        nested.commit()
    assert _rows(desk) == ["kept-1", "kept-2"]


def test_a_failed_transaction_leaves_nothing_behind(desk: Desk) -> None:
    with pytest.raises(ZeroDivisionError), transaction(desk.engine) as s:
        _log(s, "never")
        s.flush()
        _ = 1 / 0
    assert _rows(desk) == []


def test_read_modify_write_under_the_lock_loses_nothing(db_path: Path) -> None:
    """Four threads each add 1 fifty times to one value, deciding from a read inside the write.

    With pysqlite's own transaction handling the read ran before BEGIN and
    increments were lost; with BEGIN IMMEDIATE every one counts.
    """
    desk = Desk.open(str(db_path), "x")
    with transaction(desk.engine) as s:
        s.execute(
            sql("insert into change_log (at, desk, actor, payload) values ('t', 'd', '0', '')")
        )

    def bump() -> None:
        for _ in range(50):
            with transaction(desk.engine) as s:
                n = int(s.execute(sql("select actor from change_log where seq = 1")).scalar_one())
                s.execute(sql("update change_log set actor = :n where seq = 1"), {"n": str(n + 1)})

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with desk.engine.connect() as c:
        assert c.execute(sql("select actor from change_log")).scalars().all() == ["200"]
    desk.close()


def test_ddl_is_transactional_on_sqlite(db_path: Path) -> None:
    """Schema changes roll back with their transaction (a migration failing half-way)."""
    import sqlalchemy.exc

    desk = Desk.open(str(db_path), "x")
    with pytest.raises(sqlalchemy.exc.OperationalError), transaction(desk.engine) as s:
        s.execute(sql("create table half_done (x integer)"))
        s.connection().exec_driver_sql("create table half_done (x integer)")
    with desk.engine.connect() as c:
        names = {r[0] for r in c.execute(sql("select name from sqlite_master"))}
    assert "half_done" not in names
    desk.close()


def _statements(desk: Desk) -> list[str]:
    """Every SQL statement the desk's engine sends from now on (appended as they go)."""
    from sqlalchemy import event

    sent: list[str] = []

    def log(_conn, _cursor, statement: str, *_args: object) -> None:
        sent.append(" ".join(statement.split()).upper())

    event.listen(desk.engine, "before_cursor_execute", log)
    return sent


def _sqlite_statements(desk: Desk) -> list[str]:
    """Every statement SQLite itself runs from now on (the batch's driver-level ones too)."""
    from sqlalchemy import event

    sent: list[str] = []

    def trace(connection: object, _record: object) -> None:
        connection.set_trace_callback(  # type: ignore[attr-defined]
            lambda s: sent.append(" ".join(s.split()).upper())
        )

    event.listen(desk.engine, "connect", trace)
    desk.engine.dispose()  # pooled connections are reopened with the trace
    return sent


def test_a_batch_import_begins_immediate_and_reads_under_the_write_lock(
    db_path: Path, tmp_path: Path
) -> None:
    """The batch (one connection, many sources) reads its duplicate checks under the write lock."""
    from fact_gui.services import intake
    from tests.conftest import SEEDS

    desk = Desk.open(str(db_path), "x")
    sent = _sqlite_statements(desk)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    report = intake.import_sources(desk, [SEEDS[0], empty, SEEDS[1], SEEDS[0]], workers=1)
    assert [o.status for o in report.outcomes] == ["imported", "failed", "imported", "duplicate"]
    begins = [s for s in sent if s.startswith("BEGIN")]
    assert begins and all(s == "BEGIN IMMEDIATE" for s in begins), begins
    # The duplicate check (a SELECT on article) comes after BEGIN IMMEDIATE, not before.
    first_select = next(
        i for i, s in enumerate(sent) if s.startswith("SELECT") and "FROM ARTICLE" in s
    )
    assert sent.index("BEGIN IMMEDIATE") < first_select
    inserts = [s for s in sent if s.startswith("INSERT INTO ARTICLE ")]
    assert len(inserts) == 2  # the duplicate and the empty file stored nothing
    with desk.engine.connect() as c:
        assert c.execute(sql("select count(*) from article")).scalar() == 2
    desk.close()


def test_a_batch_holds_the_write_lock_until_it_commits_and_rolls_back_alone(
    db_path: Path,
) -> None:
    from fact_gui.store.engine import write_connection

    desk = Desk.open(str(db_path), "x")
    conn = write_connection(desk.engine)
    conn.begin()
    conn.execute(sql("select count(*) from change_log")).scalar()  # only read so far
    assert not _other_writer_can_begin(db_path)
    _log(conn, "kept")
    with pytest.raises(RuntimeError), conn.begin_nested():
        _log(conn, "undone")
        raise RuntimeError("one source fails")
    conn.commit()
    conn.close()
    assert _other_writer_can_begin(db_path)
    assert _rows(desk) == ["kept"]
    # An ordinary connection still reads without taking the lock.
    with desk.engine.connect() as c:
        c.execute(sql("select count(*) from change_log")).scalar()
        assert _other_writer_can_begin(db_path)
    desk.close()
