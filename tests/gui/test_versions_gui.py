"""The library with article versions: one row per article, the newest version opened."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester

from tests.conftest import SEEDS
from tests.gui.helpers import press, select


def test_a_new_version_replaces_its_row_and_opens_with_the_carried_claims(
    window, tmp_path: Path, qtbot
) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(SEEDS[1].read_bytes())
    report = window.import_files([str(SEEDS[0]), str(story)])
    assert window.library_model.rowCount() == 2
    first = report.outcomes[1].article_id
    window.open_article(first)
    text = window.view.text
    for phrase, key in (("John Kirby", "3"), ("approximately 12,000 troops", "2")):
        s = text.index(phrase)
        select(window, s, s + len(phrase))
        press(window, key)
    assert window.claims_model.rowCount() == 2

    story.write_text(
        SEEDS[1]
        .read_text(encoding="utf-8")
        .replace("approximately 12,000", "approximately 11,000"),
        encoding="utf-8",
    )
    window.import_files([str(story)])
    # Still one row per article; it now stands for version 2 and is the one open.
    assert window.library_model.rowCount() == 2
    assert window.article_id != first
    row = window.library_model.article(window.library_model.row_of(window.article_id))
    assert (row.lineage_id, row.versions) == (first, 2)
    assert "approximately 11,000" in window.view.text
    assert [c.quote for c in window.claims.rows()] == ["John Kirby"]
    assert sum(row.counts.values()) == 1
    message = window.statusBar().currentMessage()
    assert (
        "1 as a new version of an article already in the library; 1 claim could not be carried"
        in message
    )
    ModelTester(qtbot).check(window.library_model)
    # A restart lists the same rows.
    window.refresh_library()
    assert window.library_model.rowCount() == 2
    assert {window.library_model.article(r).versions for r in range(2)} == {1, 2}
