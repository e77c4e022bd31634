"""Intake in the window: preview of a copied page, paste, links, drops, batches, provenance."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from fact_gui.services import articles, intake
from fact_gui.ui.dialogs import FilePicker, PropertiesDialog
from fact_gui.ui.intake.dialogs import ImportPreview
from tests.conftest import SEEDS
from tests.fixtures.documents import STORY, news_page
from tests.fixtures.server import Routes, serve
from tests.gui.helpers import import_files, press, settle

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def caret_at(dlg: ImportPreview, offset: int) -> None:
    c = dlg.view.textCursor()
    c.setPosition(offset)
    dlg.view.setTextCursor(c)


def test_preview_of_the_copied_seed_page(qtbot) -> None:
    prepared = intake.prepare(str(SEEDS[0]))
    dlg = ImportPreview(None, prepared)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    dlg.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg, timeout=3000)
    text = prepared.extracted.text
    start, end = dlg.body
    assert text[start:end].startswith("U.S. officials have confirmed")
    assert text[start:end].endswith("deployment of North Korean forces.")
    # what is trimmed is struck through, what is kept is not
    c = QTextCursor(dlg.view.document())
    c.setPosition(3)
    assert c.charFormat().fontStrikeOut()
    c.setPosition(start + 3)
    assert not c.charFormat().fontStrikeOut()
    assert "10 paragraphs" in dlg.summary.text()
    assert dlg.title_edit.text().startswith("U.S. Drops Bombshell")
    assert dlg.author_edit.text() == "Daniel Kim"
    # the analyst moves the start to a later paragraph, by keyboard
    dlg.view.setFocus()
    caret_at(dlg, text.index("Ryder explained") + 5)
    QTest.keyClick(dlg, Qt.Key.Key_BracketLeft, CTRL)
    assert dlg.body == (text.index("Ryder explained"), end)
    caret_at(dlg, text.index("John Kirby, the National Security") + 10)  # ends with its line
    QTest.keyClick(dlg, Qt.Key.Key_BracketRight, CTRL)
    assert text[slice(*dlg.body)].endswith("precise figures are not available.")
    QTest.keyClick(dlg, Qt.Key.Key_A, CTRL | SHIFT)
    assert dlg.body == (0, len(text))
    QTest.keyClick(dlg, Qt.Key.Key_R, CTRL)
    assert dlg.body == (start, end)
    dlg.published_edit.setText("17/12/2024")
    dlg._check()
    assert "2024-12-17" in dlg.error.text() and dlg.result() == 0
    dlg.published_edit.setText("2024-12-16")
    answer = dlg.answer()
    assert answer.body == (start, end) and str(answer.published) == "2024-12-16"


def test_paste_as_new_article(window, monkeypatch) -> None:
    asked = []

    def accept(cls, parent, prepared):
        asked.append(prepared)
        return intake.Overrides(body=prepared.extracted.body)

    monkeypatch.setattr(ImportPreview, "ask", classmethod(accept))
    QGuiApplication.clipboard().setText(SEEDS[0].read_text(encoding="utf-8"))
    window.panels.article.view.setFocus()
    press(window, Qt.Key.Key_V, CTRL | SHIFT)
    assert len(asked) == 1 and asked[0].kind == "clipboard"
    assert window.panels.article.view.text.startswith("U.S. officials have confirmed")
    info = articles.info(window.desk, window.selection.article_id)
    assert info.source_kind == "clipboard"
    assert (
        info.properties.title.startswith("U.S. Drops Bombshell")
        and info.properties.author == "Daniel Kim"
    )
    # HTML on the clipboard goes through the page extractor
    mime = QMimeData()
    mime.setHtml(news_page(title="Pasted page"))
    mime.setText("fallback")
    QGuiApplication.clipboard().setMimeData(mime)
    press(window, Qt.Key.Key_V, CTRL | SHIFT)
    assert asked[-1].format_name == "html"
    assert (
        window.panels.article.view.text.split("\n")[-4:] == STORY
        or STORY[0] in window.panels.article.view.text
    )


def test_cancelled_preview_saves_nothing(window, monkeypatch) -> None:
    monkeypatch.setattr(ImportPreview, "ask", classmethod(lambda cls, parent, prepared: None))
    QGuiApplication.clipboard().setText(SEEDS[0].read_text(encoding="utf-8"))
    press(window, Qt.Key.Key_V, CTRL | SHIFT)
    assert window.panels.library.model.rowCount() == 0
    assert "nothing was saved" in window.statusBar().currentMessage()


def test_import_from_link(window, qtbot, monkeypatch) -> None:
    import fact_gui.ui.intake.dialogs as dialogs

    with serve(Routes({"/story": (200, "text/html; charset=utf-8", news_page().encode())})) as base:
        monkeypatch.setattr(dialogs, "ask_url", lambda parent: f"{base}/story")
        press(window, Qt.Key.Key_L, CTRL | SHIFT)
        qtbot.waitUntil(lambda: window.panels.library.model.rowCount() == 1, timeout=10_000)
        settle(window)
    info = articles.info(window.desk, window.selection.article_id)
    assert info.source_kind == "url" and info.fetched_at
    assert info.properties.outlet == "The Daily Example"
    assert STORY[0] in window.panels.article.view.text


def test_drop_a_folder_runs_a_batch_and_the_window_stays_responsive(
    window, qtbot, summaries, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    for n in range(intake.PARALLEL_MIN + 4):
        paras = [f"Item {n}. " + p for p in STORY]
        (folder / f"{n:02}.html").write_text(
            news_page(title=f"Dropped {n}", paragraphs=paras, url=f"https://news.example.org/{n}"),
            encoding="utf-8",
        )
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    ev = QDropEvent(QPointF(QPoint(300, 300)), Qt.DropAction.CopyAction, mime,
                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    window.panels.intake.drop(ev)  # what the window does with a drop
    qtbot.waitUntil(lambda: len(summaries) == 1, timeout=60_000)
    settle(window)
    timer.stop()
    report = summaries[0]
    assert (
        report.summary() == f"{intake.PARALLEL_MIN + 4} imported, 1 skipped (not an article format)"
    )
    assert window.panels.library.model.rowCount() == intake.PARALLEL_MIN + 4
    # the event loop kept running while the batch worked (no frozen window)
    assert len(ticks) >= 5


def test_cancel_a_batch_from_its_progress_dialog(
    window, qtbot, summaries, tmp_path: Path, monkeypatch
) -> None:
    import time

    real_store = intake._store

    def slow_store(*args, **kwargs):
        time.sleep(0.02)  # a slow disk: the batch must still be running when Cancel comes
        return real_store(*args, **kwargs)

    # What a batch stores each file with (intake.save, patched here before, is for one file:
    # the batch was only slow enough because its workers took half a second to start).
    monkeypatch.setattr(intake, "_store", slow_store)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(60):
        (folder / f"{n:02}.txt").write_text(
            f"Headline {n}\n\n" + "\n\n".join(f"{n}: {p}" for p in STORY), encoding="utf-8"
        )
    window.panels.intake.import_batch([str(folder)])
    dialog = window.findChild(QProgressDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.value() >= 1, timeout=20_000)
    dialog.findChild(QPushButton).click()  # what the user clicks
    qtbot.waitUntil(lambda: len(summaries) == 1, timeout=20_000)
    settle(window)
    report = summaries[0]
    assert report.cancelled and 1 <= len(report.outcomes) < 60
    assert window.panels.library.model.rowCount() == len(report.of("imported"))


def test_properties_show_provenance_and_save_the_original(
    window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    import_files(window, [str(SEEDS[0])])
    shown = []

    def ask(cls, parent, info):
        dlg = PropertiesDialog(parent, info)
        qtbot.addWidget(dlg)
        shown.append("\n".join(label.text() for label in dlg.findChildren(type(dlg.error))))
        return "save-original"

    monkeypatch.setattr(PropertiesDialog, "ask", classmethod(ask))
    out = tmp_path / "orig.txt"
    monkeypatch.setattr(
        FilePicker, "save_original", classmethod(lambda cls, parent, suggested: str(out))
    )
    press(window, Qt.Key.Key_I, CTRL)
    assert "File: " in shown[0] and SEEDS[0].name in shown[0]
    assert "6,223 bytes" in shown[0]
    assert "trimmed as page furniture" in shown[0]
    assert out.read_bytes() == SEEDS[0].read_bytes()


def test_app_reports_no_modal_leftovers() -> None:
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isModal()]


def test_closing_the_window_during_a_batch_stops_it_cleanly(window, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"{n:02}.txt").write_text(
            f"Headline {n}\n\n" + "\n\n".join(f"{n}: {p}" for p in STORY), encoding="utf-8"
        )
    window.panels.intake.import_batch([str(folder)])
    window.close()  # must not abort the process with a thread still running
    jobs = window.panels.intake.jobs.running
    assert not jobs or all(t.isFinished() for t in jobs)


def test_preview_shows_replaced_bytes_and_what_is_left_out(qtbot, tmp_path: Path) -> None:
    p = tmp_path / "broken.txt"
    text = "Ministère publie les chiffres\nPublished 4 March 2025 — Regional Wire\n\n"
    text += (
        "Le ministère a confirmé mardi que près de 12 000 soldats avaient été déployés là-bas.\n"
    )
    p.write_bytes(text.encode()[:-2] + b"\xc3")  # one truncated character at the end
    prepared = intake.prepare(str(p))
    dlg = ImportPreview(None, prepared)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.warnings.isVisible()
    assert "1 byte that is not valid UTF-8 was replaced" in dlg.warnings.text()
    assert "Leaving out 2 lines" in dlg.summary.text()
    assert "ministère" in dlg.view.toPlainText()  # read as UTF-8, not guessed as another encoding
