"""Markdown to readable text with markdown-it-py: marks dropped, link targets kept aside."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from fact_gui.domain.dates import parse_date
from fact_gui.services.formats import Link

if TYPE_CHECKING:
    from markdown_it.token import Token

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "outlet": "outlet",
    "publisher": "outlet",
    "source": "outlet",
    "site": "outlet",
    "site_name": "outlet",
    "url": "url",
    "canonical": "url",
    "canonical_url": "url",
    "link": "url",
    "date": "date",
    "published": "date",
    "pubdate": "date",
}
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Rendered:
    """The readable text of a Markdown document and what it said besides."""

    text: str
    title: str = ""
    links: tuple[Link, ...] = ()
    front_matter: dict[str, str] = field(default_factory=dict)

    @property
    def published(self) -> date | None:
        value = self.front_matter.get("date", "")
        return parse_date(value[:40]) if value else None


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """A blog's leading ``---`` block of ``key: value`` lines, and the text after it."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    found: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        name = _FRONT_KEYS.get(key.strip().lower())
        if sep and name and name not in found:
            found[name] = value.strip().strip("\"'").strip()
    if not found and ":" not in m.group(1):
        return {}, text  # a thematic break, not front matter
    return found, text[m.end() :]


class _Writer:
    """Accumulates readable text, one block per paragraph, with link spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.trailing = 0  # newlines at the end of what is written
        self.links: list[Link] = []
        self._open: list[tuple[int, str]] = []

    def write(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.size += len(s)
            bare = s.rstrip("\n")
            self.trailing = (self.trailing if not bare else 0) + len(s) - len(bare)

    def end_block(self, gap: int = 2) -> None:
        """Close a block: ``gap`` line ends after it (1: next line, 2: a blank line)."""
        if self.parts and self.trailing < gap:
            self.write("\n" * (gap - self.trailing))

    def inline(self, tokens: list[Token]) -> None:
        for tok in tokens:
            if tok.type in ("text", "code_inline"):
                self.write(tok.content)
            elif tok.type == "softbreak":
                self.write(" ")
            elif tok.type == "hardbreak":
                self.write("\n")
            elif tok.type == "link_open":
                self._open.append((self.size, str(tok.attrGet("href") or "")))
            elif tok.type == "link_close" and self._open:
                start, href = self._open.pop()
                if href and self.size > start:
                    self.links.append((start, self.size, href))
            elif tok.type == "html_inline":
                continue  # tags only; the text between them comes as text tokens
            elif tok.type == "image":
                continue  # a picture is not text; its alt text is not the story's


def render(source: str) -> Rendered:
    """Readable text: headings and paragraphs as blocks, list items one per line."""
    from markdown_it import MarkdownIt

    front, body = _front_matter(source)
    md = MarkdownIt("commonmark", {"maxNesting": 20}).enable(["table", "strikethrough"])
    tokens = md.parse(body)
    out = _Writer()
    title = ""
    in_heading = False
    lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
    item_start = False
    cell = 0
    for tok in tokens:
        kind = tok.type
        if kind == "heading_open":
            out.end_block()
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
            out.end_block()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                out.end_block()
            start = int(tok.attrGet("start") or 1) if kind == "ordered_list_open" else None
            lists.append([start] if start is not None else [])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                out.end_block()
        elif kind == "list_item_open":
            out.end_block(1)
            depth = "  " * (len(lists) - 1)
            numbering = lists[-1] if lists else []
            if numbering:
                out.write(f"{depth}{numbering[0]}. ")
                numbering[0] += 1
            else:
                out.write(f"{depth}• ")
            item_start = True
        elif kind == "paragraph_open":
            if lists and not item_start:
                out.end_block(1)
            elif not lists:
                out.end_block()
            item_start = False
        elif kind == "paragraph_close" and not lists:
            out.end_block()
        elif kind == "inline":
            if in_heading and not title:
                before = len(out.parts)
                out.inline(tok.children or [])
                title = " ".join("".join(out.parts[before:]).split())
            else:
                out.inline(tok.children or [])
        elif kind in ("fence", "code_block"):
            out.end_block()
            out.write(tok.content.rstrip("\n"))
            out.end_block()
        elif kind == "html_block":
            text = " ".join(_TAG.sub(" ", tok.content).split())
            if text:
                out.end_block()
                out.write(text)
                out.end_block()
        elif kind == "blockquote_open" and not lists:
            out.end_block()
        elif kind == "tr_open":
            out.end_block(1)
            cell = 0
        elif kind in ("th_open", "td_open"):
            if cell:
                out.write("\t")
            cell += 1
        elif kind == "table_close":
            out.end_block()
        # emphasis, strong, strikethrough, hr and closing tags add nothing to the text
    text = "".join(out.parts).strip("\n")
    links = tuple((a, b, href) for a, b, href in out.links if b <= len(text))
    return Rendered(text, title, links, front)
