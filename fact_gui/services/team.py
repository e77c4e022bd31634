"""Team desks on PostgreSQL: set one up, upgrade it, add people in roles, set desk rules.

Only ``init`` and ``upgrade`` migrate a team database, under a transaction-scoped advisory
lock so two of them never migrate at once; ordinary clients refuse a schema that is not
theirs (services/context.py). Everything runs in one transaction: a failed set-up leaves
the database as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, inspect, text
from sqlmodel import Session

from fact_gui.domain.errors import SchemaTooNew
from fact_gui.domain.workflow import Do, Role, Situation, State, check
from fact_gui.services.audit import record
from fact_gui.services.context import Desk, TeamDeskError
from fact_gui.store import pg_security
from fact_gui.store.engine import database_url, make_engine, transaction
from fact_gui.store.migrate import revisions, upgrade_on
from fact_gui.store.models import DeskSetting
from fact_gui.store.server import ENCODING, GROUP_PREFIX, read_identity

# pg_advisory_xact_lock key for migrations ("factgui1" as a big-endian integer).
MIGRATION_LOCK = int.from_bytes(b"factgui1", "big")
# Login names: what a newsroom uses for people, safe in a URL, within PostgreSQL's 63 bytes.
NAME = re.compile(r"[a-z_][a-z0-9_.-]{0,62}")


@dataclass(frozen=True)
class SetUp:
    """What ``init``/``upgrade`` did."""

    url: str
    before: str | None  # schema revision before (None: a new desk)
    after: str
    admin: str | None = None


def _team_engine(url: str) -> Engine:
    engine = make_engine(database_url(url))
    if engine.dialect.name != "postgresql":
        engine.dispose()
        raise TeamDeskError(
            f"{url}: a team desk is a PostgreSQL database (postgresql+psycopg://…); "
            "a local desk file needs no set-up"
        )
    return engine


def _raw(conn: Connection):  # type: ignore[no-untyped-def]
    """The psycopg connection under ``conn`` (same transaction), for DDL SQLAlchemy cannot bind."""
    return conn.connection.driver_connection


def _migrate(url: str, *, new: bool, admin: str | None, password: str | None) -> SetUp:
    engine = _team_engine(url)
    shown = engine.url.render_as_string()
    head, known = revisions(engine)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            who = read_identity(conn)
            if who.encoding != ENCODING:
                raise TeamDeskError(
                    f"{shown}: the database's encoding is {who.encoding}; fact_gui needs "
                    f"{ENCODING}: create it with ENCODING 'UTF8' TEMPLATE template0"
                )
            before = who.revision
            if before is not None and before not in known:
                raise SchemaTooNew(
                    f"{shown}: the desk's schema ({before}) is newer than this fact_gui ({head})"
                )
            if new and before is not None and before != head:
                raise TeamDeskError(
                    f"{shown}: already a team desk at schema {before}: "
                    "run fact-gui team upgrade URL to bring it to " + head
                )
            if not new and before is None:
                raise TeamDeskError(f"{shown}: not a team desk yet: run fact-gui team init URL")
            if before is None and inspect(conn).get_table_names():
                raise TeamDeskError(
                    f"{shown}: the database has tables but no fact_gui schema: "
                    "set up a team desk in an empty database"
                )
            upgrade_on(engine, conn)
            _raw(conn).execute(pg_security.script())
            if admin:
                _create_login(conn, admin, Role.ADMIN, password)
    finally:
        engine.dispose()
    return SetUp(shown, before, head, admin)


def init(url: str, admin: str | None = None, password: str | None = None) -> SetUp:
    """Create the schema, the group roles and the rules (and optionally a first admin login)."""
    return _migrate(url, new=True, admin=admin, password=password)


def upgrade(url: str) -> SetUp:
    """Bring a team desk to this client's schema and rules (run by its owner or a superuser)."""
    return _migrate(url, new=False, admin=None, password=None)


