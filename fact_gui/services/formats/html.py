"""Web pages: the main text and metadata, extracted with trafilatura."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fact_gui.domain.errors import BadInput
from fact_gui.domain.text import first_meaningful_line, normalise
from fact_gui.services.formats import MAX_TEXT_CHARS, Extracted, register, too_much_text


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
# Never article text: what a browser shows without scripts, templates for scripts to fill,
# other documents framed in the page, plug-ins and drawings.
_NOT_TEXT = ("noscript", "template", "iframe", "frame", "object", "embed", "svg", "math")


def decode_html(data: bytes, source: str) -> tuple[str, str]:
    """Page bytes -> text: byte-order mark, then the declared charset, then detection.

    A declared label counts only if it names a text encoding browsers know (the WHATWG
    Encoding Standard, via webencodings): "latin1" is windows-1252 as in every browser,
    and "rot13", "hex" or "zlib" are not encodings at all, so detection decides.
    """
    import webencodings

    from fact_gui.services.formats.plaintext import decode

    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        decoded = decode(data, source)
        return decoded.text, decoded.encoding
    m = _DECLARED.search(data[:4096])
    if m:
        label = (m.group(1) or m.group(2)).decode("ascii", "replace")
        encoding = webencodings.lookup(label)
        if encoding is not None and encoding.name not in ("replacement", "utf-16le", "utf-16be"):
            if encoding.name == "utf-8":
                decoded = decode(data, source)  # UTF-8 with a few broken bytes, or not UTF-8
                return decoded.text, decoded.encoding
            try:
                text, _ = webencodings.decode(data, encoding, errors="replace")
                return text, encoding.name
            except (LookupError, ValueError, UnicodeError):
                pass  # a codec this Python lacks: detect instead
    decoded = decode(data, source)
    return decoded.text, decoded.encoding


def _page_tree(markup: str, source: str) -> Any:
    """The parsed page without the elements whose text is never the article's."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False,
        encoding="utf-8",
    )  # fmt: skip
    try:
        tree = lxml.html.fromstring(markup.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        raise BadInput(source, "is not an HTML page (nothing in it could be parsed)") from None
    for element in list(tree.iter(*_NOT_TEXT)):
        if element.getparent() is not None:
            element.drop_tree()
    return tree


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
            _page_tree(markup, source),
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
        if len(text) > MAX_TEXT_CHARS:
            raise too_much_text(source)
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
