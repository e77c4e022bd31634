"""Office documents: PDF (with a text layer) and Word ``.docx``."""

from __future__ import annotations

import io
import logging
import re
from datetime import date, datetime
from typing import Any

from fact_gui.domain.errors import BadInput
from fact_gui.domain.text import first_meaningful_line, normalise
from fact_gui.services.formats import MAX_TEXT_CHARS, Extracted, register, too_much_text

# A .docx is a ZIP archive: its declared sizes are checked before anything is unpacked.
# The document's XML is several times its text; the parts together include pictures.
MAX_DOCX_XML = 64 * 2**20
MAX_DOCX_UNPACKED = 256 * 2**20
# A part that unpacks to more than this many times its packed size is a ZIP bomb.
MAX_PACKING_RATIO = 200

log = logging.getLogger(__name__)

_TERMINAL = re.compile(r"[.!?:…][\"'”’)]*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.IGNORECASE)
# Typographic ligatures PDF fonts use; NFC keeps them, readers expect letters.
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)


def reflow(page_text: str) -> list[str]:
    """PDF lines -> paragraphs: join wrapped lines, break at blank lines and short sentence ends."""
    # Words placed one by one come out tab-separated; page numbers are furniture.
    raw = [
        " ".join(ln.translate(_LIGATURES).split())
        for ln in page_text.split("\n")
        if not _PAGE_NUMBER.match(ln)
    ]
    width = max((len(ln) for ln in raw), default=0)
    paragraphs: list[str] = []
    current = ""
    for ln in raw:
        stripped = ln.strip()
        if not stripped:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if current.endswith("-") and stripped[:1].islower():
            current = current[:-1] + stripped  # de-hyphenate a wrapped word
        else:
            current = f"{current} {stripped}" if current else stripped
        # A line that stops well short of the column and ends a sentence ends its paragraph.
        if _TERMINAL.search(stripped) and len(ln) < 0.8 * width:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _pdf_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return None


class Pdf:
    """``.pdf`` with a text layer; a scan without one is refused with a clear reason."""

    name: str = "pdf"
    extensions: tuple[str, ...] = (".pdf",)
    media_types: tuple[str, ...] = ("application/pdf",)

    def extract(self, data: bytes, source: str) -> Extracted:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        if not data.lstrip()[:5] == b"%PDF-":
            raise BadInput(source, "is not a PDF document (no %PDF header)")
        from pypdf.errors import LimitReachedError

        pages: list[str] = []
        chars = 0
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise BadInput(source, "is a password-protected PDF")
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                chars += len(pages[-1])
                if chars > MAX_TEXT_CHARS:
                    raise too_much_text(source)
            info = reader.metadata
        except BadInput:
            raise
        except LimitReachedError:
            raise BadInput(
                source, "a compressed part of it unpacks to more than 75 MB: a decompression bomb"
            ) from None
        except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError,
                IndexError, AssertionError, ZeroDivisionError) as exc:  # fmt: skip
            # pypdf reports damage through many exception types; the user needs one reason.
            log.info("%s: pypdf: %r", source, exc)
            raise BadInput(source, "is a damaged PDF: its structure could not be read") from None
        paragraphs = [p for page in pages for p in reflow(page)]
        text = normalise("\n".join(paragraphs))
        if not text.strip():
            raise BadInput(
                source,
                f"has no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''} of images, "
                "e.g. a scan): run OCR on it first",
            )
        title = " ".join(((info.title if info else None) or "").split())
        return Extracted(
            text=text,
            title=title or first_meaningful_line(text),
            encoding="pdf",
            author=" ".join(((info.author if info else None) or "").split()),
            published=_pdf_date(info.creation_date if info else None),
        )


def _check_docx_sizes(data: bytes, source: str) -> None:
    """Refuse a .docx by what its ZIP directory declares, before unpacking a byte.

    The declared sizes are binding: Python's zipfile reads no more than a member
    declares (and fails its checksum when the data says otherwise).
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise BadInput(
            source, "is not a valid Word document (a damaged file, or not a .docx)"
        ) from None
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        what = "a ZIP archive" if "[Content_Types].xml" not in names else "an Office file"
        raise BadInput(source, f"is {what} without a Word document in it, not a .docx")
    total = 0
    for m in members:
        total += m.file_size
        bomb = m.file_size > 2**20 and m.file_size > MAX_PACKING_RATIO * max(m.compress_size, 1)
        too_big = m.filename.endswith(".xml") and m.file_size > MAX_DOCX_XML
        if bomb or too_big or total > MAX_DOCX_UNPACKED:
            raise BadInput(
                source,
                f"unpacks to {max(total, m.file_size) / 2**20:,.0f} MB or more "
                f"from {len(data) / 2**20:,.1f} MB: a ZIP bomb, or far larger than an article",
            )


class Docx:
    """``.docx``: paragraphs and table cells in document order; core properties as metadata."""

    name: str = "docx"
    extensions: tuple[str, ...] = (".docx",)
    media_types: tuple[str, ...] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    def extract(self, data: bytes, source: str) -> Extracted:
        import zipfile

        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        _check_docx_sizes(data, source)
        try:
            document = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            log.info("%s: python-docx: %r", source, exc)
            raise BadInput(
                source, "is not a valid Word document (a damaged file, or not a .docx)"
            ) from None
        except Exception as exc:  # python-docx raises assorted errors on broken parts
            log.info("%s: python-docx: %r", source, exc)
            raise BadInput(
                source, "is a damaged Word document: its parts could not be read"
            ) from None
        paragraphs: list[str] = []
        chars = 0
        for block in document.iter_inner_content():
            before = len(paragraphs)
            if isinstance(block, Paragraph):
                paragraphs.append(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    cells = [c.text.strip() for c in row.cells]
                    paragraphs.append("\t".join(dict.fromkeys(c for c in cells if c)))
            chars += sum(len(p) for p in paragraphs[before:])
            if chars > MAX_TEXT_CHARS:
                raise too_much_text(source)
        text = normalise("\n".join(p.strip() for p in paragraphs if p.strip()))
        if not text.strip():
            raise BadInput(source, "the Word document contains no text")
        props = document.core_properties
        created = props.created
        return Extracted(
            text=text,
            title=" ".join((props.title or "").split()) or first_meaningful_line(text),
            encoding="docx",
            author=" ".join((props.author or "").split()),
            published=created.date() if isinstance(created, datetime) else None,
        )


register(Pdf())
register(Docx())
