"""The one place that locates bundled assets: stylesheet, icons, seed articles."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = _ROOT / "resources"
SEEDS = _ROOT / "seeds"


def path(name: str) -> Path:
    """A file under ``resources/``; a missing asset is a packaging bug, so it raises."""
    p = RESOURCES / name
    if not p.is_file():
        raise FileNotFoundError(f"missing resource {p}")
    return p


def stylesheet() -> str:
    return path("style.qss").read_text(encoding="utf-8")


def app_icon_path() -> Path:
    return path("icons/fact_gui.svg")


def seed_paths() -> list[Path]:
    """The demo articles offered on first run, in name order."""
    return sorted(SEEDS.glob("*.txt"))
