"""Render the claim view alone with the seeds and overlapping claims to PNGs, for people to judge.

Run: ``python tests/shots/claimview_shots.py [OUTDIR]`` (offscreen unless DISPLAY is set).
Each seed is shown with claims of all three tags (nested, partially overlapping, two
overlapping claims of one tag, a pile of nested ones), a selected current claim, a
hovered claim and find matches, in light and dark, at 1024x700, 1500x900 and at the
width the article panel gets in a 1024-pixel window; plus a greyscale copy of each light shot.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZES = ((1024, 700), (1500, 900), (560, 700))


@dataclass(frozen=True)
class Scene:
    """Claims as (phrase, tag[, a phrase it lies in]); which is current, hovered, searched."""

    claims: list[tuple[str, ...]]
    current: str
    hover: str
    find: str


SCENES = {
    "003": Scene(
        claims=[
            (
                'The United States confirmed on Monday that North Korean forces have suffered "significant" casualties',
                "confirmed",
            ),
            ('"significant" casualties', "disputed"),
            ("significant", "single_source", '"significant" casualties'),
            ("in the realm of dozens, several dozens", "single_source"),
            ("around 200 North Korean troops had been killed", "single_source"),
            ("North Korean troops had been killed while fighting in combined units", "confirmed"),
            ("North Korean soldiers deployed to Kursk", "confirmed"),
            ("deployed to Kursk are already legitimate targets", "confirmed"),
            ("approximately 12,000 troops to Russia", "confirmed"),
            ("12,000 troops", "disputed"),
            ("Russia, who have been", "single_source"),
            ("have been killed in action on the battlefield inside Russia", "confirmed"),
            ("a little over a week ago", "disputed"),
            # A pile of six nested claims at one spot: three lanes, then "+3".
            ("Kirby", "confirmed"),
            ("John Kirby", "disputed"),
            ("Adviser John Kirby", "single_source"),
            ("Communications Adviser John Kirby", "confirmed"),
            ("Security Communications Adviser John Kirby", "disputed"),
            ("National Security Communications Adviser John Kirby", "single_source"),
        ],
        current="approximately 12,000 troops to Russia",
        hover="in the realm of dozens, several dozens",
        find="Kirby",
    ),
    "000": Scene(
        claims=[
            (
                "North Korean soldiers suffered losses while fighting with Russian troops in Kursk",
                "confirmed",
            ),
            ("suffered losses", "disputed", "North Korean soldiers suffered losses"),
            ("This marks the first official U.S. acknowledgment", "single_source"),
            ("“several dozen,”", "single_source"),
            ("Kirby estimated the casualties to be “several dozen,”", "confirmed"),
            ("had reached approximately 200", "disputed"),
            ("approximately 200, though they did not specify", "single_source"),
            ("North Korean soldiers killed in action on Russian soil", "confirmed"),
            ("killed in action on Russian soil. Miller emphasized", "confirmed"),
            ("North Korean units have been integrated into Russian formations", "single_source"),
            ("primarily in infantry roles", "disputed"),
        ],
        current="Kirby estimated the casualties to be “several dozen,”",
        hover="primarily in infantry roles",
        find="North Korean",
    ),
}


def main(out: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="fact_gui-claimview-shots-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(home / var.lower())
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QImage
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from fact_gui.domain.claims import ClaimIndex, ClaimRow
    from fact_gui.domain.text import normalise
    from fact_gui.ui import look
    from fact_gui.ui.claimview import ClaimView

    out.mkdir(parents=True, exist_ok=True)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        key = seed.name[:3]
        scene = SCENES[key]
        text = normalise(seed.read_text(encoding="utf-8"))
        rows = []
        for i, (phrase, tag, *inside) in enumerate(scene.claims, 1):
            s = text.index(phrase, text.index(inside[0]) if inside else 0)
            rows.append(ClaimRow(i, s, s + len(phrase), tag, phrase, "", "shots", ""))
        by_quote = {r.quote: r for r in rows}
        needle = scene.find
        matches = []
        at = text.find(needle)
        while at >= 0:
            matches.append((at, at + len(needle)))
            at = text.find(needle, at + 1)
        for dark in (False, True):
            look.apply_theme(app, dark)
            for w, h in SIZES:
                view = ClaimView(ClaimIndex(rows))
                view.resize(w, h)
                view.show()
                QTest.qWaitForWindowExposed(view)
                view.show_article(text)
                QTest.qWait(20)  # the scroll bar settles (it narrows the column)
                current = by_quote[scene.current]
                view.select_span(current.start, current.end)
                view.set_current_claim(current.id)
                view.set_hovered_claim(by_quote[scene.hover].id)
                view.set_find_matches(matches, matches[1] if len(matches) > 1 else None)
                QTest.qWait(50)
                for where in ("current", "top"):
                    if where == "top":
                        view.verticalScrollBar().setValue(0)
                        QTest.qWait(50)
                    name = f"claimview-{key}-{'dark' if dark else 'light'}-{w}x{h}-{where}.png"
                    image = view.grab().toImage()
                    image.save(str(out / name))
                    if not dark:
                        grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
                        grey.save(str(out / name.replace("light", "grey")))
                view.close()
                view.deleteLater()
    print(out)


if __name__ == "__main__":
    main(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(tempfile.mkdtemp(prefix="claimview-shots-"))
    )
