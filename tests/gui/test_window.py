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
from tests.gui.helpers import claims_in_db, dump, import_files, press, select, settle


def tag_some(window) -> None:
    text = window.panels.article.view.text
    for phrase, key in (
        ("Pat Ryder", "1"),
        ("Matthew Miller", "2"),
        ("John Kirby", "3"),
        ("Kirby", "2"),
    ):
        s = text.index(phrase)
        select(window, s, s + len(phrase))
        press(window, key)


@pytest.mark.parametrize("name", ["claims.model", "claims.proxy", "library.model", "library.proxy"])
def test_models_pass_qtmodeltester(window, qtmodeltester: ModelTester, name: str) -> None:
    import_files(window, [str(SEEDS[0])])
    panel, attr = name.split(".")
    model = getattr(getattr(window.panels, panel), attr)
    qtmodeltester.check(model, force_py=True)
    # The tester stays connected: every change a user makes is checked too.
    import_files(window, [str(SEEDS[1])])
    tag_some(window)
    window.panels.claims.legend[Tag.DISPUTED].setChecked(False)
    window.panels.library.filter.setText("north")
    window.panels.claims.legend[Tag.DISPUTED].setChecked(True)
    window.panels.library.filter.clear()
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.panels.library.view.setCurrentIndex(window.panels.library.proxy.index(0, 0))
    settle(window)
    qtmodeltester.check(model, force_py=True)


def test_legend_counts_and_tag_filter(window) -> None:
    import_files(window, [str(SEEDS[1])])
    tag_some(window)
    assert {t: window.panels.claims.legend[t].text() for t in Tag} == {
        Tag.CONFIRMED: "Confirmed  1", Tag.DISPUTED: "Disputed  2", Tag.SINGLE_SOURCE: "Single source  1",
    }  # fmt: skip
    window.panels.claims.legend[Tag.DISPUTED].setChecked(False)
    shown = {
        window.panels.claims.proxy.index(r, 0).data()
        for r in range(window.panels.claims.proxy.rowCount())
    }
    assert shown == {"Confirmed", "Single source"}
    row = window.panels.library.model.article(0)
    assert row.counts == {Tag.CONFIRMED: 1, Tag.DISPUTED: 2, Tag.SINGLE_SOURCE: 1}


def test_library_filter_and_switching(window) -> None:
    import_files(window, [str(p) for p in SEEDS])
    assert window.panels.library.proxy.rowCount() == 2
    window.panels.library.filter.setText("significant losses")
    assert window.panels.library.proxy.rowCount() == 1
    window.panels.library.filter.clear()
    second = window.panels.library.proxy.index(1, 0)
    window.panels.library.view.setCurrentIndex(second)
    settle(window)
    assert window.selection.article_id == second.data(Qt.ItemDataRole.UserRole + 3)
    assert window.panels.article.view.text.startswith(
        ("The United States confirmed", "U.S. officials have")
    )


def test_seed_button_imports_the_sample_articles(window) -> None:
    assert window.panels.library.stack.currentIndex() == 1  # empty state with the offer
    window.panels.library.seed_button.click()
    settle(window)
    assert window.panels.library.model.rowCount() == 2
    assert window.panels.library.stack.currentIndex() == 0


