"""Engine creation: the database location, SQLite pragmas and the transaction scopes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlmodel import Session

DB_FILENAME = "fact_gui.sqlite3"


def default_db_path() -> Path:
    """The embedded default: a SQLite file in the user's data folder."""
    from platformdirs import user_data_path

    return user_data_path("fact_gui", appauthor=False) / DB_FILENAME


def database_url(db: str | None) -> str:
    """``--db`` value (a file path or a SQLAlchemy URL) -> URL."""
    if not db:
        return f"sqlite:///{default_db_path()}"
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


# Execution option naming how a SQLite transaction begins (DEFERRED or IMMEDIATE).
_BEGIN = "fact_gui_sqlite_begin"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling is off: it would BEGIN lazily at the
    # first INSERT/UPDATE, after the SELECT that decided the change, and skip
    # SAVEPOINT and DDL. SQLAlchemy emits BEGIN instead (_sqlite_begin).
    dbapi_conn.isolation_level = None
    # WAL + NORMAL: a commit per user action is cheap, and a crash loses at
    # most the transaction in flight, never the file's integrity.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    # Writers queue for the lock by polling, not in turn: with ten busy writers one can
    # wait seconds (measured: past 5 s on a loaded two-core machine). Waiting happens off
    # the GUI thread, and a longer wait beats a "database is locked" failure.
    cur.execute("PRAGMA busy_timeout=20000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # A write takes the file's write lock at BEGIN (IMMEDIATE), so the read that
    # decides it (versions, state) cannot be overtaken by another writer; reads
    # begin DEFERRED and never block writers (WAL).
    conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get(_BEGIN, 'DEFERRED')}")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite the folder is created and pragmas are set."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def write_connection(engine: Engine) -> Connection:
    """A connection whose transactions are writes: on SQLite they begin IMMEDIATE.

    For a write spanning many statements and savepoints on one Connection (a batch
    import: ``conn.begin()`` … ``conn.commit()``), so it reads what it decides on under
    the write lock, like every ``transaction()`` write.
    """
    conn = engine.connect()
    if engine.dialect.name == "sqlite":
        conn.execution_options(**{_BEGIN: "IMMEDIATE"})
    return conn


@contextmanager
def transaction(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any exception.

    A ``write`` transaction on SQLite starts with ``BEGIN IMMEDIATE`` (one writer
    at a time, waiting up to the busy timeout); on PostgreSQL the services lock
    the rows they decide on (``SELECT … FOR UPDATE``). ``write=False`` is for
    reads: a consistent snapshot that blocks nobody. ``session.begin_nested()``
    savepoints work inside either.
    """
    with Session(engine, expire_on_commit=False) as session:
        if engine.dialect.name == "sqlite":
            session.connection(execution_options={_BEGIN: "IMMEDIATE" if write else "DEFERRED"})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
