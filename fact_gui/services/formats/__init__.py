"""Pluggable article formats: each turns a file's bytes into normalised text and metadata."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Protocol

from fact_gui.domain.errors import BadInput


@dataclass(frozen=True)
class Extracted:
    """What a format found in a source: normalised text plus whatever metadata it had."""

    text: str
    title: str
    encoding: str
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: date | None = None


class Format(Protocol):
    """A reader for one family of files (plain text, Markdown, later HTML, PDF, ...)."""

    name: str
    extensions: tuple[str, ...]

    def extract(self, data: bytes, source: str) -> Extracted: ...


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    for ext in fmt.extensions:
        _REGISTRY[ext] = fmt
    return fmt


def supported_extensions() -> tuple[str, ...]:
    return tuple(sorted(_REGISTRY))


def for_source(source: str) -> Format:
    """The format for a file name, or BadInput naming what is supported."""
    ext = PurePath(source).suffix.lower()
    fmt = _REGISTRY.get(ext)
    if fmt is None:
        kind = f"{ext} files are" if ext else "files without an extension are"
        raise BadInput(
            source, f"{kind} not supported (supported: {', '.join(supported_extensions())})"
        )
    return fmt


# Built-in formats register themselves on import.
from fact_gui.services.formats import plaintext as _plaintext  # noqa: E402

del _plaintext