def test_bad_files_in_the_window(
    window, db_path: Path, tmp_path: Path, summaries, qtbot, monkeypatch
) -> None:
    import_files(window, [str(SEEDS[0])])
    before = dump(db_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.txt").write_bytes(b"%PDF-1.4 not text")
    (tmp_path / "nothing").mkdir()
    monkeypatch.setattr(FilePicker, "open_articles", classmethod(lambda cls, parent, patterns: [
        str(tmp_path / "empty.txt"), str(tmp_path / "fake.txt"), str(tmp_path / "gone.txt"),
        str(tmp_path / "nothing")]))  # fmt: skip
    press(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(summaries) == 1, timeout=10_000)
    settle(window)
    report = summaries[0]
    reasons = {Path(o.source).name: o.reason for o in report.outcomes}
    assert reasons == {
        "empty.txt": "is empty",
        "fake.txt": "this is a PDF document, not a text file",
        "gone.txt": "no such file",
        "nothing": "the folder holds no article files (.docx, .htm, .html, .markdown, .md, .pdf, .text, .txt, .xhtml)",
    }
    assert dump(db_path) == before
    assert window.panels.library.model.rowCount() == 1
    assert "4 failed" in window.statusBar().currentMessage()


def test_reimporting_shows_the_existing_article(window) -> None:
    import_files(window, [str(p) for p in SEEDS])
    first = window.selection.article_id
    import_files(window, [str(SEEDS[1])])
    assert window.panels.library.model.rowCount() == 2
    assert window.selection.article_id != first or window.panels.article.view.text.startswith(
        "The United States"
    )
    assert "already in the library" in window.statusBar().currentMessage()


def test_export_from_the_window(window, tmp_path: Path, qtbot, monkeypatch) -> None:
    import_files(window, [str(SEEDS[1])])
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
    text = window.panels.article.view.text
    assert sorted((r["tag"], r["quote"]) for r in rows) == sorted(
        (c[2], c[3]) for c in claims_in_db(window.desk.engine.url.database)
    )
    for r in rows:
        assert text[int(r["start"]) : int(r["end"])] == r["quote"]


def test_properties_dialog_edits_metadata(window, monkeypatch) -> None:
    from datetime import date

    import_files(window, [str(SEEDS[1])])
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
    row = window.panels.library.model.article(0)
    assert (row.title, row.outlet, row.published) == (
        "Kursk losses",
        "Korea JoongAng Daily",
        date(2024, 12, 17),
    )
    assert window.panels.article.header.title.text() == "Kursk losses"
    assert "Korea JoongAng Daily" in window.panels.article.header.meta.text()


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
    tags = [window.registry[f"claim.tag.{t.value}"] for t in Tag]
    assert [a.shortcut().toString() for a in tags] == ["1", "2", "3"]
    for a in tags:
        assert f"({a.shortcut().toString()})" in a.toolTip()
    assert window.registry["edit.undo"].shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.registry["edit.redo"].shortcuts()]
    assert window.registry["app.quit"].shortcut().toString() == "Ctrl+Q"
    assert window.registry["file.export"].shortcut().toString() == "Ctrl+E"
    assert window.registry["file.import"].shortcut().toString() == "Ctrl+O"
    assert window.registry["article.find"].shortcut().toString() == "Ctrl+F"


def test_typing_in_the_filter_does_not_tag(window, db_path: Path) -> None:
    import_files(window, [str(SEEDS[1])])
    s = window.panels.article.view.text.index("Kirby")
    window.panels.article.view.select_span(s, s + 5)
    window.panels.library.filter.setFocus()
    press(window, "12")
    assert window.panels.library.filter.text() == "12"
    assert claims_in_db(db_path) == []


def test_find(window) -> None:
    import_files(window, [str(SEEDS[1])])
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.panels.article.find_edit.hasFocus()
    press(window, "Kursk")
    press(window, Qt.Key.Key_Return)
    s = window.panels.article.view.selected_span()
    assert s is not None and window.panels.article.view.text[s[0] : s[1]] == "Kursk"


def test_ctrl_q_quits(window) -> None:
    window.panels.article.view.setFocus()
    press(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


@pytest.mark.parametrize("dark", [False, True])
def test_themes_render(window, dark: bool) -> None:
    import_files(window, [str(SEEDS[1])])
    tag_some(window)
    window.registry["view.dark"].setChecked(dark)
    settle(window)
    assert window.panels.claims.model.rowCount() == 4
    assert not window.grab().isNull()
    from PySide6.QtGui import QPalette

    # Every panel follows the theme, not only the ones created after the switch.
    for widget in (
        window.panels.library.view,
        window.panels.claims.view,
        window.panels.article.view,
        window.panels.claims.note.edit,
    ):
        base = widget.palette().color(QPalette.ColorRole.Base).lightness()
        assert (base < 80) if dark else (base > 200), widget
    assert window.settings.theme == ("dark" if dark else "light")


def test_themes_switch_back_and_forth(window) -> None:
    from PySide6.QtGui import QPalette

    import_files(window, [str(SEEDS[1])])
    tag_some(window)
    view = window.panels.article.view
    for dark in (True, False, True, False):
        window.registry["view.dark"].setChecked(dark)
        settle(window)
        for widget in (view, window.panels.claims.view, window.panels.library.view):
            base = widget.palette().color(QPalette.ColorRole.Base).lightness()
            assert (base < 80) if dark else (base > 200), (dark, widget)
        # The selection stays translucent over the claims in either theme.
        assert view.palette().color(QPalette.ColorRole.Highlight).alpha() < 255
        s = view.text.index("Pat Ryder")
        assert view.format_at(s).background().color().alpha() == (0x55 if dark else 0x38)


def test_export_dialog_signed_off_only(window, tmp_path: Path, qtbot, monkeypatch) -> None:
    import_files(window, [str(SEEDS[1])])
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
        assert "tester" in window.status.user.text()
    finally:
        window.desk.close()
