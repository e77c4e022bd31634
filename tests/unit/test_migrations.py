"""Schema management: fresh databases, models matching migrations, newer schemas refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from fact_gui.domain.errors import SchemaTooNew
from fact_gui.services.context import Desk
from fact_gui.store import models  # noqa: F401
from fact_gui.store.engine import make_engine
from fact_gui.store.migrate import ensure_schema
from tests.conftest import db_state


def test_new_database_gets_head_and_pragmas(db_path: Path) -> None:
    desk = Desk.open(str(db_path), "x")
    with desk.engine.connect() as c:
        assert MigrationContext.configure(c).get_current_revision() == "0001"
        raw = c.connection.dbapi_connection
        assert raw is not None
        assert raw.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert raw.execute("pragma foreign_keys").fetchone()[0] == 1
        assert raw.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL
    desk.close()


def test_models_match_migrations(db_path: Path) -> None:
    engine = make_engine(f"sqlite:///{db_path}")
    ensure_schema(engine)
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_empty_file_is_upgraded(db_path: Path) -> None:
    sqlite3.connect(db_path).close()
    assert Desk.open(str(db_path), "x").engine.url.database == str(db_path)


def test_newer_database_is_refused_and_untouched(db_path: Path) -> None:
    Desk.open(str(db_path), "x").close()
    con = sqlite3.connect(db_path)
    con.execute("update alembic_version set version_num = '9999_future'")
    con.commit()
    con.close()
    before = db_state(db_path)
    with pytest.raises(SchemaTooNew, match="newer version of fact_gui"):
        Desk.open(str(db_path), "x")
    assert db_state(db_path) == before


def test_foreign_database_is_refused(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("create table something (x)")
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNew, match="not created by fact_gui"):
        Desk.open(str(db_path), "x")
