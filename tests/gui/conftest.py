"""GUI test fixtures: the window's tests run on a SQLite file; team GUI tests ask for PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_url(db_path: Path) -> str:
    """One engine for GUI tests (the services under them run on both in tests/unit)."""
    return str(db_path)
