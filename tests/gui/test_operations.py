"""Database work on the desk's worker: in order, off the GUI thread, busy after a while, failures said once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from fact_gui.domain.errors import NotFound
from fact_gui.ui.operations import BUSY_AFTER_MS, Operations, describe


@pytest.fixture
def ops(qtbot, desk, alerts):
    parent = QWidget()
    qtbot.addWidget(parent)
    o = Operations(parent)
    o.attach(desk)
    yield o
    o.shutdown()


def wait(ops: Operations, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not ops.idle():
        assert time.monotonic() < deadline
        QTest.qWait(2)


def test_work_runs_in_order_on_one_worker_thread(ops) -> None:
    ran: list[tuple[int, str]] = []
    back: list[tuple[int, str]] = []
    for i in range(30):
        make = ops.write if i % 3 else ops.read

        def work(_desk, i: int = i) -> int:
            ran.append((i, threading.current_thread().name))
            time.sleep(0.001 * (i % 4))
            return i

        make(work, f"step {i}").success(
            lambda n: back.append((n, threading.current_thread().name))
        ).run()
    wait(ops)
    assert [i for i, _ in ran] == list(range(30)) == [n for n, _ in back]
    assert {t for _, t in ran} == {"fact_gui-db"}
    assert {t for _, t in back} == {threading.main_thread().name}


def test_a_failure_is_reported_once_in_words(ops, alerts) -> None:
    def missing(_desk):
        raise NotFound("article 99 does not exist")

    states: list[tuple[str, str]] = []
    ops.saveStateChanged.connect(lambda s, d: states.append((s, d)))
    ops.write(missing, "Saving").run()
    ops.read(missing, "Opening the article").run()
    handled: list[Exception] = []
    ops.read(missing, "Quiet").failure(handled.append).run()
    wait(ops)
    assert alerts == [("Not saved", "article 99 does not exist", ""),
                      ("Opening the article failed", "article 99 does not exist", "")]  # fmt: skip
    assert len(handled) == 1 and ("failed", "article 99 does not exist") in states


def test_busy_shows_only_for_slow_work(ops, qtbot) -> None:
    shown: list[str] = []
    ops.busyChanged.connect(shown.append)
    ops.read(lambda _d: time.sleep(0.01), "Quick").run()
    wait(ops)
    assert shown == []
    ops.read(lambda _d: time.sleep(BUSY_AFTER_MS / 1000 + 0.3), "Slow").run()
    ops.read(lambda _d: None, "Next").run()
    qtbot.waitUntil(lambda: shown[:1] == ["Slow"], timeout=2000)
    wait(ops)
    assert shown[-1] == ""  # hidden again once everything is done


def test_saved_only_after_the_commit(ops) -> None:
    states: list[str] = []
    ops.saveStateChanged.connect(lambda s, _d: states.append(s))
    gate = threading.Event()
    ops.write(lambda _d: gate.wait(5), "Saving").run()
    QTest.qWait(50)
    assert states == ["saving"]
    gate.set()
    wait(ops)
    assert states == ["saving", "saved"]


def test_shutdown_lets_queued_writes_finish(qtbot, desk) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    o = Operations(parent)
    o.attach(desk)
    done: list[int] = []
    for i in range(5):

        def slow(_desk, i: int = i) -> None:
            time.sleep(0.02)
            done.append(i)

        o.write(slow, "w").run()
    assert o.shutdown(timeout_s=5)
    assert done == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (NotFound("claim 3 does not exist"), "claim 3 does not exist"),
        (ValueError("bad"), "ValueError: bad"),
    ],
)
def test_describe(exc: Exception, words: str) -> None:
    assert describe(exc) == words


def test_the_window_paints_before_the_database_layer_is_imported(tmp_path: Path) -> None:
    """First paint must not wait for SQLAlchemy (~340 ms): no UI module imports it up front."""
    code = (
        "import sys; import fact_gui.ui.app, fact_gui.ui.main_window; "
        "bad = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
