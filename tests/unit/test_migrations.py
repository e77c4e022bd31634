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


def test_models_match_migrations_on_postgresql(pg_desk_url: str) -> None:
    engine = make_engine(pg_desk_url)
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


def database_at(db_path: Path, revision: str) -> None:
    """A database file created by an older fact_gui, at schema ``revision``."""
    from alembic import command

    from fact_gui.store.migrate import _config

    engine = make_engine(f"sqlite:///{db_path}")
    cfg = _config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


def test_older_database_is_upgraded_at_open_and_keeps_its_data(db_path: Path) -> None:
    database_at(db_path, "0001")
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


def test_articles_of_an_older_database_become_first_versions(db_path: Path, tmp_path: Path) -> None:
    """0005: every existing article is version 1 of its own lineage, and can get a version 2."""
    from fact_gui.services import articles, intake

    database_at(db_path, "0003")
    story = tmp_path / "story.txt"
    con = sqlite3.connect(db_path)
    for n, source in ((1, str(story)), (2, "/elsewhere/other.txt")):
        con.execute(
            "insert into article (id, title, text, text_sha256, original, original_sha256, source,"
            " source_format, encoding, imported_at, imported_by, updated_at) values"
            f" ({n}, 'Old {n}', 'Old text number {n} here.', 'h{n}', x'00', 'o', ?, 'txt', 'utf-8',"
            " '2025-01-01T00:00:00.000000Z', 'me', '2025-01-01T00:00:00.000000Z')",
            (source,),
        )
    con.commit()
    con.close()
    desk = Desk.open(str(db_path), "x")
    with desk.engine.connect() as c:
        rows = c.exec_driver_sql("select id, lineage_id, version from article order by id").all()
    assert [tuple(r) for r in rows] == [(1, 1, 1), (2, 2, 1)]
    assert [(r.id, r.lineage_id, r.versions) for r in articles.library(desk)] == [
        (1, 1, 1),
        (2, 2, 1),
    ]
    story.write_text("Old text number 1 here, and a correction.\n")
    out = intake.import_file(desk, story, keep_all=True)
    assert out.status == "imported" and out.new_version is not None
    assert (out.new_version.lineage_id, out.new_version.version) == (1, 2)
    assert [(r.lineage_id, r.versions) for r in articles.library(desk)] == [(1, 2), (2, 1)]
    desk.close()


def test_a_0005_database_gets_row_versions_and_keeps_its_text_versions(db_path: Path) -> None:
    """0006 on a versions-era file: row versions start at 1, ``version`` (lineage) untouched."""
    from fact_gui.services import claims, review

    database_at(db_path, "0005")
    con = sqlite3.connect(db_path)
    for n, version in ((1, 1), (2, 2)):
        con.execute(
            "insert into article (id, title, text, text_sha256, original, original_sha256, source,"
            " source_format, encoding, imported_at, imported_by, updated_at, lineage_id, version)"
            f" values ({n}, 'Old', 'Old text {n} here', 'h{n}', x'00', 'o', '/old.txt', 'txt',"
            " 'utf-8', '2025-01-01T00:00:00.000000Z', 'ana', '2025-01-01T00:00:00.000000Z', 1,"
            f" {version})"
        )
    con.execute(
        "insert into claim (article_id, start_offset, end_offset, tag, quote, analyst, created_at,"
        " updated_at, review, reviewed_by) values (2, 0, 3, 'confirmed', 'Old', 'ana',"
        " '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z', 'accepted', 'rev')"
    )
    con.commit()
    con.close()
    desk = Desk.open(str(db_path), "x")
    with desk.engine.connect() as c:
        arts = c.exec_driver_sql(
            "select id, lineage_id, version, row_version, updated_by from article order by id"
        ).all()
        claim = c.exec_driver_sql("select row_version, updated_by from claim").one()
    assert [tuple(r) for r in arts] == [(1, 1, 1, 1, "ana"), (2, 1, 2, 1, "ana")]
    assert tuple(claim) == (1, "rev")  # the last one known to have changed it
    # and the row versions work at once: a change on row version 1 applies, bumps it to 2
    cid = claims.current(desk, 1).row.id
    assert claims.set_note(desk, cid, "checked", if_version=1).upserted[0].row_version == 2
    assert review.status(desk, 2).row_version == 1
    desk.close()


OPEN_AT = """
import sys, time
from fact_gui.services.context import Desk
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
Desk.open(sys.argv[1], "x").close()
"""


def test_processes_opening_a_new_file_at_once_migrate_it_once(tmp_path: Path) -> None:
    """Four windows or scripts starting on one new file: one creates the schema, none fails."""
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    for attempt in range(3):
        db = tmp_path / f"new{attempt}.sqlite3"
        start = str(time.time() + 2.0)  # all four are past their imports by then
        procs = [
            subprocess.Popen([sys.executable, "-c", OPEN_AT, str(db), start], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)
        ]  # fmt: skip
        for p in procs:
            _out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        con = sqlite3.connect(db)
        assert con.execute("select version_num from alembic_version").fetchall() == [("0007",)]
        # the migrations ran once: one chain head, nothing duplicated
        assert con.execute("select count(*) from audit_head").fetchone() == (1,)
        con.close()
