"""Web pages: the main text and metadata, extracted with trafilatura."""

from __future__ import annotations

import codecs
import re
from datetime import date
from typing import Any

from fact_gui.domain.errors import BadInput
from fact_gui.domain.text import first_meaningful_line, normalise
from fact_gui.services.formats import Extracted, register


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


MIN_ARTICLE_WORDS = 15
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)


def decode_html(data: bytes, source: str) -> tuple[str, str]:
    """Page bytes -> text: byte-order mark, then the declared charset, then detection."""
    from fact_gui.services.formats.plaintext import decode

    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data, source)
    m = _DECLARED.search(data[:4096])
    if m:
        name = (m.group(1) or m.group(2)).decode("ascii", "replace")
        try:
            codecs.lookup(name)
        except LookupError:
            pass  # an unknown label: detect instead
        else:
            # Browsers read a page declared Latin-1 as windows-1252; so do we.
            if name.lower().replace("_", "-") in ("iso-8859-1", "latin-1", "latin1", "us-ascii"):
                name = "windows-1252"
            return data.decode(name, errors="replace"), name.lower()
    return decode(data, source)


class Html:
    """``.html``/``.htm``: trafilatura drops navigation, ads, scripts, lists and footers."""

    name: str = "html"
    extensions: tuple[str, ...] = (".html", ".htm", ".xhtml")
    media_types: tuple[str, ...] = ("text/html", "application/xhtml+xml")

    def extract(self, data: bytes, source: str) -> Extracted:
        import trafilatura

        head = data[:2048].lstrip().lower()
        if b"<" not in head or b"\x00" in data[:2048]:
            raise BadInput(source, "is not an HTML page (no markup found)")
        markup, encoding = decode_html(data, source)
        doc = trafilatura.bare_extraction(
            markup,
            url=source if source.startswith(("http://", "https://")) else None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            # Not trafilatura's deduplication: it remembers paragraphs across
            # documents, so a quote two articles share would vanish from the second.
            deduplicate=False,
            # Only dates the page states: the extensive search guesses from
            # copyright lines ("© 2024" became 2024-01-01).
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        # trafilatura returns a Document (or, in some versions, a dict): read either.
        meta: dict[str, Any] = {}
        if isinstance(doc, dict):
            meta = doc
        elif doc is not None:
            meta = doc.as_dict()
        text = normalise(meta.get("text") or "")
        # A menu or a cookie notice is not an article: ask for a few sentences' worth.
        if len(text.split()) < MIN_ARTICLE_WORDS:
            raise BadInput(source, "no article text found in this page (only navigation or markup)")

        def clean(key: str) -> str:
            return " ".join(str(meta.get(key) or "").split())

        return Extracted(
            text=text.strip("\n"),
            title=clean("title") or first_meaningful_line(text),
            encoding=encoding,
            outlet=clean("sitename"),
            author=clean("author"),
            url=clean("url"),
            published=_date(meta.get("date")),
        )


register(Html())
