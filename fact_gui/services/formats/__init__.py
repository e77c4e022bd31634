"""Pluggable article formats: each turns a file's bytes into normalised text and metadata."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Protocol

from fact_gui.domain.errors import BadInput

# The most text one source may yield (about 2,500 pages of a book; the longest news
# articles and reports are a few hundred thousand). Each format enforces it while it
# extracts, so a decompression bomb stops at the limit instead of filling memory.
MAX_TEXT_CHARS = 5_000_000

# A link in the text: (start, end, url), code points into ``Extracted.text``.
Link = tuple[int, int, str]


def too_much_text(source: str) -> BadInput:
    return BadInput(
        source, f"holds more than {MAX_TEXT_CHARS:,} characters of text, the limit for one article"
    )


@dataclass(frozen=True)
class Extracted:
    """What a format found in a source: normalised text plus whatever metadata it had.

    ``body`` is the suggested span of ``text`` to keep (code points); text copied
    from a web page arrives with navigation and lists around the story. ``warnings``
    are things the user should know (bytes replaced while decoding); ``links`` are the
    link targets the text carried (Markdown), kept for later use as evidence.
    """

    text: str
    title: str
    encoding: str
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: date | None = None
    body: tuple[int, int] | None = None
    warnings: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def kept(self) -> str:
        """The text that will be stored with the suggested trim applied."""
        return self.text if self.body is None else self.text[self.body[0] : self.body[1]]

    @property
    def trims(self) -> bool:
        return self.body is not None and self.body != (0, len(self.text))

    def left_out(self, body: tuple[int, int] | None = None) -> tuple[int, int]:
        """(lines, characters) outside the kept span; blank lines and spaces not counted."""
        start, end = body or self.body or (0, len(self.text))
        outside = self.text[:start] + "\n" + self.text[end:]
        lines = [ln for ln in outside.split("\n") if ln.strip()]
        return len(lines), sum(len(ln.strip()) for ln in lines)

    def with_body(self, body: tuple[int, int] | None) -> Extracted:
        from dataclasses import replace

        return replace(self, body=body)


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


def for_content_type(content_type: str, url: str) -> Format:
    """The format for a fetched resource: its media type first, then its URL's extension."""
    media = content_type.split(";")[0].strip().lower()
    for fmt in dict.fromkeys(_REGISTRY.values()):
        if media in getattr(fmt, "media_types", ()):
            return fmt
    path = url.split("?")[0].split("#")[0]
    try:
        return for_source(path)
    except BadInput:
        return _REGISTRY[".html"]  # the web's default


# Built-in formats register themselves on import.
from fact_gui.services.formats import documents as _documents  # noqa: E402
from fact_gui.services.formats import html as _html  # noqa: E402
from fact_gui.services.formats import plaintext as _plaintext  # noqa: E402

del _plaintext, _html, _documents
