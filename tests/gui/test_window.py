"""The window around the annotation: library, models, import/export, properties, keys."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from fact_gui.domain.tags import Tag
from fact_gui.ui.dialogs import (
    ExportAnswer,
    ExportDialog,
    FilePicker,
    PropertiesAnswer,
    PropertiesDialog,
)
from tests.conftest import SEEDS
from tests.gui.helpers import claims_in_db, press, select


def dump(db: Path) -> list[str]:
    """The database's whole content as SQL (read through the WAL)."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def tag_some(window) -> None:
    text = window.view.text
    for phrase, key in (
        ("Pat Ryder", "1"),
        ("Matthew Miller", "2"),
        ("John Kirby", "3"),
        ("Kirby", "2"),
    ):
        s = text.index(phrase)
        select(window, s, s + len(phrase))
        press(window, key)


@pytest.mark.parametrize("name", ["claims_model", "claims_proxy", "library_model", "library_proxy"])
def test_models_pass_qtmodeltester(window, qtmodeltester: ModelTester, name: str) -> None:
    window.import_files([str(SEEDS[0])])
    model = getattr(window, name)
    qtmodeltester.check(model, force_py=True)
    # The tester stays connected: every change a user makes is checked too.
    window.import_files([str(SEEDS[1])])
    tag_some(window)
    window.legend[Tag.DISPUTED].setChecked(False)
    window.library_filter.setText("north")
    window.legend[Tag.DISPUTED].setChecked(True)
    window.library_filter.clear()
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.library_view.setCurrentIndex(window.library_proxy.index(0, 0))
    qtmodeltester.check(model, force_py=True)


def test_legend_counts_and_tag_filter(window) -> None:
    window.import_files([str(SEEDS[1])])
    tag_some(window)
    assert {t: window.legend[t].text() for t in Tag} == {
        Tag.CONFIRMED: "Confirmed  1", Tag.DISPUTED: "Disputed  2", Tag.SINGLE_SOURCE: "Single source  1",
    }  # fmt: skip
    window.legend[Tag.DISPUTED].setChecked(False)
    shown = {window.claims_proxy.index(r, 0).data() for r in range(window.claims_proxy.rowCount())}
    assert shown == {"Confirmed", "Single source"}
    row = window.library_model.article(0)
    assert row.counts == {Tag.CONFIRMED: 1, Tag.DISPUTED: 2, Tag.SINGLE_SOURCE: 1}


def test_library_filter_and_switching(window) -> None:
    window.import_files([str(p) for p in SEEDS])
    assert window.library_proxy.rowCount() == 2
    window.library_filter.setText("significant losses")
    assert window.library_proxy.rowCount() == 1
    window.library_filter.clear()
    second = window.library_proxy.index(1, 0)
    window.library_view.setCurrentIndex(second)
    assert window.article_id == second.data(Qt.ItemDataRole.UserRole + 3)
    assert window.view.text.startswith(("The United States confirmed", "U.S. officials have"))


def test_seed_button_imports_the_sample_articles(window) -> None:
    assert window.library_stack.currentIndex() == 1  # empty state with the offer
    window.seed_button.click()
    assert window.library_model.rowCount() == 2
    assert window.library_stack.currentIndex() == 0
    assert window.settings.seeds_offered(window.desk.url)


