"""How versions are named on screen: "Version 2 of 3", "imported 21 Nov 14:02"."""

from __future__ import annotations

from datetime import datetime


def when(at: datetime | str | None) -> str:
    """An import time in local time: ``21 Nov 14:02``; the year too when it is not this one."""
    if not at:
        return ""
    if isinstance(at, str):
        try:
            local = datetime.fromisoformat(at).astimezone()
        except ValueError:
            return at
    else:
        local = at.astimezone()
    if local.year == datetime.now().year:
        return f"{local.day} {local:%b %H:%M}"
    return f"{local.day} {local:%b %Y %H:%M}"


def version_line(version: int, versions: int) -> str:
    """Which version of how many is shown, said plainly when it is not the newest."""
    if version < versions:
        return f"You are looking at version {version} of {versions} (not the newest)"
    return f"Version {version} of {versions}"


def plural(n: int, word: str, words: str = "") -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"
