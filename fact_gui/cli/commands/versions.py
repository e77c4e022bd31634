"""``fact-gui versions`` and ``fact-gui diff``: an article's versions and what changed."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING, Any

from fact_gui.cli.base import EXIT_OK, add_common, with_desk

if TYPE_CHECKING:
    from fact_gui.domain.diff import Hunk
    from fact_gui.services.context import Desk
    from fact_gui.services.versions import Comparison, VersionRow

_BREAKS = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"\s+")


def _article_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_: str
) -> argparse.ArgumentParser:
    cmd = sub.add_parser(name, help=help_)
    add_common(cmd)
    cmd.add_argument("article", type=int, metavar="ID", help="the id of any of its versions")
    return cmd


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ver = _article_command(
        sub, "versions", "list the versions of an article: version, article id, imported at, "
        "claims, state, title (tab-separated, oldest first)",
    )  # fmt: skip
    ver.set_defaults(run=with_desk(_versions))
    d = _article_command(
        sub, "diff", "what changed between two versions of an article (default: the two "
        "newest): [-removed-]{+added+}, changed figures marked",
    )  # fmt: skip
    d.add_argument("old", type=int, nargs="?", metavar="V1", help="version number to compare")
    d.add_argument("new", type=int, nargs="?", metavar="V2", help="with this version number")
    d.add_argument("--json", action="store_true", help="print the changes as JSON")
    d.add_argument(
        "--context", type=int, default=8, metavar="N", help="words of context around a change"
    )
    d.set_defaults(run=with_desk(_diff))


def _when(iso: str) -> str:
    """ISO time to the second (the stored value has microseconds)."""
    return iso[:19] + "Z" if len(iso) > 19 else iso


def _versions(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import versions

    for v in versions.versions(desk, args.article):
        print(f"{v.version}\t{v.id}\t{_when(v.imported_at)}\t{v.claims}\t{v.state}\t{v.title}")
    return EXIT_OK


def _diff(desk: Desk, args: argparse.Namespace) -> int:
    from fact_gui.services import versions

    c = versions.compare(desk, args.article, args.old, args.new)
    if args.json:
        print(json.dumps(_as_json(c), ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"article {c.old.lineage_id}: {_label(c.old)} → {_label(c.new)}")
    for h in c.hunks(max(0, args.context)):
        print(_render(h, c.old_text, c.new_text))
    print(c.diff.summary())
    return EXIT_OK


def _label(v: VersionRow) -> str:
    return f"version {v.version} (article {v.id}, imported {_when(v.imported_at)})"


def _flat(text: str) -> str:
    """One line: paragraph breaks as ¶, other runs of spacing as one space."""
    return _SPACES.sub(" ", _BREAKS.sub(" ¶ ", text))


def _render(h: Hunk, old: str, new: str) -> str:
    """``¶3  …said [-about 12,000-]{+about 11,000+} troops…  [figure: 12,000 → 11,000]``."""
    from fact_gui.domain.diff import figures_changed, pieces

    out: list[str] = []
    for p in pieces(h, old, new):
        if p.kind == "space":
            out.append(" ¶ " if "\n" in p.text else " ")
        elif p.kind == "removed":
            out.append(f"[-{_flat(p.text)}-]")
        elif p.kind == "added":
            out.append(f"{{+{_flat(p.text)}+}}")
        else:
            out.append(_flat(p.text))
    figures = "; ".join(figures_changed(op, old, new) for op in h.ops if op.figure_changed)
    mark = f"  [figure: {figures}]" if figures else ""
    return f"¶{h.paragraph}  {''.join(out)}{mark}"


def _as_json(c: Comparison) -> dict[str, Any]:
    def version(v: VersionRow) -> dict[str, Any]:
        return {"version": v.version, "article_id": v.id, "imported_at": v.imported_at,
                "title": v.title, "state": v.state, "claims": v.claims}  # fmt: skip

    def side(text: str, start: int, end: int, figures: tuple[tuple[int, int], ...]) -> Any:
        marked = [{"start": s, "end": e, "text": text[s:e]} for s, e in figures]
        return {"start": start, "end": end, "text": text[start:end], "figures": marked}

    d = c.diff
    return {
        "article": c.old.lineage_id,
        "old": version(c.old),
        "new": version(c.new),
        "summary": {
            "removed": d.removed,
            "added": d.added,
            "figures": d.figures,
            "text": d.summary(),
        },
        "changes": [
            {
                "op": op.kind,
                "figure_changed": op.figure_changed,
                "old": side(c.old_text, op.old_start, op.old_end, op.old_figures),
                "new": side(c.new_text, op.new_start, op.new_end, op.new_figures),
            }
            for op in d.changes
        ],
    }
