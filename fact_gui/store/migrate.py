"""Schema versioning with alembic: upgrade older databases, refuse newer ones."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, inspect

from fact_gui.domain.errors import SchemaTooNew
from fact_gui.store.engine import write_connection

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolation would read a URL-encoded password's "%" as a reference.
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def revisions(engine: Engine) -> tuple[str, set[str]]:
    """The newest schema revision this version knows, and every revision it knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config(engine))
    head = script.get_current_head()
    assert head is not None
    return head, {rev.revision for rev in script.walk_revisions()}


def upgrade_on(engine: Engine, conn: Connection) -> None:
    """Run the migrations to the head on ``conn``, inside the caller's transaction."""
    from alembic import command

    cfg = _config(engine)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def ensure_schema(engine: Engine) -> str:
    """Bring the database to the newest schema this version knows; return its revision.

    Raises SchemaTooNew for a database written by a newer fact_gui, and
    leaves it untouched. Two processes opening a new or older file at once take
    turns: the upgrade runs in a write transaction (IMMEDIATE on SQLite) that reads
    the revision again, so the second finds the work done instead of redoing it.
    """
    from alembic.runtime.migration import MigrationContext

    head, known = revisions(engine)
    with engine.connect() as conn:  # the usual case, up to date: no write lock taken
        if MigrationContext.configure(conn).get_current_revision() == head:
            return head
    with write_connection(engine) as conn, conn.begin():
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return head  # another process upgraded it while this one waited
        if current is not None and current not in known:
            raise SchemaTooNew(
                f"{engine.url.render_as_string()}: this database was written by a newer version "
                f"of fact_gui (schema revision {current}); this version knows up to {head}. "
                "Upgrade fact_gui to open it."
            )
        if current is None and inspect(conn).get_table_names():
            raise SchemaTooNew(
                f"{engine.url.render_as_string()}: the database has tables but no schema "
                "revision; it was not created by fact_gui."
            )
        upgrade_on(engine, conn)
    return head
