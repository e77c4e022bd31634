"""Web pages: the main text and metadata, extracted with trafilatura."""

from __future__ import annotations

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


class Html:
    """``.html``/``.htm``: trafilatura drops navigation, ads, scripts, lists and footers."""

    name: str = "html"
    extensions: tuple[str, ...] = (".html", ".htm", ".xhtml")
    media_types: tuple[str, ...] = ("text/html", "application/xhtml+xml")

    def extract(self, data: bytes, source: str) -> Extracted:
        import trafilatura

        head = data[:2048].lstrip().lower()
        if b"<" not in head:
            raise BadInput(source, "is not an HTML page (no markup found)")
        # Bytes, not str: trafilatura reads the declared charset and detects
        # undeclared ones itself.
        doc = trafilatura.bare_extraction(
            data,
            url=source if source.startswith(("http://", "https://")) else None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=True,
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
            encoding="html",
            outlet=clean("sitename"),
            author=clean("author"),
            url=clean("url"),
            published=_date(meta.get("date")),
        )


register(Html())
