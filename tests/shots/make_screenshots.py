"""Render the main window with the seeds and a few claims to PNGs, for people to look at.

Run: ``python tests/shots/make_screenshots.py OUTDIR`` (uses Xvfb's DISPLAY if set, else offscreen).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.shots.shotkit import isolated_home, shown_window

    home = isolated_home("fact_gui-shots-")
    from PySide6.QtTest import QTest

    from fact_gui import resources
    from fact_gui.domain.tags import Tag
    from fact_gui.ui.app import open_desk

    out.mkdir(parents=True, exist_ok=True)
    window, settle = shown_window()
    panels, registry = window.panels, window.registry
    open_desk(window, str(home / "shots.sqlite3"), "Dana Reyes", [])
    settle()
    window.grab().save(str(out / "empty-library.png"))
    panels.intake.import_samples()
    settle()
    panels.library.view.selectRow(1)
    settle()
    view = panels.article.view
    text = view.text
    for phrase, tag in (
        ('North Korean forces have suffered "significant" casualties', Tag.CONFIRMED),
        ("around 200 North Korean troops had been killed", Tag.SINGLE_SOURCE),
        ("in the realm of dozens, several dozens", Tag.SINGLE_SOURCE),
        ("approximately 12,000 troops", Tag.DISPUTED),
        ("12,000", Tag.DISPUTED),
        ("have been killed in action on the battlefield inside Russia", Tag.CONFIRMED),
    ):
        s = text.index(phrase)
        view.select_span(s, s + len(phrase))
        panels.article.tag(tag)
    settle()
    panels.claims.note.edit.setPlainText(
        "Ukrainska Pravda's version says 10,000 were deployed; Pentagon says ~12,000."
    )
    panels.claims.note.commit()
    settle()
    s = text.index("several dozens")
    view.select_span(s, s)
    view.verticalScrollBar().setValue(0)
    settle()
    window.grab().save(str(out / "main-window.png"))
    for width, height in ((1024, 700),):
        window.resize(width, height)
        settle()
        window.grab().save(str(out / f"main-window-{width}x{height}.png"))
    registry["view.dark"].setChecked(True)
    settle()
    window.grab().save(str(out / "main-window-dark-1024x700.png"))
    window.resize(1500, 900)
    settle()
    window.grab().save(str(out / "main-window-dark.png"))
    registry["view.dark"].setChecked(False)

    # Review mode: the analyst submits, a reviewer walks the claims, queries one.
    from fact_gui.ui.review.prompts import Prompts

    answers = ["Which source gives 12,000? Ukrainska Pravda says about 10,000."]
    Prompts.ask_text = classmethod(lambda cls, parent, title, label, required: answers.pop(0))  # type: ignore[method-assign,assignment]
    registry["article.submit"].trigger()
    settle()
    assert window.desk is not None
    window.desk.user = "Rita Chen"
    registry["review.mode"].setChecked(True)
    panels.claims.step(1)
    registry["review.accept"].trigger()
    settle()
    registry["review.accept"].trigger()
    settle()
    claims = window.selection.article.claims
    target = next(c for c in claims.rows() if c.quote == "approximately 12,000 troops")
    window.selection.set_claim(target)  # what clicking its row does
    registry["review.query"].trigger()
    settle()
    window.selection.set_claim(target)
    view.verticalScrollBar().setValue(0)
    settle()
    window.grab().save(str(out / "review-mode.png"))
    registry["view.history"].trigger()  # what Ctrl+H does
    settle()
    window.grab().save(str(out / "history-panel.png"))
    registry["view.history"].trigger()
    registry["review.mode"].setChecked(False)

    # Import preview of the copied web page (seed 000) and a batch summary.
    from fact_gui.services import intake
    from fact_gui.ui.intake.dialogs import BatchSummary, ImportPreview

    preview = ImportPreview(window, intake.prepare(str(resources.seed_paths()[0])))
    preview.show()
    QTest.qWaitForWindowExposed(preview)
    QTest.qWait(100)
    preview.grab().save(str(out / "import-preview-seed-000.png"))
    preview.close()
    batch = home / "batch"
    batch.mkdir()
    (batch / "statement.txt").write_text(
        "Ministry statement\n\nThe ministry said on Tuesday that about 12,000 soldiers had "
        "been moved to the border region over the past month.\n",
        encoding="utf-8",
    )
    (batch / "copy-of-seed.txt").write_bytes(resources.seed_paths()[1].read_bytes())
    (batch / "scan.pdf").write_bytes(b"%PDF-1.4 not really")
    (batch / "empty.txt").write_bytes(b"")
    (batch / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = intake.import_sources(window.desk, [batch], workers=1)
    summary = BatchSummary(window, report)
    summary.show()
    QTest.qWaitForWindowExposed(summary)
    QTest.qWait(100)
    summary.grab().save(str(out / "batch-summary.png"))
    summary.close()
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots"))
