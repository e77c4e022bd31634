"""Transactions: SQLite writes lock at BEGIN, reads block nobody, savepoints roll back alone."""

from __future__ import annotations

import sqlite3
import threading
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


def _rows(desk: Desk) -> list[str]:
    with desk.engine.connect() as c:
        return [r[0] for r in c.execute(sql("select actor from change_log order by seq"))]


def _log(s, actor: str) -> None:
    s.execute(
        sql("insert into change_log (at, desk, actor, payload) values ('t', 'd', :a, '{}')"),
        {"a": actor},
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
        _log(s, "0")

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
    assert _rows(desk) == ["200"]
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
