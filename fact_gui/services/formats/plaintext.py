"""Plain-text and Markdown articles: decoding that does not guess wrong, then the story."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fact_gui.domain.errors import BadInput
from fact_gui.domain.pasted import read_plain
from fact_gui.domain.readable import why_unreadable
from fact_gui.domain.text import first_meaningful_line, normalise
from fact_gui.services.formats import MAX_TEXT_CHARS, Extracted, Link, register, too_much_text

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch, CharsetMatches

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
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"OggS", "an audio file"),
    (b"ID3", "an MP3 audio file"),
    (b"\x00\x00\x00\x18ftyp", "a video file"),
    (b"\x00\x00\x00\x20ftyp", "a video file"),
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")

# Among equally clean readings, the most common legacy encoding wins.
_PREFERRED = "cp1252"


@dataclass(frozen=True)
class Decoded:
    """Text from bytes: the encoding used and how many broken bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0

    @property
    def warnings(self) -> tuple[str, ...]:
        if not self.replaced:
            return ()
        n = self.replaced
        return (
            f"{n} byte{'s' if n != 1 else ''} that {'are' if n != 1 else 'is'} not valid "
            f"{self.encoding.upper()} {'were' if n != 1 else 'was'} replaced with �",
        )


def _best_guess(results: CharsetMatches) -> CharsetMatch | None:
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


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: every other byte NUL in Latin text."""
    if len(data) < 8 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and (even if zeros is odd else odd).count(0) == 0:
            return codec
    return None


def decode(data: bytes, source: str) -> Decoded:
    """Bytes -> text, or BadInput saying why they are not text.

    UTF-8 apart from a few broken bytes (a truncated last character, one bad byte) is
    read as UTF-8 with those bytes replaced, and says so: guessing another encoding
    for the whole file would garble every accent in it.
    """
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise BadInput(source, f"this is {what}, not a text file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError as exc:
                if codec != "utf-8-sig":
                    raise BadInput(
                        source, f"declares {codec} with a byte-order mark but {exc.reason}"
                    ) from None
                return _mostly_utf8(data, source) or _detect(data, source)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise BadInput(source, "contains NUL bytes: binary data, not text")
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            raise BadInput(source, "contains NUL bytes: binary data, not text") from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _mostly_utf8(data, source) or _detect(data, source)


def _mostly_utf8(data: bytes, source: str) -> Decoded | None:
    """UTF-8 with replacements when the valid multi-byte characters outnumber the broken bytes."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(_NON_ASCII.findall(text))
    if good == 0 or broken > good:
        return None
    return Decoded(text.removeprefix("\ufeff"), "utf-8", broken)


def _detect(data: bytes, source: str) -> Decoded:
    from charset_normalizer import from_bytes

    best = _best_guess(from_bytes(data))
    if best is None:
        raise BadInput(source, "is not readable text: no text encoding fits its bytes")
    return Decoded(str(best), best.encoding)


def readable(text: str, source: str, encoding: str) -> str:
    """``text`` if it is language-like and within the limit; else BadInput in words."""
    if len(text) > MAX_TEXT_CHARS:
        raise too_much_text(source)
    why = why_unreadable(text)
    if why is not None:
        how = f" (read as {encoding})" if encoding not in ("utf-8", "utf-8-sig", "") else ""
        raise BadInput(source, f"is not readable text{how}: {why}")
    return text


class PlainText:
    """``.txt`` files in UTF-8 (with or without BOM), UTF-16/32, or legacy 8-bit encodings."""

    name: str = "txt"
    extensions: tuple[str, ...] = (".txt", ".text")

    media_types: tuple[str, ...] = ("text/plain",)

    def extract(self, data: bytes, source: str) -> Extracted:
        decoded = decode(data, source)
        text = normalise(readable(decoded.text, source, decoded.encoding))
        return extract_text(text, source, decoded.encoding, warnings=decoded.warnings)


def extract_text(
    text: str,
    source: str,
    encoding: str,
    fallback_title: Callable[[str], str] = first_meaningful_line,
    warnings: tuple[str, ...] = (),
    links: tuple[Link, ...] = (),
    title: str = "",
) -> Extracted:
    """Readable text -> the story's span and the metadata the text carries around it."""
    if not text.strip():
        raise BadInput(source, "contains no text (only whitespace)")
    reading = read_plain(text)
    return Extracted(
        text=text,
        title=title or reading.title or fallback_title(text),
        encoding=encoding,
        outlet=reading.outlet,
        author=reading.author,
        published=reading.published,
        body=reading.body,
        warnings=warnings,
        links=links,
    )


class Markdown(PlainText):
    """``.md`` files read as Markdown: the readable text, its first heading as the title."""

    name = "md"
    extensions: tuple[str, ...] = (".md", ".markdown")
    media_types: tuple[str, ...] = ("text/markdown",)

    def extract(self, data: bytes, source: str) -> Extracted:
        from fact_gui.services.formats.markdown import render

        decoded = decode(data, source)
        rendered = render(normalise(readable(decoded.text, source, decoded.encoding)))
        text = readable(rendered.text, source, decoded.encoding)
        extracted = extract_text(
            text,
            source,
            decoded.encoding,
            warnings=decoded.warnings,
            links=rendered.links,
            title=rendered.title,
        )
        meta = rendered.front_matter
        if not meta:
            return extracted
        from dataclasses import replace

        return replace(
            extracted,
            title=meta.get("title") or extracted.title,
            author=meta.get("author") or extracted.author,
            outlet=meta.get("outlet") or extracted.outlet,
            url=meta.get("url") or extracted.url,
            published=rendered.published or extracted.published,
        )


register(PlainText())
register(Markdown())
