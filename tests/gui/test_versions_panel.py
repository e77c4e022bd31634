"""Article versions in the window: badge, header line and switch, the versions panel, claims not carried."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester

from fact_gui.services import intake
from fact_gui.services.changes import ChangeSet, Kind, Origin
from fact_gui.services.context import Desk
from fact_gui.ui.library.model import LibraryModel
from tests.conftest import SEEDS
from tests.gui.helpers import claims_in_db, import_files, open_article, press, select, settle
from tests.gui.test_slow_database import Stall

# What the site corrected, version by version: (old words, new words).
V2 = (
    ("approximately 12,000 troops", "approximately 11,000 troops"),
    ("a little over a week ago", "about ten days ago"),
    ("certainly in the realm of dozens", "probably in the realm of dozens"),
)
V3 = (("several dozens.”", "several dozens, perhaps more.”"),)
CLAIMS = (
    ("approximately 12,000 troops", "2"),  # a figure changed: not carried
    ("National Security Communications Adviser John Kirby", "1"),  # unchanged: carried
    ("a little over a week ago", "2"),  # reworded: not carried
    ("have been killed in action on the battlefield inside Russia", "1"),
)


def edit(path: Path, edits: tuple[tuple[str, str], ...]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def traced_window(make_window, db_path: Path):
    """A window whose every SQL statement is traced to the thread that ran it."""
    window = make_window(db_path)
    stall = Stall(window.desk)
    yield window, stall
    assert stall.statements > 0
    assert threading.main_thread().name not in stall.threads, stall.threads


@pytest.fixture
def story(traced_window, tmp_path: Path):
    """The seed story imported through the window, tagged, then imported again corrected."""
    window, _stall = traced_window
    path = tmp_path / "story.txt"
    path.write_bytes(SEEDS[1].read_bytes())
    import_files(window, [str(SEEDS[0])])
    import_files(window, [str(path)])
    v1 = window.selection.article_id
    text = window.panels.article.view.text
    for phrase, key in CLAIMS:
        s = text.index(phrase)
        select(window, s, s + len(phrase))
        press(window, key)
    edit(path, V2)
    import_files(window, [str(path)])
    v2 = window.selection.article_id
    assert v1 is not None and v2 is not None and v2 != v1
    return window, path, v1, v2


def panel_shown(window):
    press(
        window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    panel = window.panels.versions
    assert panel.dock.isVisible()
    return panel


def library_row_of(window, lineage: int) -> int:
    lib = window.panels.library
    return int(lib.proxy.mapFromSource(lib.model.index(lib.model.row_of_lineage(lineage), 0)).row())


def blend(over: QColor, base: QColor) -> QColor:
    a = over.alphaF()
    return QColor(
        *(
            round(getattr(over, c)() * a + getattr(base, c)() * (1 - a))
            for c in ("red", "green", "blue")
        )
    )


def near(a: QColor, b: QColor, tolerance: int = 14) -> bool:
    return (
        max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))
        <= tolerance
    )


def test_the_library_badge_and_the_header_line_tell_of_versions(story, qtbot) -> None:
    window, _path, v1, v2 = story
    lib = window.panels.library
    row = lib.model.row_of(v2)
    badge = lib.model.index(row, LibraryModel.VERSIONS_COLUMN)
    assert badge.data() == "v2"
    assert badge.data(Qt.ItemDataRole.ToolTipRole) == "2 versions; the newest is shown"
    other = lib.model.index(1 - row, LibraryModel.VERSIONS_COLUMN)
    assert other.data() == "" and other.data(Qt.ItemDataRole.ToolTipRole) is None
    ModelTester(qtbot).check(lib.model)
    assert not lib.view.isColumnHidden(LibraryModel.VERSIONS_COLUMN)
    # The newest is open: a quiet line, and how many claims could not be carried.
    header = window.panels.article.header
    bar = header.versions
    assert bar.isVisible()
    line = bar.line.text()
    assert "Version 2 of 2 · imported " in line and "not the newest" not in line
    assert "2 claims not carried" in line
    assert [a.text().split(" · ")[0] for a in bar.menu.actions()] == ["Version 2", "Version 1"]
    assert [a.isChecked() for a in bar.menu.actions()] == [True, False]
    # The switch opens version 1: the header says so, the library keeps the article's row.
    bar.menu.actions()[1].trigger()
    settle(window)
    assert window.selection.article_id == v1
    assert header.title.text() == window.selection.article.heading.title != "No article open"
    assert "You are looking at version 1 of 2 (not the newest)" in bar.line.text()
    assert "approximately 12,000 troops" in window.panels.article.view.text
    assert len(window.selection.article.claims) == 4  # its claims stay with it
    assert lib.view.currentIndex().row() == library_row_of(window, v1)
    # "Open the newest" goes back; the other article has no version line at all.
    bar.line.linkActivated.emit("newest")
    settle(window)
    assert window.selection.article_id == v2
    open_article(window, lib.model.article(1 - row).id)
    assert not bar.isVisible()


def test_an_old_version_opened_while_another_article_is_selected_selects_its_row(story) -> None:
    window, _path, v1, _v2 = story
    lib = window.panels.library
    other = next(lib.model.article(r).id for r in range(2) if lib.model.article(r).lineage_id != v1)
    open_article(window, other)
    assert lib.view.currentIndex().row() == library_row_of(window, other)
    open_article(window, v1)
    assert lib.view.currentIndex().row() == library_row_of(window, v1)
    assert "version 1 of 2" in window.panels.article.header.versions.line.text()
    # A restart of the library (its rows read again) keeps the row of the open old version.
    lib.refresh()
    settle(window)
    assert lib.view.currentIndex().row() == library_row_of(window, v1)
    assert lib.model.article(lib.model.row_of_lineage(v1)).versions == 2


def test_the_versions_panel_shows_the_diff_with_the_figure_boxed(story, qtbot) -> None:
    window, _path, v1, v2 = story
    panel = window.panels.versions
    assert panel._widget is None  # built when first shown
    panel = panel_shown(window)
    settle(window)
    assert panel.diff.hasFocus()
    ModelTester(qtbot).check(panel.model)
    assert [panel.model.version(r).id for r in range(panel.model.rowCount())] == [v1, v2]
    assert panel.model.index(1, 0).data() == "v2\nnewest"
    assert panel.table.isColumnHidden(panel.model.TITLE_COLUMN)  # the title never changed
    assert (panel.old_pick.currentData(), panel.new_pick.currentData()) == (1, 2)
    assert panel.summary.text() == "7 words removed, 5 added, 2 figures changed"
    diff = panel.diff
    figures = [c.figures for c in diff.changes]
    assert ("12,000 → 11,000",) in figures
    doc = diff.document().toPlainText()
    assert "figure changed: 12,000 → 11,000" in doc and "figure changed: ten (added)" in doc

    colours = diff.ink()
    figure = next(i for i, c in enumerate(diff.changes) if "12,000 → 11,000" in c.figures)
    body = diff.change_range(figure)[0]  # after the badge in the change's heading
    found = diff.document().find("12,000", body)
    removed_figure = diff.format_at(found.selectionStart())
    assert removed_figure.fontStrikeOut() and removed_figure.fontWeight() >= 700
    assert removed_figure.background().color() == colours.figure_wash
    assert removed_figure.foreground().color() == colours.removed
    found = diff.document().find("11,000", body)
    added_figure = diff.format_at(found.selectionStart())
    assert added_figure.fontUnderline() and added_figure.fontWeight() >= 700
    assert not added_figure.fontStrikeOut() and added_figure.foreground().color() == colours.added
    words = diff.document().find("a little over a week")
    removed = diff.format_at(words.selectionStart())
    assert removed.fontStrikeOut() and not removed.fontUnderline()
    assert removed.fontWeight() < 700 and removed.background().color() == colours.removed_wash
    about = diff.document().find("about")
    added = diff.format_at(about.selectionStart())
    assert added.fontUnderline() and added.background().color() == colours.added_wash
    context = diff.format_at(diff.document().find("troops to Russia").selectionStart())
    assert not (context.fontStrikeOut() or context.fontUnderline())
    assert context.background().style() == Qt.BrushStyle.NoBrush

    # On screen: each changed figure sits in a drawn box, on its amber wash.
    window.resize(1500, 900)
    diff.go_to(next(i for i, c in enumerate(diff.changes) if "12,000 → 11,000" in c.figures))
    settle(window)
    image = diff.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    base = diff.palette().color(diff.palette().ColorRole.Base)
    boxes = [r for s, e in diff.figure_ranges for r in diff.fragment_rects(s, e)]
    seen = [r for r in boxes if diff.viewport().rect().contains(r.center().toPoint())]
    assert len(seen) >= 3  # the badge above the change, the old and the new figure
    for r in seen:
        x, y = int((r.left() - 2) * ratio), int(r.center().y() * ratio)
        edge = [image.pixelColor(x + dx, y + dy) for dx in (-2, -1, 0, 1, 2) for dy in (-1, 0, 1)]
        assert any(near(c, colours.figure_edge, 50) for c in edge), [c.name() for c in edge]
        inside = image.pixelColor(int((r.left() + 1.5) * ratio), int((r.top() + 2) * ratio))
        assert near(inside, blend(colours.figure_wash, base)), inside.name()
    # A removed word's wash is another colour than an added word's, and than a figure's.
    removed_rect = diff.fragment_rects(words.selectionStart(), words.selectionEnd())[0]
    added_rect = diff.fragment_rects(about.selectionStart(), about.selectionEnd())[0]
    for rect, wash in ((removed_rect, colours.removed_wash), (added_rect, colours.added_wash)):
        px = image.pixelColor(int((rect.left() + 1) * ratio), int((rect.top() + 2) * ratio))
        assert near(px, blend(wash, base)), px.name()
        assert not near(px, blend(colours.figure_wash, base), 20)


def test_dark_theme_keeps_the_cues(story) -> None:
    window, *_ = story
    panel = panel_shown(window)
    settle(window)
    light = panel.diff.ink()
    window.registry["view.dark"].setChecked(True)
    settle(window)
    dark = panel.diff.ink()
    assert dark != light and dark.removed.lightness() > 128 and dark.added.lightness() > 128
    diff = panel.diff
    figure = next(i for i, c in enumerate(diff.changes) if "12,000 → 11,000" in c.figures)
    found = diff.document().find("11,000", diff.change_range(figure)[0])
    fmt = diff.format_at(found.selectionStart())
    assert (
        fmt.fontUnderline() and fmt.fontWeight() >= 700 and fmt.foreground().color() == dark.added
    )
    window.registry["view.dark"].setChecked(False)
    settle(window)


def test_clicking_a_change_opens_the_newer_version_there(story) -> None:
    window, _path, v1, v2 = story
    open_article(window, v1)  # reading the old version
    panel = panel_shown(window)
    settle(window)
    assert (panel.old_pick.currentData(), panel.new_pick.currentData()) == (1, 2)
    diff = panel.diff
    i = next(i for i, c in enumerate(diff.changes) if "12,000 → 11,000" in c.figures)
    rect = diff.fragment_rects(*diff.change_range(i))[0]
    QTest.mouseClick(diff.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     rect.center().toPoint())  # fmt: skip
    settle(window)
    view = window.panels.article.view
    assert window.selection.article_id == v2
    assert view.selected_span() == diff.changes[i].at
    assert view.text[slice(*diff.changes[i].at)] == "11,000"
    assert view.hasFocus()
    # The comparison stays (the version opened is one of the two); N, P and Enter walk it.
    assert panel.diff.current == i
    diff.setFocus()
    diff.go_to(0)
    QTest.keyClick(diff, Qt.Key.Key_N)
    assert diff.current == 1
    QTest.keyClick(diff, Qt.Key.Key_P)
    QTest.keyClick(diff, Qt.Key.Key_P)  # stops at the first
    assert diff.current == 0
    QTest.keyClick(diff, Qt.Key.Key_Return)
    settle(window)
    assert view.selected_span() == diff.changes[0].at


def test_claims_not_carried_are_listed_and_one_click_and_key_tag_the_new_passage(
    story, db_path: Path, qtbot
) -> None:
    window, _path, _v1, v2 = story
    window.registry["article.not_carried"].trigger()
    settle(window)
    panel = window.panels.versions
    assert panel.tabs.currentIndex() == 1 and panel.tabs.tabText(1) == "Not carried to v2 (2)"
    assert panel.lost.hasFocus()
    model = panel.lost_model
    ModelTester(qtbot).check(model)
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert rows[0] == ["Disputed", "approximately 12,000 troops",
                       "A figure changed: “12,000” → “11,000”", "approximately 11,000 troops"]  # fmt: skip
    assert rows[1] == ["Disputed", "a little over a week ago", "The quoted text is no longer in this version",
                       "nothing like it: click to see where it was"]  # fmt: skip
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Claim on version 1"
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Now in version 2"
    # A click selects the candidate in version 2, with the keys in the text: "2" tags it.
    open_article(window, _v1)  # reading the old version: the panel still compares 1 with 2
    assert panel.tabs.tabText(1) == "Not carried to v2 (2)"
    panel.lost.setFocus()
    rect = panel.lost.visualRect(model.index(0, 1))
    QTest.mouseClick(panel.lost.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(window)
    view = window.panels.article.view
    assert window.selection.article_id == v2
    assert view.text[slice(*view.selected_span())] == "approximately 11,000 troops"
    press(window, "2")
    settle(window)
    assert (view.selected_span()[0], view.selected_span()[1], "disputed",
            "approximately 11,000 troops") in claims_in_db(db_path)  # fmt: skip
    # One without a candidate: the caret goes where it was.
    panel.lost.setFocus()
    panel.lost.setCurrentIndex(model.index(1, 0))
    QTest.keyClick(panel.lost, Qt.Key.Key_Return)
    settle(window)
    start, end = view.selected_span() or (view.textCursor().position(),) * 2
    assert start == end and view.text[:start].rstrip().endswith("deployed to the battlefield “")


def test_an_old_version_opens_from_the_panel_and_is_compared_with_the_one_after(story) -> None:
    window, path, v1, v2 = story
    edit(path, V3)
    import_files(window, [str(path)])
    v3 = window.selection.article_id
    panel = panel_shown(window)
    settle(window)
    assert panel.model.rowCount() == 3
    assert (panel.old_pick.currentData(), panel.new_pick.currentData()) == (2, 3)
    assert panel.tabs.tabText(1) == "Not carried to v3 (0)"
    assert panel.summary.text() == "0 words removed, 2 added, 0 figures changed"
    # Enter on version 1 opens it; the panel then compares 1 with 2.
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    QTest.keyClick(panel.table, Qt.Key.Key_Return)
    settle(window)
    assert window.selection.article_id == v1
    assert (panel.old_pick.currentData(), panel.new_pick.currentData()) == (1, 2)
    assert panel.model.open_id == v1
    assert "version 1 of 3 (not the newest)" in window.panels.article.header.versions.line.text()
    # The same version on both sides is refused in words; the pair shown stays.
    panel.new_pick.setCurrentIndex(0)
    panel.new_pick.activated.emit(0)
    settle(window)
    assert window.statusBar().currentMessage() == "Pick two different versions to compare."
    assert (panel.old_pick.currentData(), panel.new_pick.currentData()) == (1, 2)
    # Two versions picked by hand stay while one of them is open.
    panel.old_pick.setCurrentIndex(0)
    panel.new_pick.setCurrentIndex(2)
    panel.new_pick.activated.emit(2)
    settle(window)
    assert "figures changed" in panel.summary.text() and panel.newer().id == v3
    open_article(window, v3)
    settle(window)
    assert (panel.old_pick.currentData(), panel.new_pick.currentData()) == (1, 3)
    open_article(window, v2)
    settle(window)
    assert (panel.old_pick.currentData(), panel.new_pick.currentData()) == (1, 2)


def test_a_new_version_from_another_window_refreshes_everything_in_place(
    story, db_path: Path
) -> None:
    window, path, v1, v2 = story
    panel = panel_shown(window)
    settle(window)
    open_article(window, v2)
    view = window.panels.article.view
    select(window, 10, 20)
    # Someone else imports version 3 of the same file (another window on this desk).
    edit(path, V3)
    other = Desk.open(str(db_path), "rita")
    try:
        out = intake.import_file(other, path)
    finally:
        other.close()
    assert out.new_version is not None and out.article_id is not None
    window.bus.publish(
        ChangeSet(
            articles=(out.article_id,), kinds=frozenset({Kind.VERSIONS}), origin=Origin.WINDOW
        )
    )
    settle(window)
    # The reader stays where they were; everything says there are three versions now.
    assert window.selection.article_id == v2 and view.selected_span() == (10, 20)
    assert panel.model.rowCount() == 3 and panel.model.version(2).imported_by == "rita"
    assert (
        "You are looking at version 2 of 3 (not the newest)"
        in window.panels.article.header.versions.line.text()
    )
    lib = window.panels.library.model
    assert lib.index(lib.row_of_lineage(v1), LibraryModel.VERSIONS_COLUMN).data() == "v3"
    assert lib.article(lib.row_of_lineage(v1)).id == out.article_id
    assert window.panels.library.view.currentIndex().row() == library_row_of(window, v1)


def test_one_version_shows_no_versions_clutter(traced_window, tmp_path: Path) -> None:
    window, _stall = traced_window
    import_files(window, [str(SEEDS[1])])
    assert not window.panels.article.header.versions.isVisible()
    lib = window.panels.library.model
    assert lib.index(0, LibraryModel.VERSIONS_COLUMN).data() == ""
    # No article has versions: the badge column takes no room from the titles.
    assert window.panels.library.view.isColumnHidden(LibraryModel.VERSIONS_COLUMN)
    panel = panel_shown(window)
    settle(window)
    assert panel.stack.currentIndex() == 1
    assert panel.message.text().startswith("This article has one version.")
    # Pressed again with the keys in the panel: it closes.
    panel.message.setFocus()
    press(
        window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not panel.dock.isVisible()


def test_a_hidden_panel_reads_nothing_until_shown(story) -> None:
    window, path, *_ = story
    panel = window.panels.versions
    assert panel._widget is None and panel.reading is None
    edit(path, V3)
    import_files(window, [str(path)])
    assert panel.reading is None and panel._stale  # the import only marked it
    shown = panel_shown(window)
    settle(window)
    assert shown.reading is not None and len(shown.reading.rows) == 3


def test_the_version_badge_draws_a_pill(story) -> None:
    window, *_ = story
    window.resize(1500, 900)
    settle(window)
    lib = window.panels.library
    row = lib.model.row_of(window.selection.article_id)
    idx = lib.proxy.mapFromSource(lib.model.index(row, LibraryModel.VERSIONS_COLUMN))
    rect = lib.view.visualRect(idx)
    image = lib.view.viewport().grab(rect).toImage()
    # The pill's outline and text: darker and lighter pixels than the row's background.
    colours = {
        image.pixelColor(x, y).rgb() for x in range(image.width()) for y in range(image.height())
    }
    assert len(colours) > 6
    empty = lib.view.visualRect(
        lib.proxy.mapFromSource(lib.model.index(1 - row, LibraryModel.VERSIONS_COLUMN))
    )
    blank = lib.view.viewport().grab(empty).toImage()
    assert (
        len(
            {
                blank.pixelColor(x, y).rgb()
                for x in range(blank.width())
                for y in range(blank.height())
            }
        )
        <= 2
    )
