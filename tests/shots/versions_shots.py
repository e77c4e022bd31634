"""Render article versions in the window to PNGs, for people to judge.

Run: ``python tests/shots/versions_shots.py [OUTDIR]`` (offscreen unless DISPLAY is set).
A seed article is tagged, then imported again twice from the same file with a
corrected figure, a cut clause and an added paragraph. Shown at 1024x700 and
1500x900, light and dark: the versions panel with its word diff (a changed
figure boxed), the claims not carried, the library's version badge, and an
older version open (the header says so).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZES = ((1024, 700), (1500, 900))
CLAIMS = (
    ("approximately 12,000 troops", "disputed"),
    ("National Security Communications Adviser John Kirby", "confirmed"),
    ("around 200 North Korean troops had been killed", "single_source"),
    ("in the realm of dozens, several dozens", "single_source"),
    ("a little over a week ago", "disputed"),
    ("have been killed in action on the battlefield inside Russia", "confirmed"),
)
# What the site changed, version by version: (old words, new words).
EDITS = (
    (
        ("approximately 12,000 troops", "approximately 11,000 troops"),
        ("a little over a week ago", "about ten days ago"),
        ("around 200 North Korean troops", "around 300 North Korean troops"),
        (
            "Russia is deploying North Korean troops",
            "Correction: an earlier version of this story gave the wrong figure for the "
            "troops sent.\nRussia is deploying North Korean troops",
        ),
    ),
    (("several dozens.”", "several dozens, perhaps more.”"),),
)


def main(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.shots.shotkit import isolated_home, shown_window

    home = isolated_home("fact_gui-versions-shots-")
    from fact_gui.domain.tags import Tag
    from fact_gui.ui.app import open_desk

    out.mkdir(parents=True, exist_ok=True)
    window, settle = shown_window()

    def shoot(name: str) -> None:
        for dark in (False, True):
            window.registry["view.dark"].setChecked(dark)
            for w, h in SIZES:
                window.resize(w, h)
                settle()
                suffix = "-dark" if dark else ""
                window.grab().save(str(out / f"{name}-{w}x{h}{suffix}.png"))
        window.registry["view.dark"].setChecked(False)
        window.resize(1500, 900)
        settle()

    panels = window.panels
    open_desk(window, str(home / "shots.sqlite3"), "Dana Reyes", [])
    settle()
    seed = next((ROOT / "seeds").glob("003_*.txt"))
    story = home / "kursk-story.txt"
    text = seed.read_text(encoding="utf-8")
    story.write_text(text, encoding="utf-8")
    panels.intake.import_files([str(p) for p in sorted((ROOT / "seeds").glob("000_*.txt"))])
    settle()
    panels.intake.import_files([str(story)])
    settle()
    view = panels.article.view
    for phrase, tag in CLAIMS:
        s = view.text.index(phrase)
        view.select_span(s, s + len(phrase))
        panels.article.tag(Tag(tag))
    settle()
    for edits in EDITS:
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new)
        story.write_text(text, encoding="utf-8")
        panels.intake.import_files([str(story)])
        settle()
    # The newest (version 3) is open; the panel compares it with version 2 by default:
    # show versions 1 and 3, where the figures changed.
    window.registry["article.versions"].trigger()
    settle()
    versions = panels.versions
    versions.old_pick.setCurrentIndex(0)
    versions.old_pick.activated.emit(0)
    settle()
    versions.diff.go_to(0)
    settle()
    shoot("versions-diff")
    # Version 2: the claims of version 1 that could not be carried to it.
    window.selection.open(versions.model.version(1).id)
    settle()
    window.registry["article.not_carried"].trigger()
    settle()
    versions.lost.selectRow(0)
    shoot("versions-not-carried")
    # An older version open, the panel closed: the header says so; the library's badge.
    assert versions.dock is not None
    versions.dock.hide()
    window.selection.open(versions.model.version(0).id)
    settle()
    shoot("versions-older-open")
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "shots" / "versions")