def test_bad_files_in_the_window(
    window, db_path: Path, tmp_path: Path, summaries, qtbot, monkeypatch
) -> None:
    window.import_files([str(SEEDS[0])])
    before = dump(db_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.txt").write_bytes(b"%PDF-1.4 not text")
    (tmp_path / "nothing").mkdir()
    monkeypatch.setattr(FilePicker, "open_articles", classmethod(lambda cls, parent, patterns: [
        str(tmp_path / "empty.txt"), str(tmp_path / "fake.txt"), str(tmp_path / "gone.txt"),
        str(tmp_path / "nothing")]))  # fmt: skip
    press(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(summaries) == 1, timeout=10_000)
    report = summaries[0]
    reasons = {Path(o.source).name: o.reason for o in report.outcomes}
    assert reasons == {
        "empty.txt": "is empty",
        "fake.txt": "this is a PDF document, not a text file",
        "gone.txt": "no such file",
        "nothing": "the folder holds no article files (.docx, .htm, .html, .markdown, .md, .pdf, .text, .txt, .xhtml)",
    }
    assert dump(db_path) == before
    assert window.library_model.rowCount() == 1
    assert "4 failed" in window.statusBar().currentMessage()


def test_reimporting_shows_the_existing_article(window) -> None:
    window.import_files([str(p) for p in SEEDS])
    first = window.article_id
    window.import_files([str(SEEDS[1])])
    assert window.library_model.rowCount() == 2
    assert window.article_id != first or window.view.text.startswith("The United States")
    assert "already in the library" in window.statusBar().currentMessage()


def test_export_from_the_window(window, tmp_path: Path, qtbot, monkeypatch) -> None:
    window.import_files([str(SEEDS[1])])
    tag_some(window)
    out = tmp_path / "out.csv"
    monkeypatch.setattr(
        ExportDialog,
        "ask",
        classmethod(lambda cls, parent, path, title: ExportAnswer(str(out), True, True)),
    )
    press(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(out.exists, timeout=5000)
    qtbot.waitUntil(
        lambda: "Exported 4 claims" in window.statusBar().currentMessage(), timeout=5000
    )
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    text = window.view.text
    assert sorted((r["tag"], r["quote"]) for r in rows) == sorted(
        (c[2], c[3]) for c in claims_in_db(window.desk.engine.url.database)
    )
    for r in rows:
        assert text[int(r["start"]) : int(r["end"])] == r["quote"]


def test_properties_dialog_edits_metadata(window, monkeypatch) -> None:
    from datetime import date

    window.import_files([str(SEEDS[1])])
    seen = {}

    def ask(cls, parent, info):
        seen["info"] = info
        return PropertiesAnswer(
            "Kursk losses",
            "Korea JoongAng Daily",
            "Staff",
            "https://example.org/a",
            date(2024, 12, 17),
        )

    monkeypatch.setattr(PropertiesDialog, "ask", classmethod(ask))
    press(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert seen["info"].source.endswith(SEEDS[1].name)
    assert len(seen["info"].original_sha256) == 64
    row = window.library_model.article(0)
    assert (row.title, row.outlet, row.published) == (
        "Kursk losses",
        "Korea JoongAng Daily",
        date(2024, 12, 17),
    )
    assert window.article_title.text() == "Kursk losses"
    assert "Korea JoongAng Daily" in window.article_meta.text()


def test_properties_dialog_validates(qtbot) -> None:
    from fact_gui.services.articles import ArticleInfo, Properties

    info = ArticleInfo(
        1, Properties("T", "", "", "", None), "/x.txt", "txt", "utf-8", "0" * 64, "now", "me"
    )
    dlg = PropertiesDialog(None, info)
    qtbot.addWidget(dlg)
    dlg.published_edit.setText("17/12/2024")
    dlg._check()
    assert "YYYY" in dlg.error.text() or "2024-12-17" in dlg.error.text()
    assert dlg.result() == 0
    dlg.published_edit.setText("2024-12-17")
    dlg._check()
    assert dlg.answer().published is not None


def test_actions_show_their_shortcuts(window) -> None:
    assert [a.shortcut().toString() for a in window.act_tags.values()] == ["1", "2", "3"]
    for a in window.act_tags.values():
        assert f"({a.shortcut().toString()})" in a.toolTip()
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.act_redo.shortcuts()]
    assert window.act_quit.shortcut().toString() == "Ctrl+Q"
    assert window.act_export.shortcut().toString() == "Ctrl+E"
    assert window.act_import.shortcut().toString() == "Ctrl+O"
    assert window.act_find.shortcut().toString() == "Ctrl+F"


def test_typing_in_the_filter_does_not_tag(window, db_path: Path) -> None:
    window.import_files([str(SEEDS[1])])
    s = window.view.text.index("Kirby")
    window.view.select_span(s, s + 5)
    window.library_filter.setFocus()
    press(window, "12")
    assert window.library_filter.text() == "12"
    assert claims_in_db(db_path) == []


def test_find(window) -> None:
    window.import_files([str(SEEDS[1])])
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_edit.hasFocus()
    press(window, "Kursk")
    press(window, Qt.Key.Key_Return)
    s = window.view.selected_span()
    assert s is not None and window.view.text[s[0] : s[1]] == "Kursk"


def test_ctrl_q_quits(window) -> None:
    window.view.setFocus()
    press(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


@pytest.mark.parametrize("dark", [False, True])
def test_themes_render(window, dark: bool) -> None:
    window.import_files([str(SEEDS[1])])
    tag_some(window)
    window.act_dark.setChecked(dark)
    assert window.claims_model.rowCount() == 4
    assert not window.grab().isNull()
    from PySide6.QtGui import QPalette

    # Every panel follows the theme, not only the ones created after the switch.
    for widget in (window.library_view, window.claims_view, window.view, window.note_edit):
        base = widget.palette().color(QPalette.ColorRole.Base).lightness()
        assert (base < 80) if dark else (base > 200), widget
    assert window.settings.theme == ("dark" if dark else "light")


def test_export_dialog_signed_off_only(window, tmp_path: Path, qtbot, monkeypatch) -> None:
    window.import_files([str(SEEDS[1])])
    tag_some(window)
    out = tmp_path / "signed.csv"
    monkeypatch.setattr(
        ExportDialog,
        "ask",
        classmethod(lambda cls, parent, path, title: ExportAnswer(str(out), False, False, True)),
    )
    press(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: "Exported 0 claims" in window.statusBar().currentMessage(), timeout=5000
    )
    with out.open(encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == []  # nothing is signed off yet


def test_a_team_database_opens_as_the_login_without_asking_a_name(
    window, pg_desk_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the login is who is working: no name asked, the saved one not passed."""
    from fact_gui.ui import app

    asked: list[str] = []
    monkeypatch.setattr(
        FilePicker, "ask_name", classmethod(lambda cls, parent, current: asked.append(current))
    )
    window.settings.user = "someone-else"  # the name saved for a local desk
    assert app.open_desk(window, pg_desk_url, None, [])
    try:
        assert asked == [] and window.desk.team and window.desk.user == "tester"
        assert "tester" in window.user_label.text()
    finally:
        window.desk.close()
