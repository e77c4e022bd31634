"""Plain-text and Markdown articles: encoding detection and normalisation."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fact_gui.domain.errors import BadInput
from fact_gui.domain.pasted import plain_metadata, suggest_body
from fact_gui.domain.text import first_meaningful_line, normalise
from fact_gui.services.formats import Extracted, register

# Files that are not text whatever their name says: (signature, what it is).
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt, .epub or .zip)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"SQLite format 3\x00", "a SQLite database"),
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Control characters other than tab and line breaks: their share tells binary
# data that happened to decode from text.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_MAX_CONTROL_SHARE = 0.01


# Among equally clean readings, the most common legacy encoding wins.
_PREFERRED = "cp1252"


def _best_guess(results: Any) -> Any:
    """charset-normalizer's candidates -> its best, unless windows-1252 reads as cleanly.

    Its own ``best()`` can pick cp1250 for French text that is cp1252
    ("ministère" read as "ministčre"); Western text in Windows' default
    encoding is by far the commoner case.
    """
    candidates = list(results)
    if not candidates:
        return None
    least = min(c.chaos for c in candidates)
    clean = [c for c in candidates if c.chaos <= least + 0.001]
    return next((c for c in clean if c.encoding == _PREFERRED), clean[0])


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Bytes -> (text, encoding name), or BadInput saying why they are not text."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise BadInput(source, f"this is {what}, not a text file")
    text: str | None = None
    encoding = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise BadInput(
                    source, f"declares {codec} with a byte-order mark but {exc.reason}"
                ) from None
            break
    if text is None:
        if b"\x00" in data:
            raise BadInput(source, "contains NUL bytes: binary data, not text")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = _best_guess(from_bytes(data))
            if best is None:
                raise BadInput(
                    source, "looks like binary data: no text encoding fits its bytes"
                ) from None
            text, encoding = str(best), best.encoding
    if "\x00" in text:
        raise BadInput(source, "contains NUL characters: binary data, not text")
    if text and len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise BadInput(source, f"looks like binary data, not text (decoded as {encoding})")
    return text, encoding


def _markdown_title(text: str) -> str:
    for line in text.split("\n"):
        stripped = line.strip().lstrip("#").strip().strip("*_").strip()
        if sum(ch.isalpha() for ch in stripped) >= 2:
            return first_meaningful_line(stripped)
    return ""


class PlainText:
    """``.txt`` files in UTF-8 (with or without BOM), UTF-16/32 with BOM, or legacy 8-bit."""

    name: str = "txt"
    extensions: tuple[str, ...] = (".txt", ".text")

    media_types: tuple[str, ...] = ("text/plain",)

    def extract(self, data: bytes, source: str) -> Extracted:
        raw, encoding = decode(data, source)
        return extract_text(normalise(raw), source, encoding, self.title)

    def title(self, text: str) -> str:
        return first_meaningful_line(text)


def extract_text(
    text: str,
    source: str,
    encoding: str,
    fallback_title: Callable[[str], str] = first_meaningful_line,
) -> Extracted:
    """Plain text -> the story's span and the metadata the text carries around it."""
    if not text.strip():
        raise BadInput(source, "contains no text (only whitespace)")
    body = suggest_body(text)
    meta = plain_metadata(text, body)
    return Extracted(
        text=text,
        title=meta.title or fallback_title(text),
        encoding=encoding,
        author=meta.author,
        published=meta.published,
        body=body,
    )


class Markdown(PlainText):
    """``.md`` files: kept as written (readable as text); the title drops heading marks."""

    name = "md"
    extensions: tuple[str, ...] = (".md", ".markdown")
    media_types: tuple[str, ...] = ("text/markdown",)

    def title(self, text: str) -> str:
        return _markdown_title(text)


register(PlainText())
register(Markdown())