def _valid_name(name: str) -> str:
    name = name.strip()
    if not NAME.fullmatch(name):
        raise TeamDeskError(
            f"{name!r} is not a usable login name: lower-case letters, digits, '_', '.', '-', "
            "starting with a letter or '_', at most 63 characters"
        )
    if name.startswith(GROUP_PREFIX) or name in ("postgres", "public"):
        raise TeamDeskError(f"{name!r} is reserved")
    return name


def _create_login(conn: Connection, name: str, role: Role, password: str | None) -> bool:
    """Create login ``name`` in ``role``'s group (or add the group to an existing login)."""
    from psycopg import sql

    name = _valid_name(name)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    raw = _raw(conn)
    if not exists:
        # Admins add people, so they need CREATEROLE (an attribute: groups cannot pass it on).
        create = sql.SQL("CREATE ROLE {} LOGIN" + (" CREATEROLE" if role is Role.ADMIN else ""))
        stmt = create.format(sql.Identifier(name))
        if password:
            stmt = sql.SQL("{} PASSWORD {}").format(stmt, sql.Literal(password))
        raw.execute(stmt)
    elif password:
        raw.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(password))
        )
    if role is Role.ADMIN and exists:
        raw.execute(sql.SQL("ALTER ROLE {} CREATEROLE").format(sql.Identifier(name)))
    raw.execute(
        sql.SQL("GRANT {} TO {}").format(
            sql.Identifier(GROUP_PREFIX + role.value), sql.Identifier(name)
        )
    )
    return not exists


def add_user(desk: Desk, name: str, role: Role, password: str | None = None) -> bool:
    """An admin adds a person (a login role in the group of ``role``); True if newly created."""
    _need_team(desk)
    check(Do.MANAGE_DESK, Situation(State.NEW, roles=desk.roles))
    with transaction(desk.engine) as s:
        created = _create_login(s.connection(), name, role, password)
        record(s, desk.user, "team.add_user", after={"name": name.strip(), "role": role.value})
        return created


@dataclass(frozen=True)
class Member:
    name: str
    roles: tuple[str, ...]
    can_login: bool


def users(desk: Desk) -> list[Member]:
    """Everyone in a desk group, with their roles."""
    _need_team(desk)
    with desk.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT m.rolname, array_agg(substr(g.rolname, :n) ORDER BY g.rolname), "
                "m.rolcanlogin FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
                "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname LIKE :p "
                "GROUP BY m.rolname, m.rolcanlogin ORDER BY m.rolname"
            ),
            {"n": len(GROUP_PREFIX) + 1, "p": GROUP_PREFIX.replace("_", r"\_") + "%"},
        )
        return [Member(r[0], tuple(r[1]), bool(r[2])) for r in rows]


SELF_REVIEW = "allow_self_review"


def self_review_allowed(s: Session, desk: Desk) -> bool:
    """On a team desk, whether a reviewer may sign off claims they made (admins decide)."""
    if not desk.team:
        return True  # a local desk leaves it to the person (the window's setting)
    found = s.get(DeskSetting, SELF_REVIEW)
    return found is not None and found.value == "on"


def set_self_review(desk: Desk, on: bool) -> None:
    _need_team(desk)
    check(Do.MANAGE_DESK, Situation(State.NEW, roles=desk.roles))
    with transaction(desk.engine) as s:
        found = s.get(DeskSetting, SELF_REVIEW)
        before = found.value if found else None
        value = "on" if on else "off"
        if found is None:
            s.add(DeskSetting(name=SELF_REVIEW, value=value))
        else:
            found.value = value
        record(s, desk.user, "desk.setting", before={SELF_REVIEW: before},
               after={SELF_REVIEW: value})  # fmt: skip


def _need_team(desk: Desk) -> None:
    if not desk.team:
        raise TeamDeskError(
            "this is a local desk (one person, every role): people and roles are managed "
            "on a team database (PostgreSQL)"
        )
