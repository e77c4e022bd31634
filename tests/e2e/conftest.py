"""Run fact-gui as a subprocess with isolated folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def run(isolated_home: Path):
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(isolated_home / var.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"

    def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fact_gui", *args],
            capture_output=True, text=True, env=env, timeout=timeout, check=False,
        )  # fmt: skip

    _run.env = env  # type: ignore[attr-defined]
    return _run
