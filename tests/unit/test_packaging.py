"""Packaging metadata: one app id and version, validated desktop entry and AppStream file."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fact_gui import APP_ID, __version__, resources
from tests.conftest import ROOT

PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"


def test_packaging_uses_the_one_app_id_and_version() -> None:
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    assert meta.find("releases/release").get("version") == __version__  # type: ignore[union-attr]
    assert f"Icon={APP_ID}" in DESKTOP.read_text(encoding="utf-8")
    assert (PACKAGING / f"{APP_ID}.svg").read_bytes() == resources.app_icon_path().read_bytes()


@pytest.mark.parametrize(
    ("tool", "args", "path"),
    [("desktop-file-validate", [], DESKTOP), ("appstreamcli", ["validate", "--no-net"], METAINFO)],
)
def test_packaging_files_validate(tool: str, args: list[str], path: Path) -> None:
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed (.ci/run installs it)")
    r = subprocess.run([exe, *args, str(path)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "error" not in (r.stdout + r.stderr).lower()


def test_resources_are_found() -> None:
    assert "QToolBar" in resources.stylesheet()
    assert [p.name for p in resources.seed_paths()] == [
        "000_aaee1d00fbb4d545.txt",
        "003_4994da40521b9b33.txt",
    ]


def test_seeds_are_byte_for_byte_as_given() -> None:
    import hashlib

    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in resources.seed_paths()}
    assert digests == {
        "000_aaee1d00fbb4d545.txt": "3404ad478883b6bb6531f6dfee293f3e6d94fb446d1ffb52b7b0d5d894298d03",
        "003_4994da40521b9b33.txt": "06f80396bea38615e20f954ff8d6c4fb218cab7674059d810d4959fb2e25aa85",
    }
