"""The open desk: a database engine and the person working on it."""

from __future__ import annotations

import getpass
import secrets
from dataclasses import dataclass, field

from sqlalchemy import Engine

from fact_gui.domain.workflow import EVERY_ROLE, Role
from fact_gui.store.engine import database_url, make_engine
from fact_gui.store.migrate import ensure_schema


def default_user() -> str:
    """The login name, or a neutral fallback where there is none."""
    try:
        return getpass.getuser() or "analyst"
    except (KeyError, OSError):
        return "analyst"


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

    @classmethod
    def open(cls, db: str | None = None, user: str | None = None) -> Desk:
        """Open (creating or upgrading) the database named by ``--db``."""
        url = database_url(db)
        engine = make_engine(url)
        try:
            ensure_schema(engine)
        except BaseException:
            engine.dispose()  # close the file so it is left exactly as it was
            raise
        return cls(engine=engine, user=(user or "").strip() or default_user(), url=url)

    def close(self) -> None:
        self.engine.dispose()
