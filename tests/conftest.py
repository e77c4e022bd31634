"""Shared fixtures: isolated folders, a fresh database, a real window offscreen."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.pg import REQUIRE_ENV, Cluster, PostgresUnavailable, start_cluster
from tests.fixtures.team import login, url_as

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every user folder at a temp dir: tests never touch real data or settings."""
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    from fact_gui.store.engine import default_db_path

    assert str(default_db_path()).startswith(str(home))
    # Nor the user's keyring (signing keys keep a secret there): tests, and the processes
    # they start, see a machine without one unless a test installs its own.
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(fail.Keyring())
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One PostgreSQL cluster for the whole run, started on first use."""
    try:
        cluster = start_cluster()
    except PostgresUnavailable as exc:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"PostgreSQL is required ({REQUIRE_ENV} is set) but: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield cluster
    cluster.destroy()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, empty UTF-8 database on the test cluster (dropped afterwards)."""
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A team desk set up once (schema, roles, rules), copied for each test (0.2 s, not 0.7 s)."""
    from fact_gui.services import team

    name = pg_cluster.create_database("template")
    team.init(pg_cluster.url(name))
    login(pg_cluster, "tester", "analyst", "reviewer", "admin")
    return name


@pytest.fixture
def pg_desk_url(pg_cluster: Cluster, pg_template: str) -> Iterator[str]:
    """A fresh team desk at the current schema, as the login "tester" (every role).

    Clients never migrate a team database and take their name from the login, so the
    same tests run on both engines as a person who wears every hat, bound by the rules.
    """
    name = pg_cluster.create_database(template=pg_template)
    yield pg_cluster.url(name, "tester")
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The same test on a SQLite file and on a real PostgreSQL database (at the current schema)."""
    if request.param == "sqlite":
        return str(db_path)
    return str(request.getfixturevalue("pg_desk_url"))


@pytest.fixture
def as_user(request: pytest.FixtureRequest, db_url: str):
    """``as_user(name, *roles)``: the URL ``name`` opens ``db_url``'s desk by.

    The same file on SQLite; on PostgreSQL their own login in those roles (the name comes
    from the server).
    """

    def url(name: str, *roles: str) -> str:
        if "://" not in db_url:
            return db_url
        return url_as(request.getfixturevalue("pg_cluster"), db_url, name, *roles)

    return url


@pytest.fixture
def desk(db_url: str) -> Iterator[object]:
    from fact_gui.services.context import Desk

    d = Desk.open(db_url, "tester")
    yield d
    d.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def db_state(path: Path) -> dict[str, str]:
    """Digests of the database file and its WAL/SHM companions (absent ones omitted)."""
    out = {}
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            out[suffix or "db"] = file_digest(p)
    return out


@pytest.fixture
def alerts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Messages the window would show in a dialog, captured instead."""
    from fact_gui.ui.dialogs import Alerts

    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        Alerts,
        "show",
        classmethod(
            lambda cls, parent, title, text, details="": seen.append((title, text, details))
        ),
    )
    return seen


@pytest.fixture
def summaries(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Batch summaries the window would show in a modal dialog, captured instead."""
    from fact_gui.ui.intake.dialogs import BatchSummary, ImportPreview

    seen: list[object] = []
    monkeypatch.setattr(
        BatchSummary, "show_report", classmethod(lambda cls, parent, report: seen.append(report))
    )

    def unexpected(cls, parent, prepared):
        raise AssertionError(
            f"unexpected import preview for {prepared.source}; answer it in the test"
        )

    monkeypatch.setattr(ImportPreview, "ask", classmethod(unexpected))
    return seen


@pytest.fixture
def make_window(qtbot, tmp_path: Path, alerts, summaries):
    """Factory: a real MainWindow attached to a database, shown offscreen."""
    from PySide6.QtWidgets import QApplication

    from fact_gui.services.context import Desk
    from fact_gui.ui.app import build_window, make_app
    from fact_gui.ui.settings import Settings
    from tests.gui.helpers import settle

    desks = []

    def factory(db: Path, user: str = "tester", settings: Path | None = None):
        app = make_app()
        window = build_window(app, Settings(settings or tmp_path / "settings.ini"))
        qtbot.addWidget(window)
        window.show()
        # Shortcuts (1/2/3, Delete, Ctrl+Z) go to the active window only.
        window.activateWindow()
        window.windowHandle().requestActivate()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        d = Desk.open(str(db), user)
        desks.append(d)
        window.attach(d)
        settle(window)  # the library loaded, the last article reopened
        return window

    yield factory
    for d in desks:
        d.close()


@pytest.fixture
def window(make_window, db_path: Path):
    return make_window(db_path)
