"""The open desk: a database engine and the person working on it."""

from __future__ import annotations

import getpass
import secrets
from dataclasses import dataclass, field

from sqlalchemy import Engine

from fact_gui.domain.errors import FactGuiError, SchemaTooNew
from fact_gui.domain.workflow import EVERY_ROLE, Role
from fact_gui.store.engine import database_url, make_engine
from fact_gui.store.migrate import ensure_schema, revisions
from fact_gui.store.pg_security import SECURITY_VERSION
from fact_gui.store.server import ENCODING, ServerIdentity, identity


class TeamDeskError(FactGuiError):
    """A team database this client cannot (or may not) work on as it is; says who can fix it."""


def default_user() -> str:
    """The login name, or a neutral fallback where there is none."""
    try:
        return getpass.getuser() or "analyst"
    except (KeyError, OSError):
        return "analyst"


def is_team(db: str | None) -> bool:
    """Whether ``--db`` names a team database, where the login is who is working."""
    return database_url(db).split(":", 1)[0].startswith("postgresql")


@dataclass
class Desk:
    """Everything a service needs: where the data lives and who is acting."""

    engine: Engine
    user: str
    url: str
    # What this person may do; a local desk grants every role (one person, every hat).
    roles: frozenset[Role] = EVERY_ROLE
    # Names this open desk in the changes it announces, so its own live listener skips them
    # and other windows of the same person can tell them from their own.
    token: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def team(self) -> bool:
        """A team database: the server authenticates who is working and enforces the roles."""
        return self.engine.dialect.name == "postgresql"

    @classmethod
    def open(cls, db: str | None = None, user: str | None = None) -> Desk:
        """Open the database named by ``--db``.

        A local (SQLite) desk is created or upgraded as needed and ``user`` names who is
        working. On a team database (PostgreSQL) nothing is migrated and the name is the
        database login: ``user`` may only repeat it.
        """
        url = database_url(db)
        engine = make_engine(url)
        try:
            if engine.dialect.name == "postgresql":
                return cls._open_team(engine, url, (user or "").strip())
            ensure_schema(engine)
        except BaseException:
            engine.dispose()  # close the file so it is left exactly as it was
            raise
        return cls(engine=engine, user=(user or "").strip() or default_user(), url=url)

    @classmethod
    def _open_team(cls, engine: Engine, url: str, user: str) -> Desk:
        who = identity(engine)
        check_team_database(who, engine, shown=engine.url.render_as_string())
        if user and user != who.user:
            raise TeamDeskError(
                f"--user {user} is not accepted on a team database: you are {who.user}, the "
                "database login; everything you do is recorded under that name"
            )
        roles = EVERY_ROLE if who.superuser else frozenset(Role(g) for g in who.groups)
        return cls(engine=engine, user=who.user, url=url, roles=roles)

    def close(self) -> None:
        self.engine.dispose()


def check_team_database(who: ServerIdentity, engine: Engine, shown: str) -> None:
    """Refuse a team database this client must not use as it is, saying who can fix it."""
    if who.encoding != ENCODING:
        raise TeamDeskError(
            f"{shown}: the database's encoding is {who.encoding}; fact_gui needs {ENCODING} "
            "(create it with ENCODING 'UTF8') so that offsets count characters"
        )
    if not who.superuser and not who.groups & {r.value for r in Role}:
        raise TeamDeskError(
            f"{shown}: {who.user} is not a member of this desk (no fact_gui role); "
            f"ask an admin to run: fact-gui team add-user {who.user} --role analyst|reviewer|admin"
        )
    head, known = revisions(engine)
    if who.revision is None:
        raise TeamDeskError(
            f"{shown}: this database is not set up as a fact_gui team desk; "
            "an admin sets it up with: fact-gui team init URL"
        )
    if who.revision not in known:
        raise SchemaTooNew(
            f"{shown}: this team database uses a newer fact_gui schema (revision {who.revision}; "
            f"this client knows up to {head}): install the newer fact_gui to work on it"
        )
    if who.revision != head or (who.security_version or 0) < SECURITY_VERSION:
        raise TeamDeskError(
            f"{shown}: this team database is at schema {who.revision} (security rules "
            f"{who.security_version or 0}); this client needs {head} (rules {SECURITY_VERSION}). "
            "Clients never migrate a team database: ask an admin to run: fact-gui team upgrade URL"
        )
    if (who.security_version or 0) > SECURITY_VERSION:
        raise SchemaTooNew(
            f"{shown}: this team database's security rules ({who.security_version}) are newer "
            f"than this client's ({SECURITY_VERSION}): install the newer fact_gui"
        )
