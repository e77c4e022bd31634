"""The library with article versions: one row per article, the newest version opened."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester

from tests.conftest import SEEDS
from tests.gui.helpers import import_files, open_article, press, select, settle, view


def test_a_new_version_replaces_its_row_and_opens_with_the_carried_claims(
    window, tmp_path: Path, qtbot
) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(SEEDS[1].read_bytes())
    library = window.panels.library.model
    import_files(window, [str(SEEDS[0]), str(story)])
    assert library.rowCount() == 2
    first = max(library.article(r).id for r in range(2))
    open_article(window, first)
    text = view(window).text
    for phrase, key in (("John Kirby", "3"), ("approximately 12,000 troops", "2")):
        s = text.index(phrase)
        select(window, s, s + len(phrase))
        press(window, key)
    settle(window)
    assert len(window.selection.article.claims) == 2

    story.write_text(
        SEEDS[1]
        .read_text(encoding="utf-8")
        .replace("approximately 12,000", "approximately 11,000"),
        encoding="utf-8",
    )
    import_files(window, [str(story)])
    # Still one row per article; it now stands for version 2 and is the one open.
    assert library.rowCount() == 2
    opened = window.selection.article_id
    assert opened is not None and opened != first
    row = library.article(library.row_of(opened))
    assert (row.lineage_id, row.versions) == (first, 2)
    assert "approximately 11,000" in view(window).text
    assert [c.quote for c in window.selection.article.claims.rows()] == ["John Kirby"]
    assert sum(row.counts.values()) == 1
    message = window.statusBar().currentMessage()
    assert (
        "1 as a new version of an article already in the library; 1 claim could not be carried"
        in message
    )
    ModelTester(qtbot).check(library)
    # A restart lists the same rows.
    window.panels.library.refresh()
    settle(window)
    assert library.rowCount() == 2
    assert {library.article(r).versions for r in range(2)} == {1, 2}
