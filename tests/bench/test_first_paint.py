"""Benchmark: process start to the main window's first paint, against a bare Qt window."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.bench.benchkit import Figures

WARMUPS = 1
REPS = 7
LIMIT_MS = 250.0

# The floor: Python + PySide6 + an empty QMainWindow of the app's size, reporting the
# first paint the same way fact_gui.ui.app does (right after the Paint event is handled).
RAW_SCRIPT = '''\
"""Bare first paint: QApplication + QMainWindow, print the time after the first Paint."""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    done = False

    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, report)
        return False


def report():
    print(f"first-paint {time.time():.6f}", flush=True)
    app.quit()


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1500, 900)
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
'''


def _first_paint(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from just before Popen to the ``first-paint <time>`` line the child prints."""
    t0 = time.time()
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, f"{argv} exited {proc.returncode}: {err}"
    lines = [ln for ln in out.splitlines() if ln.startswith("first-paint ")]
    assert lines, f"{argv} printed no first-paint line; stdout={out!r} stderr={err!r}"
    return float(lines[0].split()[1]) - t0


def test_first_paint(bench_env: dict[str, str], tmp_path: Path) -> None:
    from fact_gui.ui.app import PAINT_PROBE_ENV

    env = {**bench_env, "QT_QPA_PLATFORM": "offscreen", PAINT_PROBE_ENV: "1"}
    # As installed (pip compiles bytecode on install): the warm-up launch writes the
    # bytecode cache (to a temp folder, not the source tree), the timed ones read it.
    # Without one every launch would compile the package from source first.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    db = tmp_path / "fp.db"
    app_argv = [sys.executable, "-m", "fact_gui", "--db", str(db)]
    script = tmp_path / "bare_window.py"
    script.write_text(RAW_SCRIPT, encoding="utf-8")
    raw_argv = [sys.executable, str(script)]

    app_s: list[float] = []
    raw_s: list[float] = []
    for rep in range(WARMUPS + REPS):
        a = _first_paint(app_argv, env)
        r = _first_paint(raw_argv, env)
        if rep >= WARMUPS:
            app_s.append(a)
            raw_s.append(r)
    # The probe quits before the database is opened: nothing was created.
    assert not db.exists()

    fig = Figures("first_paint: process start -> first window paint", app_s, raw_s)
    fig.report(
        limit=f"median <= {LIMIT_MS:.0f} ms",
        extra="raw = bare QMainWindow script; both with their bytecode cached, as installed",
    )
    assert fig.app_median * 1000 <= LIMIT_MS, (
        f"median {fig.app_median * 1000:.1f} ms > {LIMIT_MS} ms"
    )
