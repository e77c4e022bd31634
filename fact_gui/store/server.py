"""What a PostgreSQL server says about a connection: who, in which groups, schema, encoding."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

# The desk's group roles on the server, by the workflow role each stands for.
GROUP_PREFIX = "factgui_"
# Server-side text functions count characters only in a UTF8 database.
ENCODING = "UTF8"


@dataclass(frozen=True)
class ServerIdentity:
    """The facts a team desk is opened on."""

    user: str  # current_user: the login the server authenticated
    groups: frozenset[str]  # "analyst", "reviewer", "admin" (group roles without the prefix)
    encoding: str
    revision: str | None  # alembic's schema revision, None on a database fact_gui never set up
    security_version: int | None  # of store/pg_security.py, as last applied by team init/upgrade
    superuser: bool


def _setting(conn: Connection, table: str, name: str) -> str | None:
    readable = conn.execute(
        text(
            "SELECT to_regclass(:t) IS NOT NULL "
            "AND has_table_privilege(current_user, to_regclass(:t), 'SELECT')"
        ),
        {"t": table},
    ).scalar()
    if not readable:
        return None
    if table == "alembic_version":
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return conn.execute(
        text("SELECT value FROM desk_setting WHERE name = :n"), {"n": name}
    ).scalar()


def read_identity(conn: Connection) -> ServerIdentity:
    row = conn.execute(
        text(
            "SELECT current_user, current_setting('server_encoding'), "
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
        )
    ).one()
    groups = conn.execute(
        text(
            "SELECT substr(rolname, :n) FROM pg_roles WHERE rolname LIKE :p "
            "AND pg_has_role(current_user, oid, 'MEMBER')"
        ),
        {"n": len(GROUP_PREFIX) + 1, "p": GROUP_PREFIX.replace("_", r"\_") + "%"},
    ).scalars()
    security = _setting(conn, "desk_setting", "security_version")
    return ServerIdentity(
        user=str(row[0]),
        groups=frozenset(str(g) for g in groups),
        encoding=str(row[1]),
        revision=_setting(conn, "alembic_version", ""),
        security_version=int(security) if security and security.isdigit() else None,
        superuser=bool(row[2]),
    )


def identity(engine: Engine) -> ServerIdentity:
    with engine.connect() as conn:
        return read_identity(conn)
