"""Office documents: PDF (with a text layer) and Word ``.docx``."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import Any

from fact_gui.domain.errors import BadInput
from fact_gui.domain.text import first_meaningful_line, normalise
from fact_gui.services.formats import Extracted, register

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
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise BadInput(source, "is a password-protected PDF")
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata
        except BadInput:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
            raise BadInput(source, f"is a damaged PDF ({exc})") from None
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

        try:
            document = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise BadInput(
                source, f"is not a valid Word document (corrupt or not .docx: {exc})"
            ) from None
        except Exception as exc:  # python-docx raises assorted errors on broken parts
            raise BadInput(
                source, f"is a damaged Word document ({exc.__class__.__name__})"
            ) from None
        paragraphs: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                paragraphs.append(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    cells = [c.text.strip() for c in row.cells]
                    paragraphs.append("\t".join(dict.fromkeys(c for c in cells if c)))
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
