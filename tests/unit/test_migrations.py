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
        assert MigrationContext.configure(c).get_current_revision() == "0007"
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


def test_older_database_is_upgraded_at_open_and_keeps_its_data(db_path: Path) -> None:
    from alembic import command

    from fact_gui.store.migrate import _config

    engine = make_engine(f"sqlite:///{db_path}")
    cfg = _config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    con = sqlite3.connect(db_path)
    con.execute(
        "insert into article (id, title, text, text_sha256, original, original_sha256, source,"
        " source_format, encoding, imported_at, imported_by, updated_at) values"
        " (1, 'Old', 'Old text here', 'h', x'00', 'o', '/old.txt', 'txt', 'utf-8',"
        " '2025-01-01T00:00:00.000000Z', 'me', '2025-01-01T00:00:00.000000Z')"
    )
    con.execute(
        "insert into claim (article_id, start_offset, end_offset, tag, quote, analyst, created_at,"
        " updated_at) values (1, 0, 3, 'confirmed', 'Old', 'me', '2025-01-01T00:00:00.000000Z',"
        " '2025-01-01T00:00:00.000000Z')"
    )
    con.commit()
    con.close()
    desk = Desk.open(str(db_path), "x")
    from fact_gui.services import articles

    info = articles.info(desk, 1)
    assert info.properties.title == "Old" and info.source_kind == "file"
    assert articles.text_and_claims(desk, 1)[1][0].quote == "Old"
    desk.close()
