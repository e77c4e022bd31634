"""``fact-gui versions`` and ``fact-gui diff``: an article's versions and what changed."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING, Any

from fact_gui.cli.base import EXIT_OK, add_common, with_desk

if TYPE_CHECKING:
    from fact_gui.domain.diff import Hunk, Op
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


def _figures(op: Op, old: str, new: str) -> str:
    was = " ".join(old[s:e] for s, e in op.old_figures)
    now = " ".join(new[s:e] for s, e in op.new_figures)
    if was and now:
        return f"{was} → {now}"
    return f"{was} (removed)" if was else f"{now} (added)"


def _render(h: Hunk, old: str, new: str) -> str:
    """``¶3  …said [-about 12,000-]{+about 11,000+} troops…  [figure: 12,000 → 11,000]``."""
    out: list[str] = []
    previous: Op | None = None
    for op in h.ops:
        if previous is not None:
            # Around removed words the old text's spacing is theirs ("troops[-,-] said").
            if "delete" in (op.kind, previous.kind):
                gap = old[previous.old_end : op.old_start]
            else:
                gap = new[previous.new_end : op.new_start]
            out.append((" ¶ " if "\n" in gap else " ") if gap else "")
        if op.kind == "equal":
            out.append(_flat(new[op.new_start : op.new_end]))
        else:
            if op.old_end > op.old_start:
                out.append(f"[-{_flat(old[op.old_start : op.old_end])}-]")
            if op.new_end > op.new_start:
                out.append(f"{{+{_flat(new[op.new_start : op.new_end])}+}}")
        previous = op
    first, last = h.ops[0], h.ops[-1]
    lead = "…" if first.kind == "equal" and first.new_start > 0 else ""
    tail = "…" if last.kind == "equal" and new[last.new_end :].strip() else ""
    figures = "; ".join(_figures(op, old, new) for op in h.ops if op.figure_changed)
    mark = f"  [figure: {figures}]" if figures else ""
    return f"¶{h.paragraph}  {lead}{''.join(out)}{tail}{mark}"


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
